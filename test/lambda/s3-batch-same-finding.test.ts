import { gzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertSink } from '../../functions/adapters/sinks/alert-sink.ts';
import { SinkError } from '../../functions/adapters/sinks/alert-sink.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { createHandler } from '../../functions/s3-batch/index.ts';
import { type LocalDynamoDb, startDynalite } from '../state/support/dynalite.ts';
import { type CapturedOutput, captureOutput } from './helpers/capture-output.ts';
import { crossAccountAssumeRole, NOW_MS, stateEnv } from './helpers/records.ts';
import { putObject, startS3rver } from './helpers/s3rver.ts';
import { clockedContext, objectsCreated, sqsMessage } from './helpers/sqs.ts';

// The same finding in several messages of one batch, processed at the default concurrency (4) while Slack
// refuses it: every message owing it fails (each in turn claims it, Slack gives up, the claim is released),
// none waits for a lease, and the re-drive delivers it once per sink.

const BUCKET = 'org-trail-same';
const PREFIX = 'AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2026/03/02';
const key = (n: string): string => `${PREFIX}/444455556666_CloudTrail_us-east-1_20260302T1005Z_S${n}.json.gz`;
const call = (n: number): Record<string, unknown> => ({
  ...crossAccountAssumeRole(),
  eventID: `3c1d4d8e-7d55-4a43-9f0b-${String(n).padStart(12, '0')}`,
  sharedEventID: `b7e3c4a1-2f9d-4e6a-8c1b-${String(n).padStart(12, '0')}`,
});
const callOf = (f: Finding): number => Number(f.eventId?.slice(-12));

let db: LocalDynamoDb;
let s3: S3Client;
let stopS3: () => Promise<void>;
let output: CapturedOutput;
beforeAll(async () => {
  db = await startDynalite();
  ({ client: s3, stop: stopS3 } = await startS3rver([BUCKET]));
  await putObject(s3, BUCKET, key('a'), gzipSync(JSON.stringify({ Records: [call(1)] })));
  await putObject(s3, BUCKET, key('b'), gzipSync(JSON.stringify({ Records: [call(2)] })));
  await putObject(s3, BUCKET, key('c'), gzipSync(JSON.stringify({ Records: [call(3)] })));
});
afterAll(async () => {
  await stopS3();
  await db.stop();
});
afterEach(() => output.restore());

describe('s3-batch: one finding in several messages of a batch', () => {
  it('fails every message owing it while a sink refuses it, and the re-drive sends it once per sink', async () => {
    output = captureOutput();
    const table = 'rolewatch-same-finding';
    await db.createStateTable(table);
    let now = NOW_MS;
    const sent = { sns: [] as Finding[], slack: [] as Finding[] };
    let refuse = 2; // Slack gives up on call 2's findings
    const sinks: AlertSink[] = (['sns', 'slack'] as const).map((name) => ({
      name,
      minSeverity: 'low',
      async send(findings) {
        const ok = findings.filter((f) => name !== 'slack' || callOf(f) !== refuse);
        sent[name].push(...ok);
        if (ok.length < findings.length) {
          const ids = ok.map((f) => f.id);
          throw new SinkError(name, findings.length - ok.length, findings.length, 'HTTP 503', undefined, ids);
        }
      },
    }));
    const handler = createHandler({
      env: stateEnv(table),
      s3,
      dynamodb: db.client(),
      sinks,
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    const batch = [
      sqsMessage('m1', objectsCreated(BUCKET, [key('a'), key('b')])),
      sqsMessage('m2', objectsCreated(BUCKET, [key('b')])),
      sqsMessage('m3', objectsCreated(BUCKET, [key('c'), key('b')])),
      sqsMessage('m4', objectsCreated(BUCKET, [key('c')])),
      sqsMessage('m5', objectsCreated(BUCKET, [key('b')])), // SQS delivered m2 twice
    ];
    const context = () => clockedContext('s3-batch', 'req', () => now, now + 5 * 60_000);
    const start = now;

    const first = await handler({ Records: batch }, context());

    expect(first.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m1', 'm2', 'm3', 'm5']);
    expect(now).toBe(start); // no wait on a claim: each failed delivery released it
    const once = (fs: Finding[]) => new Set(fs.map((f) => f.id)).size === fs.length;
    expect(once(sent.sns) && once(sent.slack)).toBe(true);
    expect(new Set(sent.slack.map(callOf))).toEqual(new Set([1, 3]));

    refuse = 0;
    now += 30 * 60_000;
    const again = batch.filter((m) => m.messageId !== 'm4').map((m) => sqsMessage(m.messageId, m.body, 2));
    const second = await handler({ Records: again }, context());

    expect(second.batchItemFailures).toEqual([]);
    expect(once(sent.sns) && once(sent.slack)).toBe(true);
    expect(sent.slack.map((f) => f.id).sort()).toEqual(sent.sns.map((f) => f.id).sort());
    expect(new Set(sent.slack.map(callOf))).toEqual(new Set([1, 2, 3]));
  });
});
