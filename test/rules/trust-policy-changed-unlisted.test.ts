import { describe, expect, it } from 'vitest';
import { ACCOUNTS } from './support/cloudtrail-records.ts';
import { allow, createRole } from './support/iam-records.ts';
import { judgeRule } from './support/judge.ts';

// A role no entry lists, with unlistedRoles: alert, fires for whatever its new policy lets in, including
// what no trust file can state: `"*"` names no principal, yet lets in every one.
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.prod}"]
defaults: { unlistedRoles: alert }
roles:
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/Deploy"
    trustedPrincipals: ["${ACCOUNTS.prod}"]
`;

describe('trust-policy-changed: an unlisted role', () => {
  it('fires for a created role whose only principal is "*"', () => {
    const [finding, ...more] = judgeRule(
      'trust-policy-changed',
      TRUST,
      createRole('open-door', [allow({ AWS: '*' })]),
    );

    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      role: { arn: `arn:aws:iam::${ACCOUNTS.prod}:role/open-door` },
      evidence: { actual: expect.stringMatching(/Principal AWS "\*" lets in any principal/) },
    });
  });
});
