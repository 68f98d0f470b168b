import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/stream/index.ts';
import { type CapturedOutput, captureOutput, fakeContext, metricSum } from './helpers/capture-output.ts';
import { NOW_MS, SECRET_ACCESS_KEY, SESSION_TOKENS, sampleRecords, TRUST_FILE } from './helpers/records.ts';
import { failingSink, recordingSink } from './helpers/sinks.ts';

/** What CloudWatch Logs delivers to a subscription: base64 of the gzipped payload. */
function subscriptionEvent(
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE',
  messages: string[],
): CloudWatchLogsEvent {
  const payload = {
    messageType,
    owner: messageType === 'CONTROL_MESSAGE' ? 'CloudwatchLogs' : '444455556666',
    logGroup: messageType === 'CONTROL_MESSAGE' ? '' : 'aws-cloudtrail-logs-444455556666-org',
    logStream: messageType === 'CONTROL_MESSAGE' ? '' : '444455556666_CloudTrail_us-east-1',
    subscriptionFilters: messageType === 'CONTROL_MESSAGE' ? [] : ['rolewatch-sts'],
    logEvents: messages.map((message, i) => ({
      id: `3869257632598261837726481045374698742871263529865039${String(i).padStart(2, '0')}`,
      timestamp: NOW_MS - 60_000,
      message,
    })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}

const env = { ROLEWATCH_CONFIG: TRUST_FILE, ROLEWATCH_ALERT_SINKS: 'log' };

describe('stream handler (CloudWatch Logs subscription)', () => {
  let output: CapturedOutput;
  afterEach(() => output.restore());

  it('judges every record of an encoded payload, logs the alerts and writes EMF metrics', async () => {
    output = captureOutput();
    const handler = createHandler({ env, now: () => NOW_MS });
    const event = subscriptionEvent(
      'DATA_MESSAGE',
      sampleRecords().map((r) => JSON.stringify(r)),
    );

    const summary = await handler(event, fakeContext('rolewatch-stream', 'req-stream-1'));

    expect(summary).toMatchObject({ records: 4, credentialEvents: 3, skipped: 1, malformed: 0 });
    const alerts = output.logs().filter((l) => l.type === 'rolewatch.finding');
    expect(new Set(alerts.map((a) => a.rule))).toEqual(
      new Set([
        'untrusted-principal',
        'external-account',
        'mfa-missing',
        'source-identity-missing',
        'source-ip-not-allowed',
        'oidc-subject-unexpected',
        'assume-denied',
      ]),
    );
    const emf = output.emf();
    expect(emf.length).toBeGreaterThan(0);
    expect(emf.every((d) => d._aws.CloudWatchMetrics[0]?.Namespace === 'rolewatch')).toBe(true);
    expect(metricSum(emf, 'CredentialEvents', { eventName: 'AssumeRole' })).toBe(2);
    expect(metricSum(emf, 'CredentialEvents', { eventName: 'AssumeRoleWithWebIdentity' })).toBe(1);
    expect(metricSum(emf, 'Findings', { rule: 'oidc-subject-unexpected', severity: 'high' })).toBe(1);
    // eventTime is 10:00:00–10:00:02 and judgement happens at 10:05:00.
    expect(metricSum(emf, 'JudgementLagMilliseconds')).toBe(300_000 + 299_000 + 298_000);
    expect(metricSum(emf, 'GrantedSessionSeconds', { eventName: 'AssumeRole' })).toBe(3600);
  });

  it('puts the request id on every log line', async () => {
    output = captureOutput();
    const handler = createHandler({ env, now: () => NOW_MS });

    await handler(
      subscriptionEvent(
        'DATA_MESSAGE',
        sampleRecords().map((r) => JSON.stringify(r)),
      ),
      fakeContext('s', 'req-42'),
    );

    const logs = output.logs();
    expect(logs.length).toBeGreaterThan(3);
    expect(logs.every((l) => l.function_request_id === 'req-42')).toBe(true);
  });

  it('never writes a session token or secret key from the input to logs, metrics or sinks', async () => {
    output = captureOutput();
    const sink = recordingSink();
    const handler = createHandler({ env, sinks: [sink], now: () => NOW_MS });
    const records = sampleRecords().map((r) => JSON.stringify(r));
    // A record that does not parse must not be echoed either.
    records.push(`${records[0]?.slice(0, 900)}`);

    await handler(subscriptionEvent('DATA_MESSAGE', records), fakeContext('s', 'req-1'));

    const everything = output.text() + sink.payloads.join('\n');
    expect(sink.sent.length).toBeGreaterThan(0);
    for (const secret of [...SESSION_TOKENS, SECRET_ACCESS_KEY]) expect(everything).not.toContain(secret);
    expect(everything).not.toContain('"sessionToken"');
  });

  it('acknowledges a CONTROL_MESSAGE without judging or alerting', async () => {
    output = captureOutput();
    const sink = recordingSink();
    const handler = createHandler({ env, sinks: [sink], now: () => NOW_MS });
    const event = subscriptionEvent('CONTROL_MESSAGE', [
      'CWL CONTROL MESSAGE: Checking health of destination Firehose.',
    ]);

    const summary = await handler(event, fakeContext('s', 'req-2'));

    expect(summary).toMatchObject({ controlMessages: 1, records: 0, findings: 0, malformed: 0 });
    expect(sink.sent).toEqual([]);
  });

  it('logs and counts a record that is not JSON without failing the invocation', async () => {
    output = captureOutput();
    const handler = createHandler({ env, now: () => NOW_MS });

    const summary = await handler(
      subscriptionEvent('DATA_MESSAGE', [
        '{"eventVersion":"1.08","eventSource":"sts.amazonaws.com",',
        JSON.stringify(sampleRecords()[2]),
      ]),
      fakeContext('s', 'req-3'),
    );

    expect(summary).toMatchObject({ malformed: 1, credentialEvents: 1 });
    const warning = output.logs().find((l) => l.message === 'input error');
    expect(warning?.location).toEqual(expect.stringContaining('event'));
    expect(metricSum(output.emf(), 'InputErrors')).toBe(1);
  });

  it('throws when a sink cannot deliver, so that Lambda retries, and counts the failure', async () => {
    output = captureOutput();
    const handler = createHandler({ env, sinks: [recordingSink(), failingSink()], now: () => NOW_MS });

    const run = handler(
      subscriptionEvent('DATA_MESSAGE', [JSON.stringify(sampleRecords()[0])]),
      fakeContext('s', 'r'),
    );

    await expect(run).rejects.toThrow(/alerts were not delivered by: slack/);
    expect(metricSum(output.emf(), 'SinkFailures')).toBe(1);
    expect(output.logs().some((l) => l.message === 'alert sink failed' && l.sink === 'slack')).toBe(true);
    expect(output.text()).not.toContain('hooks.slack.com/services');
  });
});
