import { describe, expect, it } from 'vitest';
import { fixtureRecord } from '../cli/scan-inputs.ts';
import {
  ACCOUNTS,
  assumeRoleRecord,
  denied,
  getSessionTokenRecord,
  iamUser,
} from './support/cloudtrail-records.ts';
import { judgeRule } from './support/judge.ts';
import {
  assumeOn,
  deniedOn,
  FAILED_CALL,
  itGivesOutcomes,
  NO_MATCH,
  notApplicable,
  outcomeOf,
  sessionTokenCall,
  UNLISTED_ROLE,
} from './support/outcome-cases.ts';

const trust = (unlistedRoles: 'alert' | 'ignore'): string => `
version: 1
accounts: ["${ACCOUNTS.prod}"]
defaults:
  unlistedRoles: ${unlistedRoles}
roles:
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly"
    trustedPrincipals: ["${ACCOUNTS.prod}"]
`;

describe('unlisted-role', () => {
  it('flags a role that no entry lists when unlistedRoles is alert', () => {
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.prod, 'etl'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/legacy-batch`,
    });

    const [finding, ...rest] = judgeRule('unlisted-role', trust('alert'), record);

    expect(rest).toEqual([]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.title).toBe(
      `etl (IAM user, ${ACCOUNTS.prod}) assumed role legacy-batch (${ACCOUNTS.prod}), which no trust-file entry lists.`,
    );
    expect(finding?.role).toEqual({
      arn: `arn:aws:iam::${ACCOUNTS.prod}:role/legacy-batch`,
      accountId: ACCOUNTS.prod,
    });
  });

  it('stays quiet for the same unlisted role when unlistedRoles is ignore', () => {
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.prod, 'etl'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/legacy-batch`,
    });

    expect(judgeRule('unlisted-role', trust('ignore'), record)).toEqual([]);
  });

  it('does not flag a listed role (near miss)', () => {
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.prod, 'etl'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`,
    });

    expect(judgeRule('unlisted-role', trust('alert'), record)).toEqual([]);
  });

  it('does not judge roles in accounts outside accounts: an EC2 service session in an account the team does not own', () => {
    // The instance-profile record of OTRF's trail, for a role of an account outside this file's `accounts`.
    const ec2 = fixtureRecord('assume-role/aws-service-ec2-instance-profile');
    const zone = `version: 1\naccounts: ["${ACCOUNTS.identity}"]\ndefaults:\n  unlistedRoles: alert\n`;

    expect(judgeRule('unlisted-role', zone, ec2)).toEqual([]);
    expect(outcomeOf('unlisted-role', zone, ec2)).toEqual(
      notApplicable(`the role is in account ${ACCOUNTS.prod}, outside accounts (the zone of trust)`),
    );
    expect(judgeRule('unlisted-role', trust('alert'), ec2).map((f) => f.rule)).toEqual(['unlisted-role']);
  });

  it('judges roles of every account when accounts is empty (no zone of trust declared)', () => {
    const noZone = 'version: 1\ndefaults:\n  unlistedRoles: alert\n';
    const record = assumeOn(`arn:aws:iam::${ACCOUNTS.outsider}:role/partner-reader`);

    expect(judgeRule('unlisted-role', noZone, record).map((f) => f.rule)).toEqual(['unlisted-role']);
  });

  it('does not judge a role whose account the record hides, since it may be outside accounts', () => {
    // Anonymised exports mangle account ids; the role may be a partner's, which is not ours to list.
    const record = assumeOn('arn:aws:iam::ACCOUNT_ID:role/partner-reader');

    expect(judgeRule('unlisted-role', trust('alert'), record)).toEqual([]);
    expect(outcomeOf('unlisted-role', trust('alert'), record)).toEqual(
      notApplicable("the record does not name the role's account"),
    );
  });

  it('leaves denied calls and calls without a role alone', () => {
    const deniedCall = denied(
      assumeRoleRecord({
        identity: iamUser(ACCOUNTS.prod, 'etl'),
        roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/x`,
      }),
    );
    const sessionToken = getSessionTokenRecord({ identity: iamUser(ACCOUNTS.prod, 'etl') });

    expect(judgeRule('unlisted-role', trust('alert'), deniedCall)).toEqual([]);
    expect(judgeRule('unlisted-role', trust('alert'), sessionToken)).toEqual([]);
  });
});

describe('unlisted-role: not applicable versus no match', () => {
  const TRUST = trust('alert');
  itGivesOutcomes('unlisted-role', TRUST, [
    ['a failed call', deniedOn(UNLISTED_ROLE), FAILED_CALL],
    [
      'a call that assumes no role',
      sessionTokenCall(),
      notApplicable('GetSessionToken does not assume a role'),
    ],
    ['a listed role (judged, fine)', assumeOn(`arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`), NO_MATCH],
    ['an unlisted role', assumeOn(UNLISTED_ROLE), expect.objectContaining({ status: 'match' })],
  ]);

  it('does not judge when unlistedRoles is ignore', () => {
    expect(outcomeOf('unlisted-role', trust('ignore'), assumeOn(UNLISTED_ROLE))).toEqual(
      notApplicable('defaults.unlistedRoles is ignore'),
    );
  });
});
