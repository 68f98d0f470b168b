import { gzipSync } from 'node:zlib';
import { S3Client } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_MARGIN_MS } from '../../functions/lambda/judge-and-alert.ts';
import { createHandler } from '../../functions/s3-batch/index.ts';
import { type S3Proxy, startS3Proxy } from '../support/s3-proxy.ts';
import { type LocalS3, startLocalS3 } from '../support/s3rver.ts';
import { type CapturedOutput, captureOutput, metricSum } from './helpers/capture-output.ts';
import { describeInstances, NOW_MS, TRUST_FILE } from './helpers/records.ts';
import { recordingSink } from './helpers/sinks.ts';
import { clockedContext, objectsCreated, sqsMessage } from './helpers/sqs.ts';

// s3-batch with an object whose GetObject is still on the way when the invocation reaches its delivery
// deadline (5 s before the timeout): the read is stopped there, and the message fails, instead of running on
// into the timeout — which makes Lambda discard the whole batch's partial response and re-drive every message.

const BUCKET = 'org-trail-slow';
const KEY =
  'AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2026/03/02/444455556666_CloudTrail_us-east-1_20260302T1005Z_slow.json.gz';
/** How long the stand-in holds the GetObject answer back (real time). */
const SLOW_MS = 1_500;

let local: LocalS3;
let proxy: S3Proxy;
let output: CapturedOutput | undefined;
beforeAll(async () => {
  local = await startLocalS3([BUCKET]);
  proxy = await startS3Proxy(local.endpoint);
  // Nothing in it can alert: read in time, the message would simply be acknowledged.
  await local.put(BUCKET, KEY, gzipSync(JSON.stringify({ Records: [describeInstances()] })));
});
afterAll(async () => {
  await proxy.stop();
  await local.stop();
});
afterEach(() => {
  output?.restore();
  proxy.rules.length = 0;
});

describe('s3-batch: the delivery deadline arrives during a read', () => {
  it('stops the read at the deadline and fails the message, without counting an input error', async () => {
    proxy.rules.push((r) =>
      r.method === 'GET' && r.key === KEY
        ? { before: () => new Promise((resolve) => setTimeout(resolve, SLOW_MS)) }
        : undefined,
    );
    const s3 = new S3Client({
      endpoint: proxy.endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const handler = createHandler({
      env: { ROLEWATCH_CONFIG: TRUST_FILE, ROLEWATCH_ALERT_SINKS: 'log' },
      s3,
      sinks: [recordingSink()],
      now: () => NOW_MS,
    });
    const event: SQSEvent = { Records: [sqsMessage('msg-slow', objectsCreated(BUCKET, [KEY]))] };
    // 150 ms of real time before the delivery deadline.
    const context = clockedContext('s3-batch', 'req-slow', Date.now, Date.now() + DELIVERY_MARGIN_MS + 150);

    output = captureOutput();
    const started = Date.now();
    const response = await handler(event, context);
    const tookMs = Date.now() - started;
    const logs = output.logs();
    const emf = output.emf();
    output.restore();
    output = undefined;
    s3.destroy();

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'msg-slow' }]);
    // Stopped at the deadline, not after the slow answer.
    expect(tookMs).toBeLessThan(SLOW_MS);
    expect(logs.some((l) => String(l.message).startsWith('object read stopped: no time left'))).toBe(true);
    expect(metricSum(emf, 'InputErrors')).toBe(0);
  });
});
