import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  assumeRoleRecord,
  denied,
  getSessionTokenRecord,
  iamUser,
  patched,
} from './support/cloudtrail-records.ts';
import { judge, judgeRule } from './support/judge.ts';
import { assumeOn, deniedOn, NO_MATCH, outcomeOf } from './support/outcome-cases.ts';

const TRUST = `
version: 1
accounts: ["${ACCOUNTS.prod}"]
defaults:
  unlistedRoles: alert
roles:
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/ProdAdmin"
    trustedPrincipals: ["arn:aws:iam::${ACCOUNTS.identity}:role/OktaAdmin"]
    severity: critical
`;
const PROD_ADMIN = `arn:aws:iam::${ACCOUNTS.prod}:role/ProdAdmin`;

describe('assume-denied', () => {
  it('reports a denied AssumeRole with the role taken from the error message', () => {
    const record = denied(
      assumeRoleRecord({ identity: iamUser(ACCOUNTS.outsider, 'mallory'), roleArn: PROD_ADMIN }),
    );

    const findings = judge(TRUST, record);

    expect(findings.map((f) => f.rule)).toEqual(['assume-denied']);
    expect(findings[0]?.severity).toBe('critical');
    expect(findings[0]?.role?.arn).toBe(PROD_ADMIN);
    expect(findings[0]?.title).toBe(
      `mallory (IAM user, ${ACCOUNTS.outsider}) was denied AssumeRole on role ProdAdmin (${ACCOUNTS.prod}) (AccessDenied).`,
    );
    expect(findings[0]?.evidence.actual).toContain('AccessDenied: User: arn:aws:iam::');
  });

  it('reports a denied GetSessionToken that has no errorMessage', () => {
    const record = patched(getSessionTokenRecord({ identity: iamUser(ACCOUNTS.prod, 'alice') }), {
      errorCode: 'AccessDenied',
      requestParameters: undefined,
      responseElements: undefined,
    });

    const [finding] = judgeRule('assume-denied', TRUST, record);

    expect(finding?.evidence.actual).toBe('AccessDenied');
  });

  it('reports a call refused for a malformed request (ValidationError), inventing no role', () => {
    // STS refuses a bare role name where an ARN belongs; the record keeps what the caller sent.
    const record = patched(assumeOn(PROD_ADMIN, iamUser(ACCOUNTS.identity, 'alice')), {
      errorCode: 'ValidationError',
      errorMessage:
        "1 validation error detected: Value 'ProdAdmin' at 'roleArn' failed to satisfy constraint: " +
        'Member must have length greater than or equal to 20',
      requestParameters: { roleArn: 'ProdAdmin', roleSessionName: 'alice' },
      responseElements: null,
      resources: undefined,
    });

    const findings = judge(TRUST, record);

    expect(findings.map((f) => f.rule)).toEqual(['assume-denied']);
    expect(findings[0]?.role).toBeUndefined();
    expect(findings[0]?.evidence.actual).toMatch(/^ValidationError: 1 validation error/);
  });

  it('does not report a successful call (near miss)', () => {
    const record = assumeRoleRecord({ identity: iamUser(ACCOUNTS.outsider, 'mallory'), roleArn: PROD_ADMIN });

    expect(judgeRule('assume-denied', TRUST, record)).toEqual([]);
  });
});

describe('assume-denied: not applicable versus no match', () => {
  it('judges every call: a successful one is no match, a failed one a match', () => {
    expect(outcomeOf('assume-denied', TRUST, assumeOn(PROD_ADMIN))).toEqual(NO_MATCH);
    expect(outcomeOf('assume-denied', TRUST, deniedOn(PROD_ADMIN))).toEqual(
      expect.objectContaining({ status: 'match' }),
    );
  });
});
