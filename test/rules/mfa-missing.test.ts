import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  assumeRoleRecord,
  awsAccount,
  getSessionTokenRecord,
  iamUser,
  roleSession,
} from './support/cloudtrail-records.ts';
import { judgeRule } from './support/judge.ts';
import {
  assumeOn,
  itGivesOutcomes,
  NO_MATCH,
  notApplicable,
  roleGateCases,
} from './support/outcome-cases.ts';

const PROD_ADMIN = `arn:aws:iam::${ACCOUNTS.prod}:role/ProdAdmin`;
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
roles:
  - arn: "${PROD_ADMIN}"
    trustedPrincipals: ["arn:aws:iam::${ACCOUNTS.identity}:user/breakglass", "arn:aws:iam::${ACCOUNTS.identity}:role/OktaAdmin"]
    requireMfa: true
    severity: critical
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly"
    trustedPrincipals: ["${ACCOUNTS.identity}"]
`;

describe('mfa-missing', () => {
  it('flags a role that requires MFA assumed with long-term keys and no MFA', () => {
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.identity, 'breakglass'),
      roleArn: PROD_ADMIN,
    });

    const [finding] = judgeRule('mfa-missing', TRUST, record);

    expect(finding?.severity).toBe('critical');
    expect(finding?.title).toBe(
      `breakglass (IAM user, ${ACCOUNTS.identity}) assumed role ProdAdmin (${ACCOUNTS.prod}) without MFA, which the role requires.`,
    );
    expect(finding?.evidence.actual).toBe(
      "no serialNumber on the request; the caller's credentials carry no MFA context",
    );
  });

  it('flags a caller session that says mfaAuthenticated "false"', () => {
    const record = assumeRoleRecord({
      identity: roleSession(ACCOUNTS.identity, 'OktaAdmin', 'jane@acme.example', {
        mfaAuthenticated: 'false',
      }),
      roleArn: PROD_ADMIN,
    });

    const [finding] = judgeRule('mfa-missing', TRUST, record);

    expect(finding?.evidence.actual).toContain("the caller's session was not MFA-authenticated");
  });

  it('accepts a serialNumber on the request (near miss)', () => {
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.identity, 'breakglass'),
      roleArn: PROD_ADMIN,
      request: { serialNumber: `arn:aws:iam::${ACCOUNTS.identity}:mfa/breakglass`, tokenCode: '123456' },
    });

    expect(judgeRule('mfa-missing', TRUST, record)).toEqual([]);
  });

  it('accepts a caller session that was MFA-authenticated (near miss)', () => {
    const record = assumeRoleRecord({
      identity: roleSession(ACCOUNTS.identity, 'OktaAdmin', 'jane@acme.example', {
        mfaAuthenticated: 'true',
      }),
      roleArn: PROD_ADMIN,
    });

    expect(judgeRule('mfa-missing', TRUST, record)).toEqual([]);
  });

  it("flags the role owner's copy without serialNumber, saying the caller session is not visible", () => {
    const record = assumeRoleRecord({
      identity: awsAccount(ACCOUNTS.identity, 'AIDAJ45Q7YFFAREXAMPLE'),
      roleArn: PROD_ADMIN,
      sharedEventID: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    });

    const [finding] = judgeRule('mfa-missing', TRUST, record);

    expect(finding?.evidence.actual).toContain('not visible');
    expect(finding?.evidence.note).toContain('principal could not be resolved');
  });

  it('ignores roles without requireMfa and calls without a role (unrelated records)', () => {
    const readOnly = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.identity, 'alice'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`,
    });
    const sessionToken = getSessionTokenRecord({ identity: iamUser(ACCOUNTS.identity, 'alice') });

    expect(judgeRule('mfa-missing', TRUST, readOnly)).toEqual([]);
    expect(judgeRule('mfa-missing', TRUST, sessionToken)).toEqual([]);
  });
});

describe('mfa-missing: not applicable versus no match', () => {
  const READ_ONLY = `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`;
  itGivesOutcomes('mfa-missing', TRUST, [
    ...roleGateCases(PROD_ADMIN),
    [
      'a role whose entry does not require MFA',
      assumeOn(READ_ONLY),
      notApplicable('the role entry does not set requireMfa'),
    ],
    [
      'a call that carries MFA (judged, fine)',
      assumeOn(PROD_ADMIN, iamUser(ACCOUNTS.identity, 'breakglass'), {
        request: { serialNumber: `arn:aws:iam::${ACCOUNTS.identity}:mfa/breakglass` },
      }),
      NO_MATCH,
    ],
    [
      'a call without MFA',
      assumeOn(PROD_ADMIN, iamUser(ACCOUNTS.identity, 'breakglass')),
      expect.objectContaining({ status: 'match' }),
    ],
  ]);
});
