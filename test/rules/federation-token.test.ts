import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  assumeRoleRecord,
  denied,
  getFederationTokenRecord,
  iamUser,
  patched,
  rootUser,
} from './support/cloudtrail-records.ts';
import { judgeRule } from './support/judge.ts';
import { itGivesOutcomes, NO_MATCH, notApplicable, sessionTokenCall } from './support/outcome-cases.ts';

const TRUST = `
version: 1
accounts: ["${ACCOUNTS.prod}"]
roles: []
`;

describe('federation-token', () => {
  it('flags GetFederationToken by an IAM user', () => {
    const record = getFederationTokenRecord({
      identity: iamUser(ACCOUNTS.prod, 'legacy-broker'),
      name: 'jdoe',
    });

    const [finding] = judgeRule('federation-token', TRUST, record);

    expect(finding?.severity).toBe('medium');
    expect(finding?.title).toBe(
      `legacy-broker (IAM user, ${ACCOUNTS.prod}) obtained a federation token for "jdoe".`,
    );
    expect(finding?.session.name).toBe('jdoe');
  });

  it('does not flag it when the root user calls it, or when it is denied (near misses)', () => {
    const byRoot = getFederationTokenRecord({ identity: rootUser(ACCOUNTS.prod), name: 'jdoe' });
    const deniedCall = patched(
      getFederationTokenRecord({ identity: iamUser(ACCOUNTS.prod, 'legacy-broker'), name: 'jdoe' }),
      {
        errorCode: 'AccessDenied',
        responseElements: null,
      },
    );

    expect(judgeRule('federation-token', TRUST, byRoot)).toEqual([]);
    expect(judgeRule('federation-token', TRUST, deniedCall)).toEqual([]);
  });

  it('ignores other calls (unrelated record)', () => {
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.prod, 'legacy-broker'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`,
    });

    expect(judgeRule('federation-token', TRUST, record)).toEqual([]);
  });
});

describe('federation-token: not applicable versus no match', () => {
  const byUser = () =>
    getFederationTokenRecord({ identity: iamUser(ACCOUNTS.prod, 'reporting-bot'), name: 'reporting' });
  itGivesOutcomes('federation-token', TRUST, [
    ['another call', sessionTokenCall(), notApplicable('GetSessionToken is not GetFederationToken')],
    [
      'a failed call',
      denied(byUser()),
      notApplicable('failed call (AccessDenied): assume-denied reports it'),
    ],
    [
      'a caller that is not an IAM user (judged, fine)',
      getFederationTokenRecord({ identity: rootUser(ACCOUNTS.prod), name: 'reporting' }),
      NO_MATCH,
    ],
    ['an IAM user', byUser(), expect.objectContaining({ status: 'match' })],
  ]);
});
