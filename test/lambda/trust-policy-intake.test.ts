import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CloudTrailApiCallEvent,
  createHandler as createEventsHandler,
} from '../../functions/events/index.ts';
import { createHandler as createS3BatchHandler } from '../../functions/s3-batch/index.ts';
import { createHandler as createStreamHandler } from '../../functions/stream/index.ts';
import { type CapturedOutput, captureOutput, fakeContext, metricSum } from './helpers/capture-output.ts';
import { NOW_MS, TRUST_FILE } from './helpers/records.ts';
import { putObject, startS3rver } from './helpers/s3rver.ts';
import { recordingSink } from './helpers/sinks.ts';

// trust-policy-changed through the three handlers (CONTRACT §1, §3, §6): the same IAM records reach each
// one in its own envelope, are counted as trust-policy events, and only the widening change alerts.

const SCENARIOS = new URL('../../fixtures/cloudtrail/rules/trust-policy-changed/', import.meta.url);
const scenario = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`${name}.json`, SCENARIOS), 'utf8')) as Record<string, unknown>;

/** Deploy trusts more (widening), Deploy as the entry says (no-op), ReadOnly's description (unrelated). */
const RECORDS = () => [scenario('match'), scenario('near-miss'), scenario('unrelated')];
const env = { ROLEWATCH_CONFIG: TRUST_FILE, ROLEWATCH_ALERT_SINKS: 'log' };
const DEPLOY = 'arn:aws:iam::444455556666:role/Deploy';

function expectOneTrustAlert(sent: readonly { rule: string; role?: { arn: string }; eventName: string }[]) {
  expect(sent.map((f) => [f.rule, f.role?.arn, f.eventName])).toEqual([
    ['trust-policy-changed', DEPLOY, 'UpdateAssumeRolePolicy'],
  ]);
}

describe('IAM trust-policy changes through the Lambda handlers', () => {
  let output: CapturedOutput;
  afterEach(() => output.restore());

  it('events: judges each EventBridge event of source aws.iam', async () => {
    output = captureOutput();
    const sink = recordingSink();
    const handler = createEventsHandler({ env, sinks: [sink], now: () => NOW_MS });
    const summaries = [];
    for (const [i, detail] of RECORDS().entries()) {
      const event: CloudTrailApiCallEvent = {
        version: '0',
        id: `1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5${i}`,
        'detail-type': 'AWS API Call via CloudTrail',
        source: 'aws.iam',
        account: '444455556666',
        time: String(detail.eventTime),
        region: 'us-east-1',
        resources: [],
        detail,
      };
      summaries.push(await handler(event, fakeContext('rolewatch-events', `req-iam-${i}`)));
    }

    expect(summaries.map((s) => [s.trustPolicyEvents, s.credentialEvents, s.skipped, s.findings])).toEqual([
      [1, 0, 0, 1],
      [1, 0, 0, 0],
      [1, 0, 0, 0],
    ]);
    expectOneTrustAlert(sink.sent);
    expect(metricSum(output.emf(), 'Findings', { rule: 'trust-policy-changed', severity: 'high' })).toBe(1);
    expect(metricSum(output.emf(), 'CredentialEvents')).toBe(0);
  });

  it('stream: judges the IAM records of a CloudWatch Logs subscription payload', async () => {
    output = captureOutput();
    const sink = recordingSink();
    const handler = createStreamHandler({ env, sinks: [sink], now: () => NOW_MS });
    const payload = {
      messageType: 'DATA_MESSAGE',
      owner: '444455556666',
      logGroup: 'aws-cloudtrail-logs-444455556666-org',
      logStream: '444455556666_CloudTrail_us-east-1',
      subscriptionFilters: ['rolewatch-sts'],
      logEvents: RECORDS().map((r, i) => ({
        id: `38692576325982618377264810453746987428712635298650390${i}`,
        timestamp: NOW_MS,
        message: JSON.stringify(r),
      })),
    };

    const summary = await handler(
      { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } },
      fakeContext('rolewatch-stream', 'req-iam-stream'),
    );

    expect(summary).toMatchObject({
      records: 3,
      trustPolicyEvents: 3,
      credentialEvents: 0,
      skipped: 0,
      findings: 1,
    });
    expectOneTrustAlert(sink.sent);
    const logged = output.logs().find((l) => l.message === 'judged');
    expect(logged).toMatchObject({ trustPolicyEvents: 3, credentialEvents: 0 });
  });

  describe('s3-batch', () => {
    const BUCKET = 'org-trail-logs';
    const KEY =
      'AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2026/11/03/444455556666_CloudTrail_us-east-1_20261103T0930Z_IamTrust1234abcd.json.gz';
    let s3: S3Client;
    let stop: () => Promise<void>;

    beforeAll(async () => {
      ({ client: s3, stop } = await startS3rver([BUCKET]));
      await putObject(s3, BUCKET, KEY, gzipSync(JSON.stringify({ Records: RECORDS() })));
    });
    afterAll(async () => stop());

    it('judges the IAM records of a CloudTrail log object announced through SQS', async () => {
      output = captureOutput();
      const sink = recordingSink();
      const handler = createS3BatchHandler({ env, s3, sinks: [sink], now: () => NOW_MS });
      const body = JSON.stringify({
        Records: [
          {
            eventVersion: '2.1',
            eventSource: 'aws:s3',
            awsRegion: 'us-east-1',
            eventTime: '2026-11-03T09:30:12.345Z',
            eventName: 'ObjectCreated:Put',
            s3: {
              s3SchemaVersion: '1.0',
              bucket: { name: BUCKET, arn: `arn:aws:s3:::${BUCKET}` },
              object: { key: KEY, size: 2048 },
            },
          },
        ],
      });
      const event: SQSEvent = {
        Records: [
          {
            messageId: 'msg-iam',
            receiptHandle: 'AQEBmsg-iam',
            body,
            attributes: {
              ApproximateReceiveCount: '1',
              SentTimestamp: '1793698212345',
              SenderId: 'AIDAIENQZJOLO23YVJ4VO',
              ApproximateFirstReceiveTimestamp: '1793698212350',
            },
            messageAttributes: {},
            md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
            eventSource: 'aws:sqs',
            eventSourceARN: 'arn:aws:sqs:us-east-1:444455556666:rolewatch-trail-objects',
            awsRegion: 'us-east-1',
          },
        ],
      };

      const response = await handler(event, fakeContext('rolewatch-s3-batch', 'req-iam-s3'));

      expect(response.batchItemFailures).toEqual([]);
      expectOneTrustAlert(sink.sent);
    });
  });
});
