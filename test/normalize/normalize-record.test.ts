import { describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../functions/core/normalize/normalize-record.ts';
import { loadFixture } from './load-records.ts';

const at = { file: 'trail.json', path: 'Records[3]' };

function eventOf(record: unknown) {
  const outcome = normalizeRecord(record, at);
  if (outcome.kind !== 'event') throw new Error(`expected an event, got ${outcome.kind}`);
  return outcome.event;
}

describe('normalizeRecord classification', () => {
  it('skips records from other services and STS calls that issue no credentials', () => {
    const s3 = { ...loadFixture('assume-role/same-account-iam-user.json'), eventSource: 's3.amazonaws.com' };
    expect(normalizeRecord(s3, at)).toEqual({
      kind: 'skipped',
      eventSource: 's3.amazonaws.com',
      eventName: 'AssumeRole',
    });
    const whoami = { ...loadFixture('get-session-token/root-user.json'), eventName: 'GetCallerIdentity' };
    expect(normalizeRecord(whoami, at)).toEqual({
      kind: 'skipped',
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
    });
  });

  it('skips network activity events (a VPC endpoint view of a call), which the management event also records', () => {
    const base = loadFixture('assume-role/same-account-iam-user.json');
    for (const marks of [{ eventCategory: 'NetworkActivity' }, { eventType: 'AwsVpceEvent' }]) {
      const outcome = normalizeRecord(
        { ...base, ...marks, requestParameters: null, responseElements: null },
        { file: 'vpce.json' },
      );
      expect(outcome).toEqual({ kind: 'skipped', eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole' });
    }
    expect(normalizeRecord(base, { file: 'management.json' }).kind).toBe('event');
  });

  it('reports values that are not CloudTrail records as shape errors with their location', () => {
    for (const bad of [null, 42, 'AssumeRole', [], [loadFixture('assume-role/with-mfa.json')]]) {
      const outcome = normalizeRecord(bad, at);
      expect(outcome.kind).toBe('error');
      if (outcome.kind === 'error') {
        expect(outcome.error.kind).toBe('shape');
        expect(outcome.error.location).toEqual(at);
      }
    }
    const noSource = { ...loadFixture('assume-role/with-mfa.json'), eventSource: 7 };
    const outcome = normalizeRecord(noSource, at);
    expect(outcome).toMatchObject({ kind: 'error', error: { kind: 'shape', location: at } });
  });

  it('never echoes record content in a shape error', () => {
    const outcome = normalizeRecord(
      { eventName: 'AssumeRole', sessionToken: 'FQoGZXIvYXdzEXAMPLESECRET' },
      at,
    );
    expect(outcome.kind).toBe('error');
    expect(JSON.stringify(outcome)).not.toContain('FQoGZXIvYXdzEXAMPLESECRET');
  });
});

describe('normalizeRecord on record variants', () => {
  it('takes the event time from @timestamp in Logstash exports', () => {
    const { eventTime: _dropped, ...rest } = loadFixture('assume-role/aws-service-ec2-instance-profile.json');
    const e = eventOf({ ...rest, '@timestamp': '2026-11-04T00:02:11.000Z', '@version': '1' });
    expect(e.eventTime).toBe('2026-11-04T00:02:11Z');
    expect(e.session.grantedSeconds).toBe(21_600);
    expect(e.gaps).not.toContain('eventTime');
  });

  it('notes a missing event time and leaves the granted duration unknown', () => {
    const { eventTime: _dropped, ...rest } = loadFixture('assume-role/same-account-iam-user.json');
    const e = eventOf(rest);
    expect(e.eventTime).toBeUndefined();
    expect(e.session.grantedSeconds).toBeUndefined();
    expect(e.session.expiration).toBe('2026-11-02T10:14:07Z');
    expect(e.gaps).toContain('eventTime');
  });

  it('finds the role in the issued session, then in resources with either key spelling', () => {
    const base = loadFixture('assume-role/same-account-iam-user.json');
    const request = { roleSessionName: 'alice-cli' };
    const fromResponse = eventOf({ ...base, requestParameters: request });
    expect(fromResponse.role).toMatchObject({
      arn: 'arn:aws:iam::444455556666:role/ReadOnly',
      from: 'responseElements',
    });

    const resources = [
      { accountId: '444455556666', type: 'AWS::IAM::Role', arn: 'arn:aws:iam::444455556666:role/X' },
    ];
    const fromResources = eventOf({ ...base, requestParameters: request, responseElements: null, resources });
    expect(fromResources.role).toMatchObject({ arn: 'arn:aws:iam::444455556666:role/X', from: 'resources' });
    expect(fromResources.gaps).toEqual(expect.arrayContaining(['responseElements', 'expiration']));
  });

  it("takes the role's own spelling from resources when the request names it in other letters", () => {
    const base = loadFixture('assume-role/same-account-iam-user.json');
    const resources = [
      { accountId: '444455556666', type: 'AWS::IAM::Role', ARN: 'arn:aws:iam::444455556666:role/ReadOnly' },
    ];
    const request = (roleArn: string) => ({ ...(base.requestParameters as object), roleArn });
    const lower = eventOf({
      ...base,
      requestParameters: request('arn:aws:iam::444455556666:role/readonly'),
      resources,
    });
    expect(lower.role).toMatchObject({ arn: 'arn:aws:iam::444455556666:role/ReadOnly', from: 'resources' });
    // Another role altogether: the request stays the evidence.
    const other = eventOf({
      ...base,
      requestParameters: request('arn:aws:iam::444455556666:role/Other'),
      resources,
    });
    expect(other.role).toMatchObject({
      arn: 'arn:aws:iam::444455556666:role/Other',
      from: 'requestParameters',
    });
  });

  it('notes a credential call whose target role cannot be found anywhere', () => {
    const e = eventOf({
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      eventTime: '2024-01-15T10:30:00Z',
      userIdentity: { type: 'IAMUser', userName: 'example-user' },
    });
    expect(e.role).toBeUndefined();
    expect(e.gaps).toEqual(
      expect.arrayContaining(['eventID', 'requestParameters', 'responseElements', 'roleArn', 'expiration']),
    );
    expect(e.actor.display).toBe('example-user (IAM user, account unknown)');
  });

  it('takes no target from a requested roleArn that is not a role ARN, and looks for the role elsewhere', () => {
    // Denied calls log what the caller sent: a bare name (ValidationError) or a redaction.
    const denied = loadFixture('assume-role/denied-null-request-parameters.json') as Record<string, unknown>;
    const request = { roleArn: 'HIDDEN_DUE_TO_SECURITY_REASONS', roleSessionName: 'alice' };
    const redacted = eventOf({ ...denied, requestParameters: request });
    expect(redacted.role).toEqual({
      arn: 'arn:aws:iam::444455556666:role/ProdAdmin',
      accountId: '444455556666',
      name: 'ProdAdmin',
      from: 'errorMessage',
    });
    expect(redacted.gaps).toEqual(['roleArn']);

    const byName = eventOf({
      ...denied,
      errorCode: 'ValidationError',
      errorMessage:
        "1 validation error detected: Value 'ProdAdmin' at 'roleArn' failed to satisfy constraint: " +
        'Member must have length greater than or equal to 20',
      requestParameters: { roleArn: 'ProdAdmin', roleSessionName: 'alice' },
    });
    expect(byName.role).toBeUndefined();
    expect(byName.gaps).toEqual(['roleArn']);
  });

  it('records that an MFA code was sent without keeping it', () => {
    const base = loadFixture('get-session-token/iam-user-with-mfa.json');
    const request = { serialNumber: 'arn:aws:iam::111122223333:mfa/alice-phone', tokenCode: '123456' };
    const e = eventOf({ ...base, requestParameters: request });
    expect(e.mfa).toEqual({
      serialNumber: 'arn:aws:iam::111122223333:mfa/alice-phone',
      tokenCodePresent: true,
    });
    expect(JSON.stringify(e)).not.toContain('123456');
  });

  it('keeps an unknown identity type as written and survives a non-object userIdentity', () => {
    const base = loadFixture('assume-role/same-account-iam-user.json');
    const odd = eventOf({ ...base, userIdentity: { type: 'Directory', principalId: 'u-1' } });
    expect(odd.actor).toEqual({
      type: 'Unknown',
      rawType: 'Directory',
      principalId: 'u-1',
      display: 'u-1 (Directory)',
    });
    const broken = eventOf({ ...base, userIdentity: 'IAMUser' });
    expect(broken.actor.type).toBe('Unknown');
    expect(broken.gaps).toContain('userIdentity');
  });

  it('notes a duration it cannot read instead of guessing one', () => {
    const base = loadFixture('assume-role/same-account-iam-user.json');
    for (const durationSeconds of ['one hour', -3600]) {
      const request = { roleArn: 'arn:aws:iam::444455556666:role/ReadOnly', durationSeconds };
      const e = eventOf({ ...base, requestParameters: request });
      expect(e.session.requestedSeconds, String(durationSeconds)).toBeUndefined();
      expect(e.session.requestedSecondsDefaulted).toBe(false);
      expect(e.gaps).toContain('durationSeconds');
    }
  });

  it('keeps what a role session call issued for session lineage, but not for an AWS service session', () => {
    const person = eventOf(loadFixture('assume-role/same-account-iam-user.json'));
    const service = eventOf(loadFixture('assume-role/aws-service-ec2-instance-profile.json'));

    expect(person.issued?.sessionArn).toMatch(/^arn:aws:sts::\d{12}:assumed-role\//);
    expect(service.issued).toBeUndefined();
  });

  it('uses the 1 hour default for a GetSessionToken by the root user', () => {
    const base = loadFixture('get-session-token/root-user.json');
    const e = eventOf({ ...base, requestParameters: {} });
    expect(e.session).toMatchObject({ requestedSeconds: 3600, requestedSecondsDefaulted: true });
  });

  it('derives the caller role and session from an assumed-role ARN without a session context', () => {
    const e = eventOf({
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetSessionToken',
      eventTime: '2024-01-15T10:30:00Z',
      awsRegion: 'us-east-1',
      recipientAccountId: '123456789012',
      sourceIPAddress: '10.0.0.1',
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/MyRole/session' },
    });
    expect(e.actor).toMatchObject({
      accountId: '123456789012',
      sessionIssuerArn: 'arn:aws:iam::123456789012:role/MyRole',
      sessionName: 'session',
    });
  });

  it('builds the AssumeRoot target in the partition of the caller', () => {
    const base = loadFixture('assume-root/audit-root-user.json');
    const ui = base.userIdentity as Record<string, unknown>;
    const e = eventOf({
      ...base,
      awsRegion: 'cn-north-1',
      userIdentity: { ...ui, arn: 'arn:aws-cn:sts::111122223333:assumed-role/OrgSecurityAdmin/secops.lee' },
    });
    expect(e.role?.arn).toBe('arn:aws-cn:iam::444455556666:root');
  });

  it('builds the AssumeRoot target in the partition of the region when the caller has no ARN', () => {
    const base = loadFixture('assume-root/audit-root-user.json');
    const regions = {
      'us-gov-west-1': 'aws-us-gov',
      'us-iso-east-1': 'aws-iso',
      'us-isob-east-1': 'aws-iso-b',
      'eu-isoe-west-1': 'aws-iso-e',
      'us-isof-south-1': 'aws-iso-f',
      'eusc-de-east-1': 'aws-eusc',
    };
    for (const [region, partition] of Object.entries(regions)) {
      const e = eventOf({
        ...base,
        awsRegion: region,
        userIdentity: {
          type: 'AWSAccount',
          accountId: '111122223333',
          principalId: 'AROAEXAMPLEORGSECADM1:secops.lee',
        },
      });
      expect(e.role?.arn, region).toBe(`arn:${partition}:iam::444455556666:root`);
    }
  });
});
