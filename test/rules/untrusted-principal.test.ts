import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  assumeRoleRecord,
  assumeRootRecord,
  awsAccount,
  denied,
  getSessionTokenRecord,
  iamUser,
  patched,
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

const TRUST = `
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
roles:
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/ProdAdmin"
    trustedPrincipals:
      - "arn:aws:iam::${ACCOUNTS.identity}:role/OktaAdmin"
      - "arn:aws:iam::${ACCOUNTS.identity}:user/breakglass"
`;
const PROD_ADMIN = `arn:aws:iam::${ACCOUNTS.prod}:role/ProdAdmin`;

describe('untrusted-principal: a trusted role pattern with a path', () => {
  const CI_ROLES = `
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
roles:
  - arn: "${PROD_ADMIN}"
    trustedPrincipals: ["arn:aws:iam::${ACCOUNTS.identity}:role/ci/*"]
`;
  /** A session of role NAME whose record gives its issuer as `issuer` (undefined: no sessionContext). */
  const sessionOf = (name: string, issuer: string | undefined) => {
    const identity = roleSession(ACCOUNTS.identity, name, `${name.toLowerCase()}-1`) as {
      sessionContext?: { sessionIssuer: { arn: string } };
    };
    if (issuer === undefined) delete identity.sessionContext;
    else if (identity.sessionContext !== undefined) identity.sessionContext.sessionIssuer.arn = issuer;
    return assumeRoleRecord({ identity, roleArn: PROD_ADMIN });
  };
  const role = (path: string) => `arn:aws:iam::${ACCOUNTS.identity}:role/${path}`;

  it('flags a session whose recorded issuer is at the root path, outside role/ci/*', () => {
    const findings = judgeRule('untrusted-principal', CI_ROLES, sessionOf('Admin', role('Admin')));

    expect(findings).toHaveLength(1);
    // The entry's only principal is what was expected.
    expect(findings[0]?.evidence.expected).toBe(`one of: ${role('ci/*')}`);
  });

  it('does not trust by name a session of a same-named role in another partition', () => {
    // No issuer in the record, so partition, account and name decide: aws-cn is not aws.
    const record = sessionOf('Builder', undefined);
    const identity = record.userIdentity as { arn: string };
    identity.arn = identity.arn.replace(/^arn:aws:/, 'arn:aws-cn:');

    const findings = judgeRule('untrusted-principal', CI_ROLES, record);

    expect(findings.map((f) => f.evidence.actual)).toEqual([identity.arn]);
  });

  it('trusts a session whose recorded issuer is under the path', () => {
    expect(judgeRule('untrusted-principal', CI_ROLES, sessionOf('Builder', role('ci/Builder')))).toEqual([]);
  });

  it('trusts by name a session whose record gives no issuer (its path is unknown)', () => {
    expect(judgeRule('untrusted-principal', CI_ROLES, sessionOf('Builder', undefined))).toEqual([]);
  });
});

describe('untrusted-principal', () => {
  it('flags a listed role assumed by a principal its entry does not trust', () => {
    const record = assumeRoleRecord({ identity: iamUser(ACCOUNTS.identity, 'mallory'), roleArn: PROD_ADMIN });

    const [finding, ...rest] = judgeRule('untrusted-principal', TRUST, record);

    expect(rest).toEqual([]);
    expect(finding?.severity).toBe('high');
    expect(finding?.title).toBe(
      `mallory (IAM user, ${ACCOUNTS.identity}) assumed role ProdAdmin (${ACCOUNTS.prod}), which does not trust this principal.`,
    );
    expect(finding?.evidence.actual).toBe(`arn:aws:iam::${ACCOUNTS.identity}:user/mallory`);
    expect(finding?.evidence.expected).toContain(`arn:aws:iam::${ACCOUNTS.identity}:role/OktaAdmin`);
  });

  it('accepts a session of a trusted role (near miss: same account, trusted role)', () => {
    const record = assumeRoleRecord({
      identity: roleSession(ACCOUNTS.identity, 'OktaAdmin', 'jane@acme.example'),
      roleArn: PROD_ADMIN,
    });

    expect(judgeRule('untrusted-principal', TRUST, record)).toEqual([]);
  });

  it("does not flag the role owner's copy whose account holds a trusted principal, and notes it is unresolved", () => {
    const record = assumeRoleRecord({
      identity: awsAccount(ACCOUNTS.identity, 'AIDAJ45Q7YFFAREXAMPLE'),
      roleArn: PROD_ADMIN,
      sharedEventID: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
    });
    const yaml = `${TRUST}    requireExternalId: true\n`;

    expect(judgeRule('untrusted-principal', yaml, record)).toEqual([]);
    const [other] = judgeRule('external-id-missing', yaml, record);
    expect(other?.evidence.note).toContain('principal could not be resolved');
  });

  it('leaves a denied call to assume-denied', () => {
    const record = denied(
      assumeRoleRecord({ identity: iamUser(ACCOUNTS.identity, 'mallory'), roleArn: PROD_ADMIN }),
    );

    expect(judgeRule('untrusted-principal', TRUST, record)).toEqual([]);
  });

  it('ignores calls that target no role (unrelated record)', () => {
    const record = getSessionTokenRecord({ identity: iamUser(ACCOUNTS.identity, 'mallory') });

    expect(judgeRule('untrusted-principal', TRUST, record)).toEqual([]);
  });
});

describe('untrusted-principal: not applicable versus no match', () => {
  itGivesOutcomes('untrusted-principal', TRUST, [
    ...roleGateCases(PROD_ADMIN),
    [
      'an AssumeRoot whose target the record does not name',
      patched(
        assumeRootRecord({
          identity: roleSession(ACCOUNTS.identity, 'OrgAdmin', 'x'),
          targetAccountId: ACCOUNTS.prod,
        }),
        { requestParameters: { targetPrincipal: undefined } },
      ),
      notApplicable('the record does not name the target account'),
    ],
    [
      'an AssumeRole whose record does not name the role',
      patched(assumeOn(PROD_ADMIN), {
        requestParameters: { roleArn: undefined },
        responseElements: { assumedRoleUser: undefined },
        resources: undefined,
      }),
      notApplicable('the record does not name the role'),
    ],
    [
      'a trusted principal (judged, fine)',
      assumeOn(PROD_ADMIN, iamUser(ACCOUNTS.identity, 'breakglass')),
      NO_MATCH,
    ],
    [
      'an untrusted one',
      assumeOn(PROD_ADMIN, iamUser(ACCOUNTS.identity, 'mallory')),
      expect.objectContaining({ status: 'match' }),
    ],
  ]);
});
