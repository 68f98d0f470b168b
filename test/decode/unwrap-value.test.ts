import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { unwrapValue } from '../../functions/core/decode/unwrap-value.ts';
import { awslogsEvent, collect, eventIds, logsPayload, realRecords } from './support.ts';

const { assumeRole, leaveOrganization, assumeRoleRetry, failedAssumeRole } = realRecords();
const EVENT = { file: 'event' };

const eventBridge = (detail: unknown, detailType = 'AWS API Call via CloudTrail') => ({
  version: '0',
  id: '6f1b5e0c-2a4d-4f43-9a61-0c8b3f3b8a01',
  'detail-type': detailType,
  source: 'aws.sts',
  account: '307578594326',
  time: '2024-08-02T08:30:00Z',
  region: 'euiso-south-3r',
  resources: [],
  detail,
});

const lookupEntry = (record: Record<string, unknown>) => ({
  EventId: record.eventID,
  EventName: record.eventName,
  ReadOnly: 'true',
  EventTime: '2024-08-02T08:30:00+00:00',
  EventSource: 'sts.amazonaws.com',
  Username: 'christophe',
  Resources: [],
  CloudTrailEvent: JSON.stringify(record),
});

describe('unwrapValue: a bare record', () => {
  it('yields a record with eventSource and eventName as one record at the given location', () => {
    const out = collect(unwrapValue(assumeRole, EVENT));

    expect(out.errors).toEqual([]);
    expect(out.records).toHaveLength(1);
    expect(out.records[0]!.record).toBe(assumeRole);
    expect(out.records[0]!.location).toEqual({ file: 'event' });
  });

  it('yields records of other services too, leaving the STS filter to normalisation', () => {
    const out = collect(unwrapValue(leaveOrganization, EVENT));

    expect(out.records.map((r) => r.record.eventName)).toEqual(['LeaveOrganization']);
    expect(out.errors).toEqual([]);
  });
});

describe('unwrapValue: a CloudTrail log file', () => {
  it('yields each element of Records, located as Records[i], without copying it', () => {
    const value = { Records: [assumeRole, leaveOrganization, assumeRoleRetry] };

    const out = collect(unwrapValue(value, { file: 'trail.json.gz' }));

    expect(out.records.map((r) => r.location)).toEqual([
      { file: 'trail.json.gz', path: 'Records[0]' },
      { file: 'trail.json.gz', path: 'Records[1]' },
      { file: 'trail.json.gz', path: 'Records[2]' },
    ]);
    expect(out.records[1]!.record).toBe(leaveOrganization);
    expect(out.errors).toEqual([]);
  });

  it('yields nothing and no error for an empty Records list', () => {
    const out = collect(unwrapValue({ Records: [] }, EVENT));

    expect(out).toEqual({ records: [], controls: [], digests: [], insights: [], skipped: 0, errors: [] });
  });

  it('reports an element without eventSource/eventName as a shape error at its path', () => {
    const value = { Records: [assumeRole, { eventVersion: '1.08', eventTime: '2024-08-02T08:30:00Z' }] };

    const out = collect(unwrapValue(value, { file: 'trail.json' }));

    expect(eventIds(out)).toEqual([assumeRole.eventID]);
    expect(out.errors).toEqual([
      expect.objectContaining({ kind: 'shape', location: { file: 'trail.json', path: 'Records[1]' } }),
    ]);
    expect(out.errors[0]!.message).toMatch(/no eventSource or eventName/);
  });

  it('reports Records that is not an array as a shape error', () => {
    const out = collect(unwrapValue({ Records: { eventSource: 'sts.amazonaws.com' } }, EVENT));

    expect(out.records).toEqual([]);
    expect(out.errors.map((e) => e.kind)).toEqual(['shape']);
  });
});

describe('unwrapValue: EventBridge', () => {
  it('yields the record carried in detail of an "AWS API Call via CloudTrail" event', () => {
    const out = collect(unwrapValue(eventBridge(assumeRole), EVENT));

    expect(out.records).toEqual([{ record: assumeRole, location: { file: 'event', path: 'detail' } }]);
    expect(out.errors).toEqual([]);
  });

  it('accepts any detail-type ending in "via CloudTrail"', () => {
    const out = collect(unwrapValue(eventBridge(assumeRole, 'AWS Service Event via CloudTrail'), EVENT));

    expect(eventIds(out)).toEqual([assumeRole.eventID]);
  });

  it('yields each record of an array of EventBridge events, located as [i].detail', () => {
    const out = collect(unwrapValue([eventBridge(assumeRole), eventBridge(failedAssumeRole)], EVENT));

    expect(out.records.map((r) => r.location.path)).toEqual(['[0].detail', '[1].detail']);
    expect(eventIds(out)).toEqual([assumeRole.eventID, failedAssumeRole.eventID]);
  });

  it('reports an EventBridge event that does not come from CloudTrail as a shape error', () => {
    const out = collect(
      unwrapValue(eventBridge({ state: 'running' }, 'EC2 Instance State-change Notification'), EVENT),
    );

    expect(out.records).toEqual([]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.kind).toBe('shape');
    expect(out.errors[0]!.message).toContain('EC2 Instance State-change Notification');
  });
});

describe('unwrapValue: CloudWatch Logs subscription', () => {
  it('decodes base64 gzip awslogs.data and yields every log event message as a record', () => {
    const event = awslogsEvent(logsPayload([assumeRole, leaveOrganization, failedAssumeRole]));

    const out = collect(unwrapValue(event, EVENT));

    expect(out.errors).toEqual([]);
    expect(eventIds(out)).toEqual([assumeRole.eventID, leaveOrganization.eventID, failedAssumeRole.eventID]);
    expect(out.records.map((r) => r.location)).toEqual([
      { file: 'event', path: 'logEvents[0].message' },
      { file: 'event', path: 'logEvents[1].message' },
      { file: 'event', path: 'logEvents[2].message' },
    ]);
    expect(out.records[0]!.record).toEqual(assumeRole);
  });

  it('accepts the payload already decoded', () => {
    const out = collect(unwrapValue(logsPayload([assumeRoleRetry]), EVENT));

    expect(eventIds(out)).toEqual([assumeRoleRetry.eventID]);
    expect(out.errors).toEqual([]);
  });

  it('acknowledges a CONTROL_MESSAGE with one control item and no record or error', () => {
    const control = {
      messageType: 'CONTROL_MESSAGE',
      owner: 'CloudwatchLogs',
      logGroup: '',
      logStream: '',
      subscriptionFilters: [],
      logEvents: [
        { id: '', timestamp: 1722587400000, message: 'CWL CONTROL MESSAGE: Checking health of destination.' },
      ],
    };

    const out = collect(unwrapValue(awslogsEvent(control), EVENT));

    expect(out).toEqual({
      records: [],
      controls: [{ file: 'event' }],
      digests: [],
      insights: [],
      skipped: 0,
      errors: [],
    });
  });

  it('reports a log message that is not JSON as a json error at logEvents[i].message, keeping others', () => {
    const payload = logsPayload([assumeRole, leaveOrganization]);
    (payload.logEvents as { message: string }[])[1]!.message = '2024-08-02 08:30:00 INFO not a record';

    const out = collect(unwrapValue(awslogsEvent(payload), EVENT));

    expect(eventIds(out)).toEqual([assumeRole.eventID]);
    expect(out.errors).toEqual([
      expect.objectContaining({ kind: 'json', location: { file: 'event', path: 'logEvents[1].message' } }),
    ]);
  });

  it('reports awslogs.data that is not gzip as a gzip error', () => {
    const event = { awslogs: { data: Buffer.from(JSON.stringify(assumeRole)).toString('base64') } };

    const out = collect(unwrapValue(event, EVENT));

    expect(out.records).toEqual([]);
    expect(out.errors).toEqual([
      expect.objectContaining({ kind: 'gzip', location: { file: 'event', path: 'awslogs.data' } }),
    ]);
  });

  it('reports truncated gzip in awslogs.data as a gzip error that says so', () => {
    const whole = gzipSync(JSON.stringify(logsPayload([assumeRole])));
    const event = { awslogs: { data: whole.subarray(0, whole.length - 20).toString('base64') } };

    const out = collect(unwrapValue(event, EVENT));

    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.kind).toBe('gzip');
    expect(out.errors[0]!.message).toMatch(/truncated/);
  });
});

describe('unwrapValue: LookupEvents', () => {
  it('parses CloudTrailEvent of every entry of a LookupEvents result', () => {
    const result = { Events: [lookupEntry(assumeRole), lookupEntry(failedAssumeRole)], NextToken: 'abc' };

    const out = collect(unwrapValue(result, { file: 'lookup.json' }));

    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.record)).toEqual([assumeRole, failedAssumeRole]);
    expect(out.records[1]!.location).toEqual({ file: 'lookup.json', path: 'Events[1].CloudTrailEvent' });
  });

  it('parses a single LookupEvents entry on its own', () => {
    const out = collect(unwrapValue(lookupEntry(assumeRoleRetry), EVENT));

    expect(out.records).toEqual([
      { record: assumeRoleRetry, location: { file: 'event', path: 'CloudTrailEvent' } },
    ]);
  });

  it('reports an entry whose CloudTrailEvent is cut short as a json error with its path', () => {
    const broken = { ...lookupEntry(assumeRole), CloudTrailEvent: JSON.stringify(assumeRole).slice(0, 200) };

    const out = collect(unwrapValue({ Events: [lookupEntry(leaveOrganization), broken] }, EVENT));

    expect(eventIds(out)).toEqual([leaveOrganization.eventID]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.location).toEqual({ file: 'event', path: 'Events[1].CloudTrailEvent' });
    expect(out.errors[0]!.message).toMatch(/CloudTrailEvent is truncated JSON/);
  });
});

describe('unwrapValue with skipMessages: a message that is one record naming no candidate call is counted, nothing more', () => {
  // Selective parsing counts such a message from its bytes. A message with anything after its record is not
  // one record: counted as skipped, the AssumeRole after a skippable record would be lost unseen.
  const glued = `${JSON.stringify(leaveOrganization)} ${JSON.stringify(assumeRole)}`;

  it.each([
    [
      'a LookupEvents CloudTrailEvent',
      { Events: [{ ...lookupEntry(leaveOrganization), CloudTrailEvent: glued }] },
    ],
    [
      'a CloudWatch Logs message',
      { ...logsPayload([leaveOrganization]), logEvents: [{ id: '1', timestamp: 1, message: glued }] },
    ],
  ])('%s holding a second record after the first is an input error, as without skipping', (_, value) => {
    const selective = collect(unwrapValue(value, EVENT, { skipMessages: true }));
    const full = collect(unwrapValue(value, EVENT));

    expect(selective.skipped).toBe(0);
    expect(selective.errors.map((e) => e.message)).toEqual(full.errors.map((e) => e.message));
    expect(selective.errors).toHaveLength(1);
    expect(selective.errors[0]!.message).toMatch(/unexpected data after the JSON value/);
  });

  it('counts the same message without the second record as one skipped record', () => {
    const value = { Events: [lookupEntry(leaveOrganization)] };

    expect(collect(unwrapValue(value, EVENT, { skipMessages: true }))).toMatchObject({
      skipped: 1,
      errors: [],
    });
  });
});

describe('unwrapValue: anything else', () => {
  it('unwraps an array mixing a record, an EventBridge event, a log file and a LookupEvents entry', () => {
    const value = [
      assumeRole,
      eventBridge(assumeRoleRetry),
      { Records: [failedAssumeRole] },
      lookupEntry(leaveOrganization),
    ];

    const out = collect(unwrapValue(value, EVENT));

    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.location.path)).toEqual([
      '[0]',
      '[1].detail',
      '[2].Records[0]',
      '[3].CloudTrailEvent',
    ]);
  });

  it('reports an object of no accepted shape as a shape error naming its keys, not its values', () => {
    const out = collect(unwrapValue({ Version: '2012-10-17', Statement: [{ Effect: 'Allow' }] }, EVENT));

    expect(out.records).toEqual([]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatchObject({ kind: 'shape', location: { file: 'event' } });
    expect(out.errors[0]!.message).toContain('"Version", "Statement"');
    expect(out.errors[0]!.message).not.toContain('2012-10-17');
  });

  it('reports scalars and null inside an array as shape errors at their index', () => {
    const out = collect(unwrapValue([assumeRole, 42, null, 'AssumeRole'], EVENT));

    expect(eventIds(out)).toEqual([assumeRole.eventID]);
    expect(out.errors.map((e) => [e.kind, e.location.path])).toEqual([
      ['shape', '[1]'],
      ['shape', '[2]'],
      ['shape', '[3]'],
    ]);
  });

  it('stops unwrapping envelopes nested beyond a fixed depth with a shape error', () => {
    let value: unknown = assumeRole;
    for (let i = 0; i < 50; i++) value = [value];

    const out = collect(unwrapValue(value, EVENT));

    expect(out.records).toEqual([]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.message).toMatch(/nested more than \d+ deep/);
  });

  it('acknowledges a CloudTrail digest file as holding no records, without an input error', () => {
    const digest = {
      awsAccountId: '307578594326',
      digestStartTime: '2024-08-02T08:00:00Z',
      digestEndTime: '2024-08-02T09:00:00Z',
      digestS3Bucket: 'trail-bucket',
      logFiles: [],
    };

    const out = collect(unwrapValue(digest, EVENT));

    expect(out.errors).toEqual([]);
    expect(out.records).toEqual([]);
    expect(out.digests).toEqual([EVENT]);
  });
});
