import { describe, expect, it } from 'vitest';
import { settleCopies } from '../../functions/core/report/activity.ts';
import { unusedTrust } from '../../functions/core/report/unused-trust.ts';
import {
  ACCOUNTS,
  assumeRoleRecord,
  awsAccount,
  awsService,
  denied,
  iamUser,
  roleSession,
} from '../rules/support/cloudtrail-records.ts';
import { activityOf, judgeRecords, trustConfig } from './support.ts';

/**
 * Hand-checked: Deploy trusts four principals; the period has one call by the CI role's session (uses
 * entry 1), one denied call by the breakglass user (a denial is not a use), and one owner copy of a
 * cross-account call from the tooling account (names the account only). Audit trusts one principal and is
 * never called; the wildcard service-role entry is shadowed for Deploy by the earlier entry.
 */
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}", "${ACCOUNTS.tooling}"]
roles:
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/Deploy"
    trustedPrincipals:
      - "arn:aws:iam::${ACCOUNTS.tooling}:role/ci-runner"
      - "arn:aws:iam::${ACCOUNTS.identity}:user/breakglass"
      - "arn:aws:iam::${ACCOUNTS.tooling}:user/*"
      - "service:codebuild.amazonaws.com"
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/Audit"
    trustedPrincipals:
      - "${ACCOUNTS.identity}"
  - arn: "arn:aws:iam::*:role/*"
    trustedPrincipals:
      - "service:lambda.amazonaws.com"
`;

describe('unused trust', () => {
  it('lists the trusted principals that never assumed their roles, and entries no call applied to', () => {
    const config = trustConfig(TRUST);
    const deploy = `arn:aws:iam::${ACCOUNTS.prod}:role/Deploy`;
    const records = [
      assumeRoleRecord({
        identity: roleSession(ACCOUNTS.tooling, 'ci-runner', 'build-42'),
        roleArn: deploy,
        eventID: 'a',
      }),
      denied(
        assumeRoleRecord({
          identity: iamUser(ACCOUNTS.identity, 'breakglass'),
          roleArn: deploy,
          eventID: 'b',
        }),
      ),
      assumeRoleRecord({
        identity: awsAccount(ACCOUNTS.tooling, 'AIDAEXAMPLETOOLING'),
        roleArn: deploy,
        sharedEventID: '0d5e1a2b-0000-4000-8000-00000000000c',
        recipientAccountId: ACCOUNTS.prod,
        eventID: 'c',
      }),
      assumeRoleRecord({
        identity: awsService('lambda.amazonaws.com'),
        roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/app-fn`,
        eventID: 'd',
      }),
    ];
    const result = unusedTrust(config, settleCopies(activityOf(judgeRecords(records, config))));
    expect(result.complete).toBe(true);
    // ci-runner: its session's call, plus the owner copy that may be it (names only its account).
    expect(result.roles[0]?.trustedPrincipals).toEqual([
      { principal: `arn:aws:iam::${ACCOUNTS.tooling}:role/ci-runner`, status: 'used', calls: 2 },
      { principal: `arn:aws:iam::${ACCOUNTS.identity}:user/breakglass`, status: 'unused', calls: 0 },
      { principal: `arn:aws:iam::${ACCOUNTS.tooling}:user/*`, status: 'account-only', calls: 1 },
      { principal: 'service:codebuild.amazonaws.com', status: 'unused', calls: 0 },
    ]);
    expect(result.roles[1]?.trustedPrincipals).toEqual([
      { principal: ACCOUNTS.identity, status: 'unused', calls: 0 },
    ]);
    expect(result.roles[2]?.trustedPrincipals).toEqual([
      { principal: 'service:lambda.amazonaws.com', status: 'used', calls: 1 },
    ]);
    expect(result.entriesWithoutCalls).toEqual([
      { entry: `arn:aws:iam::${ACCOUNTS.prod}:role/Audit`, line: 11 },
    ]);
  });
});
