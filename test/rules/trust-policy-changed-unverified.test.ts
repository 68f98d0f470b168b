import { describe, expect, it } from 'vitest';
import { ACCOUNTS } from './support/cloudtrail-records.ts';
import { allow, updateAssumeRolePolicy } from './support/iam-records.ts';
import { judgeRule } from './support/judge.ts';

// A condition rolewatch cannot check completely (a StringLike session-name value every example of which
// the pattern accepts) is not shown to widen the trust: trust-policy-changed does not fire for it
// (`trust diff` lists it as unverified). Only what is shown wider fires.
const GITHUB = `arn:aws:iam::${ACCOUNTS.tooling}:role/github-actions`;
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.prod}"]
roles:
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/Deploy"
    trustedPrincipals: ["${GITHUB}"]
    sessionNamePattern: "@acme\\\\.example$"
`;
const sessionNames = (value: string) => ({ StringLike: { 'sts:RoleSessionName': value } });

describe('trust-policy-changed: conditions that cannot be checked completely', () => {
  it('does not fire for a session-name condition the pattern cannot be shown to refuse', () => {
    const record = updateAssumeRolePolicy('Deploy', [allow({ AWS: GITHUB }, sessionNames('*@acme.example'))]);

    expect(judgeRule('trust-policy-changed', TRUST, record)).toEqual([]);
  });

  it('fires when a name the condition allows is shown to break the pattern (near miss)', () => {
    const record = updateAssumeRolePolicy('Deploy', [allow({ AWS: GITHUB }, sessionNames('*@acme.*'))]);

    const [finding] = judgeRule('trust-policy-changed', TRUST, record);

    expect(finding?.evidence.expected).toContain('sessionNamePattern');
  });
});
