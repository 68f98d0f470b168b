import { describe, expect, it } from 'vitest';
import { ACCOUNTS, assumeRoleRecord, iamUser, roleSession } from './support/cloudtrail-records.ts';
import { judge } from './support/judge.ts';

// external-account spares an outside account that the role's entry trusts, however the entry names it: the
// account itself, a user or a role in it, or a role of any account (`*` as the account).
const VENDOR_READER = `arn:aws:iam::${ACCOUNTS.prod}:role/VendorReader`;
const CI_DEPLOY = `arn:aws:iam::${ACCOUNTS.prod}:role/CiDeploy`;
const AUDIT = `arn:aws:iam::${ACCOUNTS.prod}:role/Audit`;
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
roles:
  - arn: "${VENDOR_READER}"
    trustedPrincipals: ["arn:aws:iam::${ACCOUNTS.vendor}:user/poller"]
  - arn: "${CI_DEPLOY}"
    trustedPrincipals: ["arn:aws:iam::*:role/github-actions"]
  - arn: "${AUDIT}"
    trustedPrincipals: ["${ACCOUNTS.identity}"]
`;

const rulesFor = (identity: Record<string, unknown>, roleArn: string): string[] =>
  judge(TRUST, assumeRoleRecord({ identity, roleArn }))
    .map((f) => f.rule)
    .sort();

describe('external-account: outside accounts a role entry trusts', () => {
  it('spares the account of a trusted IAM user', () => {
    expect(rulesFor(iamUser(ACCOUNTS.vendor, 'poller'), VENDOR_READER)).toEqual([]);
  });

  it('spares any account when the trusted role names every account', () => {
    expect(rulesFor(roleSession(ACCOUNTS.outsider, 'github-actions', 'run-8812'), CI_DEPLOY)).toEqual([]);
  });

  it('still flags that outside account on a role whose entry does not trust it', () => {
    expect(rulesFor(iamUser(ACCOUNTS.vendor, 'poller'), AUDIT)).toEqual([
      'external-account',
      'untrusted-principal',
    ]);
  });
});
