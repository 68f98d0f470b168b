import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  assumeRootRecord,
  denied,
  getSessionTokenRecord,
  iamUser,
  patched,
  roleSession,
  rootUser,
} from './support/cloudtrail-records.ts';
import { judgeRule } from './support/judge.ts';
import { itGivesOutcomes, NO_MATCH, notApplicable, sessionTokenCall } from './support/outcome-cases.ts';

const TRUST = `
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
roles: []
`;

describe('root-credentials', () => {
  it('flags AssumeRoot into a member account', () => {
    const record = assumeRootRecord({
      identity: roleSession(ACCOUNTS.identity, 'OrgAdmin', 'ops@acme.example'),
      targetAccountId: ACCOUNTS.prod,
    });

    const [finding] = judgeRule('root-credentials', TRUST, record);

    expect(finding?.severity).toBe('high');
    expect(finding?.title).toBe(
      `OrgAdmin/ops@acme.example (role session, ${ACCOUNTS.identity}) obtained root credentials for account ${ACCOUNTS.prod} with AssumeRoot.`,
    );
  });

  it('flags a denied AssumeRoot attempt as well', () => {
    const record = patched(
      assumeRootRecord({
        identity: roleSession(ACCOUNTS.identity, 'OrgAdmin', 'ops'),
        targetAccountId: ACCOUNTS.prod,
      }),
      { errorCode: 'AccessDenied', errorMessage: 'not authorized', responseElements: null },
    );

    const [finding] = judgeRule('root-credentials', TRUST, record);

    expect(finding?.evidence.actual).toBe(`AssumeRoot on account ${ACCOUNTS.prod}: denied (AccessDenied)`);
  });

  it("flags a session token issued with the root user's access keys", () => {
    const record = getSessionTokenRecord({ identity: rootUser(ACCOUNTS.prod) });

    const [finding] = judgeRule('root-credentials', TRUST, record);

    expect(finding?.title).toBe(
      `The root user of ${ACCOUNTS.prod} obtained credentials with GetSessionToken.`,
    );
  });

  it('does not flag the same GetSessionToken by an IAM user (near miss)', () => {
    const record = getSessionTokenRecord({ identity: iamUser(ACCOUNTS.prod, 'alice') });

    expect(judgeRule('root-credentials', TRUST, record)).toEqual([]);
  });
});

describe('root-credentials: not applicable versus no match', () => {
  itGivesOutcomes('root-credentials', TRUST, [
    ['a call by another principal (judged, fine)', sessionTokenCall(), NO_MATCH],
    [
      'a failed call by the root user',
      denied(getSessionTokenRecord({ identity: rootUser(ACCOUNTS.prod) })),
      notApplicable('failed call by the root user: assume-denied reports it'),
    ],
    [
      'a call by the root user',
      getSessionTokenRecord({ identity: rootUser(ACCOUNTS.prod) }),
      expect.objectContaining({ status: 'match' }),
    ],
  ]);
});
