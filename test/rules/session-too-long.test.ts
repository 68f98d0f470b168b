import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  assumeRoleRecord,
  awsService,
  getSessionTokenRecord,
  iamUser,
  patched,
} from './support/cloudtrail-records.ts';
import { judgeRule } from './support/judge.ts';
import {
  assumeOn,
  deniedOn,
  FAILED_CALL,
  itGivesOutcomes,
  NO_MATCH,
  notApplicable,
  sessionTokenCall,
} from './support/outcome-cases.ts';

const TRUST = `
version: 1
accounts: ["${ACCOUNTS.prod}"]
defaults:
  maxSessionSeconds: 3600
roles:
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly"
    trustedPrincipals: ["${ACCOUNTS.prod}"]
    maxSessionSeconds: 14400
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/service-role/*"
    trustedPrincipals: ["service:ec2.amazonaws.com"]
`;
const DATA_PIPELINE = `arn:aws:iam::${ACCOUNTS.prod}:role/DataPipeline`;

describe('session-too-long', () => {
  it('flags a session requested for longer than the default maximum', () => {
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.prod, 'etl'),
      roleArn: DATA_PIPELINE,
      durationSeconds: 21600,
    });

    const [finding] = judgeRule('session-too-long', TRUST, record);

    expect(finding?.severity).toBe('medium');
    expect(finding?.evidence).toEqual({
      expected: 'at most 3600 s (maxSessionSeconds from defaults)',
      actual: 'requested 21600 s, granted 21600 s',
    });
    expect(finding?.session).toMatchObject({ requestedSeconds: 21600, grantedSeconds: 21600 });
  });

  it('flags a granted duration over the limit even when the request omitted durationSeconds', () => {
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.prod, 'etl'),
      roleArn: DATA_PIPELINE,
      grantedSeconds: 7200,
    });

    const [finding] = judgeRule('session-too-long', TRUST, record);

    expect(finding?.evidence.actual).toBe('requested 3600 s (default), granted 7200 s');
  });

  it('allows 60 s of slack on the granted duration (near miss)', () => {
    const atSlack = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.prod, 'etl'),
      roleArn: DATA_PIPELINE,
      durationSeconds: 3600,
      grantedSeconds: 3660,
    });
    const overSlack = patched(atSlack, {});
    (overSlack.responseElements as { credentials: { expiration: string } }).credentials.expiration =
      'Nov 29, 2026, 11:01:01 AM';

    expect(judgeRule('session-too-long', TRUST, atSlack)).toEqual([]);
    expect(judgeRule('session-too-long', TRUST, overSlack)).toHaveLength(1);
  });

  it("uses the role entry's own maximum over the default", () => {
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.prod, 'alice'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`,
      durationSeconds: 14400,
    });

    expect(judgeRule('session-too-long', TRUST, record)).toEqual([]);
  });

  it('excludes AWS service actors, whose sessions AWS sets', () => {
    const record = assumeRoleRecord({
      identity: awsService('ec2.amazonaws.com'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/service-role/web`,
      sessionName: 'i-0a1b2c3d4e5f67890',
      grantedSeconds: 21600,
      sourceIp: 'ec2.amazonaws.com',
    });

    expect(judgeRule('session-too-long', TRUST, record)).toEqual([]);
  });

  it('does not judge calls that target no role (unrelated record)', () => {
    const record = getSessionTokenRecord({ identity: iamUser(ACCOUNTS.prod, 'etl') });

    expect(judgeRule('session-too-long', TRUST, record)).toEqual([]);
  });
});

describe('session-too-long: not applicable versus no match', () => {
  const READ_ONLY = `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`;
  itGivesOutcomes('session-too-long', TRUST, [
    ['a failed call', deniedOn(READ_ONLY), FAILED_CALL],
    [
      'a call that assumes no role',
      sessionTokenCall(),
      notApplicable('GetSessionToken does not assume a role'),
    ],
    [
      'an AWS service actor',
      assumeOn(`arn:aws:iam::${ACCOUNTS.prod}:role/service-role/app`, awsService('ec2.amazonaws.com'), {
        durationSeconds: 43200,
      }),
      notApplicable('AWS sets the sessions of AWS service actors'),
    ],
    [
      'a session within the limit (judged, fine)',
      assumeOn(READ_ONLY, undefined, { durationSeconds: 14400 }),
      NO_MATCH,
    ],
    [
      'a session over it',
      assumeOn(READ_ONLY, undefined, { durationSeconds: 28800 }),
      expect.objectContaining({ status: 'match' }),
    ],
  ]);
});
