import { describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../functions/core/normalize/normalize-record.ts';
import { loadFixture } from '../normalize/load-records.ts';
import {
  ACCOUNTS,
  assumeRoleRecord,
  iamUser,
  patched,
  roleSession,
} from '../rules/support/cloudtrail-records.ts';
import { judgeRule, normalized } from '../rules/support/judge.ts';

// CONTRACT §1, the sentences about record variants that the normaliser and the rules depend on.

const READ_ONLY = `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`;

describe('CONTRACT §1: records the engine accepts', () => {
  it('skips records that are not STS credential-issuing calls, and counts AssumeRole on STS as one', () => {
    const call = assumeRoleRecord({ identity: iamUser(ACCOUNTS.identity, 'alice'), roleArn: READ_ONLY });
    const callerIdentity = patched(call, { eventName: 'GetCallerIdentity' });
    const iamCall = patched(call, { eventSource: 'iam.amazonaws.com' });

    expect(normalizeRecord(callerIdentity, {}).kind).toBe('skipped');
    expect(normalizeRecord(iamCall, {}).kind).toBe('skipped');
    expect(normalizeRecord(call, {}).kind).toBe('event');
  });

  it('takes durationSeconds as 3600 when an AssumeRole request omits it', () => {
    const record = assumeRoleRecord({ identity: iamUser(ACCOUNTS.identity, 'alice'), roleArn: READ_ONLY });

    const event = normalized(record);

    expect(record.requestParameters).not.toHaveProperty('durationSeconds');
    expect(event.session.requestedSeconds).toBe(3600);
    expect(event.session.requestedSecondsDefaulted).toBe(true);
  });

  it('reads booleans and numbers written as strings', () => {
    const event = normalized(loadFixture('assume-role/string-booleans-and-durations.json'));

    expect(event.actor.mfaAuthenticated).toBe(true);
    expect(event.session.requestedSeconds).toBe(7200);
    expect(event.session.grantedSeconds).toBe(7200);
  });

  it('accepts a caller session whose mfaAuthenticated is the string "true" as MFA-authenticated', () => {
    const trust = `
version: 1
accounts: ["${ACCOUNTS.prod}"]
roles:
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/app-batch"
    trustedPrincipals: ["${ACCOUNTS.prod}"]
    maxSessionSeconds: 7200
    requireMfa: true
`;
    const record = loadFixture('assume-role/string-booleans-and-durations.json');
    const withoutMfa = patched(record, {
      userIdentity: { sessionContext: { attributes: { mfaAuthenticated: 'false' } } },
    });

    expect(judgeRule('mfa-missing', trust, record)).toEqual([]);
    expect(judgeRule('mfa-missing', trust, withoutMfa)).toHaveLength(1);
  });

  it('reads credentials.expiration in all three formats as UTC', () => {
    const base = assumeRoleRecord({ identity: iamUser(ACCOUNTS.identity, 'alice'), roleArn: READ_ONLY });
    const withExpiration = (expiration: string) =>
      normalized(patched(base, { responseElements: { credentials: { expiration } } })).session;

    // eventTime is 2026-11-29T10:00:00Z; each expiration is one hour later.
    expect(withExpiration('Nov 29, 2026, 11:00:00 AM').grantedSeconds).toBe(3600);
    expect(withExpiration('Nov 29, 2026 11:00:00 AM').grantedSeconds).toBe(3600);
    expect(withExpiration('2026-11-29T11:00:00Z').grantedSeconds).toBe(3600);
    expect(withExpiration('Nov 29, 2026, 11:00:00 PM').grantedSeconds).toBe(3600 + 12 * 3600);
  });

  it('parses the 2021-era expiration format of a real Lambda record', () => {
    const event = normalized(loadFixture('assume-role/aws-service-lambda.json'));

    expect(event.session.expiration).toBe('2021-01-22T00:46:28Z');
    expect(event.session.grantedSeconds).toBe(12 * 3600);
  });

  it.each([
    'AWSService',
    'AWSAccount',
    'IAMUser',
    'AssumedRole',
    'Root',
    'FederatedUser',
    'SAMLUser',
    'WebIdentityUser',
    'IdentityCenterUser',
  ])('recognises userIdentity.type %s', (type) => {
    const record = assumeRoleRecord({ identity: iamUser(ACCOUNTS.identity, 'alice'), roleArn: READ_ONLY });

    const event = normalized(patched(record, { userIdentity: { type } }));

    expect(event.actor.type).toBe(type);
    expect(event.actor.rawType).toBeUndefined();
  });

  it("reads the role owner's AWSAccount copy from accountId and principalId alone", () => {
    const event = normalized(loadFixture('assume-role/cross-account-target-copy.json'));

    expect(event.actor).toMatchObject({ type: 'AWSAccount', accountId: ACCOUNTS.identity });
    expect(event.actor.arn).toBeUndefined();
    expect(event.role?.arn).toBe(READ_ONLY);
    expect(event.sharedEventId).toBe('5f0c5d9e-8c1e-4d7a-9a55-2b7f0f3c9e21');
  });

  it('gives both copies of a cross-account call the same sharedEventId and different eventIds', () => {
    const caller = normalized(loadFixture('assume-role/cross-account-caller-copy.json'));
    const owner = normalized(loadFixture('assume-role/cross-account-target-copy.json'));

    expect(caller.sharedEventId).toBe(owner.sharedEventId);
    expect(caller.eventId).not.toBe(owner.eventId);
  });

  it('finds the role of a denied call with null requestParameters in its errorMessage', () => {
    const event = normalized(loadFixture('assume-role/denied-null-request-parameters.json'));

    expect(event.success).toBe(false);
    expect(event.role).toMatchObject({
      arn: `arn:aws:iam::${ACCOUNTS.prod}:role/ProdAdmin`,
      from: 'errorMessage',
    });
    expect(event.session.requestedSeconds).toBeUndefined();
  });

  it('keeps a record without eventID, recipientAccountId or responseElements, noting the gaps', () => {
    const record = patched(
      assumeRoleRecord({ identity: roleSession(ACCOUNTS.identity, 'OktaAdmin', 'jane'), roleArn: READ_ONLY }),
      { eventID: undefined, recipientAccountId: undefined, responseElements: undefined },
    );

    const event = normalized(record);

    expect(event.eventId).toBeUndefined();
    expect(event.gaps).toEqual(expect.arrayContaining(['eventID', 'recipientAccountId', 'responseElements']));
    expect(event.role?.arn).toBe(READ_ONLY);
  });
});
