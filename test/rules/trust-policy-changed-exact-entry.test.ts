import { describe, expect, it } from 'vitest';
import { ACCOUNTS } from './support/cloudtrail-records.ts';
import { allow, createRole, updateAssumeRolePolicy } from './support/iam-records.ts';
import { judgeRule } from './support/judge.ts';

// UpdateAssumeRolePolicy names the role without its path. An entry gives the role's full ARN only when it
// names that very role: the same partition, the same account, the same name, and no other entry naming it
// with another path. Otherwise the change is judged against the entries that could apply.
const { prod: PROD, tooling: TOOLING, vendor: VENDOR, outsider: OUTSIDER } = ACCOUNTS;
const GITHUB = `arn:aws:iam::${TOOLING}:role/github-actions`;
const CATCH_ALL = `
  - arn: "arn:aws:iam::${PROD}:role/*"
    trustedPrincipals: ["${GITHUB}"]
`;
const trust = (entries: string) => `
version: 1
accounts: ["${PROD}"]
defaults: { unlistedRoles: alert }
roles:${entries}${CATCH_ALL}`;

/** prod's role Deploy now trusts the GitHub runner role, which the catch-all entry trusts too. */
const githubMayDeploy = updateAssumeRolePolicy('Deploy', [allow({ AWS: GITHUB })]);

describe('trust-policy-changed: the entry that names a role exactly', () => {
  it('is not one of another account or another partition with the same role name', () => {
    const yaml = trust(`
  - arn: "arn:aws:iam::${OUTSIDER}:role/team/Deploy"
    trustedPrincipals: ["${OUTSIDER}"]
  - arn: "arn:aws-cn:iam::${PROD}:role/team/Deploy"
    trustedPrincipals: ["arn:aws-cn:iam::${PROD}:root"]`);

    expect(judgeRule('trust-policy-changed', yaml, githubMayDeploy)).toEqual([]);
  });

  it('is none when two entries name the role with different paths: each could apply', () => {
    const yaml = trust(`
  - arn: "arn:aws:iam::${PROD}:role/team/Deploy"
    trustedPrincipals: ["${VENDOR}"]
  - arn: "arn:aws:iam::${PROD}:role/legacy/Deploy"
    trustedPrincipals: ["${GITHUB}"]`);

    // Wider under team/Deploy, not under legacy/Deploy or the catch-all: which applies cannot be told.
    expect(judgeRule('trust-policy-changed', yaml, githubMayDeploy)).toEqual([]);
    // Wider under every one of them: it fires.
    const outsider = updateAssumeRolePolicy('Deploy', [allow({ AWS: `arn:aws:iam::${OUTSIDER}:root` })]);
    expect(judgeRule('trust-policy-changed', yaml, outsider)).toHaveLength(1);
  });

  it('is not an entry with a wildcard in its path, and the finding keeps the ARN the record gives', () => {
    const yaml = `
version: 1
accounts: ["${PROD}"]
defaults: { unlistedRoles: alert }
roles:
  - arn: "arn:aws:iam::${PROD}:role/*/Deploy"
    trustedPrincipals: ["${GITHUB}"]
`;
    const outsider = updateAssumeRolePolicy('Deploy', [allow({ AWS: `arn:aws:iam::${OUTSIDER}:root` })]);

    const findings = judgeRule('trust-policy-changed', yaml, outsider);

    expect(findings.map((f) => f.role?.arn)).toEqual([`arn:aws:iam::${PROD}:role/Deploy`]);
  });

  it('is not looked for when the record gives the role with its path (CreateRole)', () => {
    // Created at the root path: the entry for team/Deploy is another role, so this one is unlisted.
    const yaml = trust(`
  - arn: "arn:aws:iam::${PROD}:role/team/Deploy"
    trustedPrincipals: ["${GITHUB}"]`).replace(CATCH_ALL, '\n');
    const created = createRole('Deploy', [allow({ AWS: GITHUB })]);

    const findings = judgeRule('trust-policy-changed', yaml, created);

    expect(findings.map((f) => [f.role?.arn, f.evidence.expected])).toEqual([
      [`arn:aws:iam::${PROD}:role/Deploy`, 'a roles entry for the role (unlistedRoles: alert)'],
    ]);
  });
});
