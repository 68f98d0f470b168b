import { describe, expect, it } from 'vitest';
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
