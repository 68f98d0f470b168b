import { describe, expect, it } from 'vitest';
import { ACCOUNTS, assumeRoleRecord, iamUser, roleSession } from './support/cloudtrail-records.ts';
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
    trustedPrincipals: ["arn:aws:iam::${ACCOUNTS.identity}:role/OktaAdmin"]
    requireSourceIdentity: true
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly"
    trustedPrincipals: ["${ACCOUNTS.identity}"]
`;

describe('source-identity-missing', () => {
  it('flags a role that requires a source identity assumed without one', () => {
    const record = assumeRoleRecord({
      identity: roleSession(ACCOUNTS.identity, 'OktaAdmin', 'jane@acme.example'),
      roleArn: PROD_ADMIN,
    });

    const [finding] = judgeRule('source-identity-missing', TRUST, record);

    expect(finding?.severity).toBe('medium');
    expect(finding?.evidence.actual).toBe('no source identity');
    expect(finding?.session.sourceIdentity).toBeUndefined();
  });

  it('accepts a source identity set on the request (near miss)', () => {
    const record = assumeRoleRecord({
      identity: roleSession(ACCOUNTS.identity, 'OktaAdmin', 'jane@acme.example'),
      roleArn: PROD_ADMIN,
      request: { sourceIdentity: 'jane@acme.example' },
    });

    expect(judgeRule('source-identity-missing', TRUST, record)).toEqual([]);
  });

  it("accepts a source identity carried by the caller's session (near miss)", () => {
    const record = assumeRoleRecord({
      identity: roleSession(ACCOUNTS.identity, 'OktaAdmin', 'jane@acme.example', { sourceIdentity: 'jane' }),
      roleArn: PROD_ADMIN,
    });

    expect(judgeRule('source-identity-missing', TRUST, record)).toEqual([]);
  });

  it('ignores roles that do not require one (unrelated record)', () => {
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.identity, 'alice'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`,
    });

    expect(judgeRule('source-identity-missing', TRUST, record)).toEqual([]);
  });
});

describe('source-identity-missing: not applicable versus no match', () => {
  const READ_ONLY = `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`;
  itGivesOutcomes('source-identity-missing', TRUST, [
    ...roleGateCases(PROD_ADMIN),
    [
      'a role whose entry does not require a source identity',
      assumeOn(READ_ONLY),
      notApplicable('the role entry does not set requireSourceIdentity'),
    ],
    [
      'a call with a source identity (judged, fine)',
      assumeOn(PROD_ADMIN, iamUser(ACCOUNTS.identity, 'alice'), { request: { sourceIdentity: 'alice' } }),
      NO_MATCH,
    ],
    ['a call without one', assumeOn(PROD_ADMIN), expect.objectContaining({ status: 'match' })],
  ]);
});
