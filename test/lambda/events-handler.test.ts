import { afterEach, describe, expect, it } from 'vitest';
import { type CloudTrailApiCallEvent, createHandler } from '../../functions/events/index.ts';
import { type CapturedOutput, captureOutput, fakeContext, metricSum } from './helpers/capture-output.ts';
import {
  crossAccountAssumeRole,
  NOW_MS,
  SECRET_ACCESS_KEY,
  SESSION_TOKENS,
  TRUST_FILE,
  webIdentityFromUnexpectedRepo,
} from './helpers/records.ts';
import { failingSink, recordingSink } from './helpers/sinks.ts';

/** The event an EventBridge rule on `source: aws.sts` delivers: the CloudTrail record is `detail`. */
function apiCallEvent(detail: Record<string, unknown>): CloudTrailApiCallEvent {
  return {
    version: '0',
    id: '6f8a3b2c-1d4e-4f5a-9b6c-7d8e9f0a1b2c',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.sts',
    account: String(detail.recipientAccountId),
    time: String(detail.eventTime),
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

const env = { ROLEWATCH_CONFIG: TRUST_FILE, ROLEWATCH_ALERT_SINKS: 'log' };

describe('events handler (EventBridge)', () => {
  let output: CapturedOutput;
  afterEach(() => output.restore());

  it('judges the CloudTrail record in detail and alerts on a role assumed from outside the zone of trust', async () => {
    output = captureOutput();
    const sink = recordingSink();
    const handler = createHandler({ env, sinks: [sink], now: () => NOW_MS });

    const summary = await handler(
      apiCallEvent(crossAccountAssumeRole()),
      fakeContext('rolewatch-events', 'req-ev-1'),
    );

    expect(summary).toMatchObject({ records: 1, credentialEvents: 1, malformed: 0 });
    expect(sink.sent.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['untrusted-principal', 'external-account']),
    );
    expect(sink.sent.every((f) => f.role?.arn === 'arn:aws:iam::444455556666:role/ProdAdmin')).toBe(true);
    expect(metricSum(output.emf(), 'CredentialEvents', { function: 'events', eventName: 'AssumeRole' })).toBe(
      1,
    );
    expect(output.logs().every((l) => l.function_request_id === 'req-ev-1')).toBe(true);
  });

  it('writes the alerts to the log when ROLEWATCH_ALERT_SINKS=log, with no secret from the record', async () => {
    output = captureOutput();
    const handler = createHandler({ env, now: () => NOW_MS });

    await handler(apiCallEvent(webIdentityFromUnexpectedRepo()), fakeContext('rolewatch-events', 'req-ev-2'));

    const alerts = output.logs().filter((l) => l.type === 'rolewatch.finding');
    expect(alerts.map((a) => a.rule)).toEqual(['oidc-subject-unexpected']);
    for (const secret of [...SESSION_TOKENS, SECRET_ACCESS_KEY]) expect(output.text()).not.toContain(secret);
  });

  it('counts an event without a CloudTrail record as an input error and does not throw', async () => {
    output = captureOutput();
    const handler = createHandler({ env, now: () => NOW_MS });
    const event = { ...apiCallEvent(crossAccountAssumeRole()), detail: { note: 'not a record' } };

    const summary = await handler(event, fakeContext('rolewatch-events', 'req-ev-3'));

    expect(summary).toMatchObject({ records: 0, malformed: 1 });
    expect(metricSum(output.emf(), 'InputErrors')).toBe(1);
  });

  it('throws when a sink gives up, so that EventBridge retries', async () => {
    output = captureOutput();
    const handler = createHandler({ env, sinks: [failingSink()], now: () => NOW_MS });

    await expect(handler(apiCallEvent(crossAccountAssumeRole()), fakeContext('e', 'r'))).rejects.toThrow(
      /not delivered by: slack/,
    );
  });
});
