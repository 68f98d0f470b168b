import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourceItem } from '../../functions/core/pipeline/source-item.ts';
import { ReportSchema } from '../../functions/core/report/report-schema.ts';
import { createHandler } from '../../functions/report/index.ts';
import { generateTrail } from '../../functions/trail-generator/generate-trail.ts';
import { encodeTrailFile, writeTrail } from '../../functions/trail-generator/write-trail.ts';
import {
  type CapturedOutput,
  captureOutput,
  fakeContext,
  metricSum,
} from '../lambda/helpers/capture-output.ts';
import { startS3rver } from '../lambda/helpers/s3rver.ts';
import { stubAwsEnv } from '../support/aws-env.ts';
import { type LocalS3, startLocalS3 } from '../support/s3rver.ts';
import { EXAMPLE_TRUST_FILE, runMain } from './support.ts';

const REPORTS = 'acme-rolewatch-reports';
const TOPIC = 'arn:aws:sns:us-east-1:444455556666:rolewatch-findings';
const SOURCE = 's3://acme-cloudtrail-logs/AWSLogs/';
// Exactly what the stack gives the report function: the trust file, the report settings and the topic.
const ENV = {
  ROLEWATCH_CONFIG: EXAMPLE_TRUST_FILE,
  ROLEWATCH_REPORT_SOURCE: SOURCE,
  ROLEWATCH_REPORT_BUCKET: REPORTS,
  ROLEWATCH_SNS_TOPIC_ARN: TOPIC,
  ROLEWATCH_DASHBOARD_URL:
    'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=rolewatch',
  AWS_REGION: 'us-east-1',
};

/** The demo trail's log files as an S3 source would hand them over (the remote sources are another issue). */
function fakeTrailSource(opened: string[]) {
  return (url: string) => {
    opened.push(url);
    const files = [...generateTrail({ records: 1200, demo: true })];
    return {
      ok: true as const,
      value: (async function* (): AsyncGenerator<SourceItem> {
        for (const f of files)
          yield { input: { name: `s3://acme-cloudtrail-logs/${f.key}`, bytes: encodeTrailFile(f) } };
      })(),
    };
  };
}

/** A scheduled invocation with most of the 15-minute limit ahead of it. */
const scheduled = (id: string) => ({ ...fakeContext('report', id), getRemainingTimeInMillis: () => 890_000 });

async function keysUnder(s3: S3Client, prefix: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: REPORTS, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => o.Key ?? '').sort();
}

async function text(s3: S3Client, key: string): Promise<{ body: string; type: string | undefined }> {
  const o = await s3.send(new GetObjectCommand({ Bucket: REPORTS, Key: key }));
  return { body: (await o.Body?.transformToString('utf-8')) ?? '', type: o.ContentType };
}

describe('the report function (EventBridge Scheduler → s3rver, SNS mocked)', () => {
  let s3: S3Client;
  let stop: () => Promise<void>;
  let output: CapturedOutput;
  const sns = mockClient(SNSClient);
  const snsClient = new SNSClient({ region: 'us-east-1' });

  beforeAll(async () => {
    ({ client: s3, stop } = await startS3rver([REPORTS]));
  });
  afterAll(async () => {
    await stop();
  });
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    output = captureOutput();
  });
  afterEach(() => output.restore());

  it('writes the four files under YYYY/MM/DD/, sends the summary, and compares with the previous week', async () => {
    const opened: string[] = [];
    const handler = createHandler({
      env: ENV,
      s3,
      sns: snsClient,
      openSource: fakeTrailSource(opened),
      now: () => Date.parse('2026-11-02T06:00:30Z'),
    });
    const first = await handler({ scheduledTime: '2026-11-02T06:00:00Z' }, scheduled('req-1'));
    expect(opened).toEqual([SOURCE]);
    expect(first.since).toBe('2026-10-26T06:00:00.000Z');
    expect(first.until).toBe('2026-11-02T06:00:00.000Z');
    expect(await keysUnder(s3, '2026/11/02/')).toEqual([
      '2026/11/02/findings.csv',
      '2026/11/02/report.html',
      '2026/11/02/report.json',
      '2026/11/02/report.md',
    ]);
    const json = ReportSchema.parse(JSON.parse((await text(s3, '2026/11/02/report.json')).body));
    expect(json.totals.credentialEvents).toBe(first.credentialEvents);
    expect(json.totals.credentialEvents).toBeGreaterThan(300);
    expect(json.activity.calls + json.activity.duplicateCopies).toBe(json.totals.credentialEvents);
    expect(json.sources).toEqual([SOURCE]);
    expect(json.trustFile.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(json.links.dashboard).toBe(ENV.ROLEWATCH_DASHBOARD_URL);
    expect(json.change).toBeUndefined();
    const csv = parse((await text(s3, '2026/11/02/findings.csv')).body) as string[][];
    expect(csv.length - 1).toBe(json.totals.findings);
    const html = await text(s3, '2026/11/02/report.html');
    expect(html.type).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('Content-Security-Policy');

    const publishes = sns.commandCalls(PublishCommand);
    expect(publishes).toHaveLength(1);
    const input = publishes[0]?.args[0].input;
    expect(input?.TopicArn).toBe(TOPIC);
    expect(input?.Subject).toMatch(/^rolewatch report 2026-11-02: \d+ findings, \d+ credential events$/);
    expect(input?.Message).toContain(
      `${json.totals.credentialEvents.toLocaleString('en-US')} credential events`,
    );
    expect(input?.Message).toContain('Top finding groups:');
    // No pre-signed link: it would carry the function's session token to every subscriber.
    expect(input?.Message).not.toMatch(/X-Amz-(Security-Token|Credential|Signature)/);
    expect(input?.Message).toContain(
      'https://s3.console.aws.amazon.com/s3/object/acme-rolewatch-reports?prefix=2026%2F11%2F02%2Freport.html',
    );

    // A week later the schedule runs again: the first report is the previous one.
    const later = createHandler({
      env: ENV,
      s3,
      sns: snsClient,
      openSource: fakeTrailSource([]),
      now: () => Date.parse('2026-11-09T06:00:20Z'),
    });
    const second = await later({ scheduledTime: '2026-11-09T06:00:00Z' }, scheduled('req-2'));
    expect(second.keys).toContain('2026/11/09/report.json');
    const next = ReportSchema.parse(JSON.parse((await text(s3, '2026/11/09/report.json')).body));
    expect(next.totals.credentialEvents).toBe(0); // the trail lies before this period
    expect(next.totals.outsidePeriod).toBeGreaterThan(0);
    expect(next.change?.totals.credentialEvents).toEqual({
      previous: json.totals.credentialEvents,
      current: 0,
    });
    expect(next.change?.resolvedGroups.length).toBe(json.findings.groups.length);
  });

  it('counts and judges exactly as scan over the same trail and period, denied-burst and lineage included', async () => {
    const handler = createHandler({
      env: ENV,
      s3,
      sns: snsClient,
      openSource: fakeTrailSource([]),
      now: () => Date.parse('2026-11-04T06:00:30Z'),
    });
    await handler({ scheduledTime: '2026-11-04T06:00:00Z' }, scheduled('req-scan'));
    const json = ReportSchema.parse(JSON.parse((await text(s3, '2026/11/04/report.json')).body));
    const dir = mkdtempSync(join(tmpdir(), 'rolewatch-report-fn-'));
    try {
      writeTrail({ records: 1200, demo: true }, dir);
      const period = ['--since', '2026-10-28T06:00:00Z', '--until', '2026-11-04T06:00:00Z'];
      const scan = await runMain([
        'scan',
        '--config',
        EXAMPLE_TRUST_FILE,
        '--workers',
        '1',
        '--format',
        'json',
        ...period,
        dir,
      ]);
      const { state: _state, ...summary } = JSON.parse(scan.stdout).summary;
      expect(summary.byRule['denied-burst']).toBe(1);
      expect(json.totals).toEqual(summary);
      expect(json.findings.byRule).toEqual(summary.byRule);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops at the time limit and writes a report marked incomplete in every file and in the summary', async () => {
    const handler = createHandler({
      env: ENV,
      s3,
      sns: snsClient,
      openSource: fakeTrailSource([]),
      reserveMs: 60_000,
      now: () => Date.parse('2026-11-16T06:00:10Z'),
    });
    // Plenty of time for the first 20 inputs, then less than the reserve.
    let asked = 0;
    const context = {
      ...fakeContext('report', 'req-3'),
      getRemainingTimeInMillis: () => (++asked <= 20 ? 890_000 : 45_000),
    };
    const result = await handler({ scheduledTime: '2026-11-16T06:00:00Z' }, context);

    expect(result.complete).toBe(false);
    const json = ReportSchema.parse(JSON.parse((await text(s3, '2026/11/16/report.json')).body));
    expect(json.totals.files).toBe(20);
    expect(json.completeness?.complete).toBe(false);
    expect(json.completeness?.stoppedEarly).toMatch(
      /report of s3:\/\/acme-cloudtrail-logs\/AWSLogs\/ for 2026-11-09T06:00:00.000Z – 2026-11-16T06:00:00.000Z \(ROLEWATCH_REPORT_PERIOD=7d\) would not finish within the Lambda time limit: 20 input\(s\) read/,
    );
    expect((await text(s3, '2026/11/16/report.md')).body).toMatch(/^# INCOMPLETE rolewatch audit report/);
    const html = (await text(s3, '2026/11/16/report.html')).body;
    expect(html).toContain('<title>INCOMPLETE rolewatch audit report');
    expect(html).toMatch(
      /<section id="incomplete"[^>]*><h2>Incomplete report<\/h2>.*would not finish within the Lambda time limit/,
    );
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.Subject).toMatch(/^INCOMPLETE rolewatch report 2026-11-16: /);
    expect(input?.Message).toMatch(
      /INCOMPLETE: the numbers below cover only what was read[\s\S]*time limit: 20 input\(s\) read/,
    );
  });

  it('writes a report marked incomplete when the source fails midway, then fails the invocation', async () => {
    const handler = createHandler({
      env: ENV,
      s3,
      sns: snsClient,
      openSource: () => ({
        ok: true as const,
        value: (async function* (): AsyncGenerator<SourceItem> {
          let n = 0;
          for (const f of generateTrail({ records: 1200, demo: true })) {
            if (++n > 5) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
            yield { input: { name: `s3://acme-cloudtrail-logs/${f.key}`, bytes: encodeTrailFile(f) } };
          }
        })(),
      }),
      now: () => Date.parse('2026-11-17T06:00:10Z'),
    });
    await expect(handler({ scheduledTime: '2026-11-17T06:00:00Z' }, scheduled('req-7'))).rejects.toThrow(
      /failed after 5 input\(s\) read .*TimeoutError.*An incomplete report was written to 2026\/11\/17\//,
    );
    const json = ReportSchema.parse(JSON.parse((await text(s3, '2026/11/17/report.json')).body));
    expect(json.totals.files).toBe(5);
    expect(json.completeness?.complete).toBe(false);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject).toMatch(/^INCOMPLETE /);
  });

  it('refuses broken settings, naming the variable, and counts a configuration error', async () => {
    const { ROLEWATCH_REPORT_BUCKET: _bucket, ...env } = ENV;
    const handler = createHandler({
      env: { ...env, ROLEWATCH_REPORT_PERIOD: 'a week' },
      s3,
      sns: snsClient,
      openSource: fakeTrailSource([]),
    });
    await expect(handler({}, fakeContext('report', 'req-4'))).rejects.toThrow(
      /ROLEWATCH_REPORT_BUCKET: required.*ROLEWATCH_REPORT_PERIOD: "a week" is not a span/,
    );
    expect(metricSum(output.emf(), 'ConfigErrors', { function: 'report' })).toBe(1);
  });

  it('names source and period when the source cannot be opened', async () => {
    const handler = createHandler({
      env: { ...ENV, ROLEWATCH_REPORT_SOURCE: 'athena://no-table-here' },
      s3,
      sns: snsClient,
      now: () => Date.parse('2026-11-23T06:00:00Z'),
    });
    await expect(handler({ scheduledTime: '2026-11-23T06:00:00Z' }, scheduled('req-5'))).rejects.toThrow(
      /cannot read athena:\/\/no-table-here for 2026-11-16T06:00:00.000Z – 2026-11-23T06:00:00.000Z \(ROLEWATCH_REPORT_PERIOD=7d\): /,
    );
  });
});

describe('the report function reading a real s3:// trail source (openRemoteSource → s3rver)', () => {
  let local: LocalS3;
  const sns = mockClient(SNSClient);
  beforeAll(async () => {
    local = await startLocalS3(['acme-cloudtrail-logs', REPORTS]);
    await local.putAll(
      'acme-cloudtrail-logs',
      [...generateTrail({ records: 600, demo: true })].map((f) => ({ key: f.key, body: encodeTrailFile(f) })),
    );
  });
  afterAll(async () => {
    await local.stop();
  });
  afterEach(() => vi.unstubAllEnvs());

  it('lists and reads the trail objects of the period and writes the report', async () => {
    stubAwsEnv({ S3: local.endpoint });
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    const handler = createHandler({
      env: { ...process.env, ...ENV },
      s3: local.client,
      sns: new SNSClient({ region: 'us-east-1' }),
      now: () => Date.parse('2026-11-02T06:00:30Z'),
    });
    const result = await handler({ scheduledTime: '2026-11-02T06:00:00Z' }, scheduled('req-6'));
    expect(result.credentialEvents).toBeGreaterThan(100);
    const o = await local.client.send(
      new GetObjectCommand({ Bucket: REPORTS, Key: '2026/11/02/report.json' }),
    );
    const json = ReportSchema.parse(JSON.parse((await o.Body?.transformToString('utf-8')) ?? ''));
    expect(json.totals.files).toBeGreaterThan(10);
    expect(json.totals.malformed).toBe(0);
    expect(json.totals.credentialEvents).toBe(result.credentialEvents);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });
});
