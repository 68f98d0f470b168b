import { gzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertSink } from '../../functions/adapters/sinks/alert-sink.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { LEASE_MARGIN_MS } from '../../functions/lambda/alert-lease.ts';
import { DELIVERY_MARGIN_MS } from '../../functions/lambda/judge-and-alert.ts';
import { createHandler } from '../../functions/s3-batch/index.ts';
import { type LocalDynamoDb, startDynalite } from '../state/support/dynalite.ts';
import { type CapturedOutput, captureOutput } from './helpers/capture-output.ts';
import { crossAccountAssumeRole, describeInstances, NOW_MS, stateEnv } from './helpers/records.ts';
import { putObject, startS3rver } from './helpers/s3rver.ts';
import { clockedContext, objectsCreated, sqsMessage } from './helpers/sqs.ts';

// s3-batch with its default concurrency (4) and a Slack webhook that accepts connections and never answers:
// the first call that hangs lasts until the delivery deadline (the test's clock jumps there), every message
// whose alerts did not all reach Slack fails, the claims of the cut-off sends hold until their lease (the
// calls might still go through), and the re-drive after the visibility timeout delivers once per sink.

const BUCKET = 'org-trail-hang';
const PREFIX = 'AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2026/03/02';
const key = (n: number): string => `${PREFIX}/444455556666_CloudTrail_us-east-1_20260302T1005Z_H${n}.json.gz`;
const TIMEOUT_MS = 5 * 60_000;
const VISIBILITY_MS = 30 * 60_000;

const call = (n: number): Record<string, unknown> => ({
  ...crossAccountAssumeRole(),
  eventID: `3c1d4d8e-7d55-4a43-9f0b-${String(n).padStart(12, '0')}`,
  sharedEventID: `b7e3c4a1-2f9d-4e6a-8c1b-${String(n).padStart(12, '0')}`,
});

let db: LocalDynamoDb;
let s3: S3Client;
let stopS3: () => Promise<void>;
let output: CapturedOutput;
beforeAll(async () => {
  db = await startDynalite();
  ({ client: s3, stop: stopS3 } = await startS3rver([BUCKET]));
  for (let n = 1; n <= 8; n++) {
    const records = n === 5 ? [describeInstances()] : [call(n)];
    await putObject(s3, BUCKET, key(n), gzipSync(JSON.stringify({ Records: records })));
  }
});
afterAll(async () => {
  await stopS3();
  await db.stop();
});
afterEach(() => output.restore());

describe('s3-batch: a sink that never answers', () => {
  it('fails the messages it held up, keeps its claims until the lease, and the re-drive delivers once per sink', async () => {
    output = captureOutput();
    const table = 'rolewatch-hang-batch';
    await db.createStateTable(table);
    let now = NOW_MS;
    const end = NOW_MS + TIMEOUT_MS;
    const sent = { sns: [] as Finding[], slack: [] as Finding[] };
    let hang = true;
    const sinks: AlertSink[] = (['sns', 'slack'] as const).map((name) => ({
      name,
      minSeverity: 'low',
      async send(findings) {
        if (name === 'slack' && hang) {
          now = Math.max(now, end - DELIVERY_MARGIN_MS); // it lasts until the deadline cuts it
          await new Promise<void>(() => undefined);
        }
        sent[name].push(...findings);
      },
    }));
    const handler = () =>
      createHandler({
        env: stateEnv(table),
        s3,
        dynamodb: db.client(),
        sinks,
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      });
    // Eight messages, one with two objects, one with nothing to alert.
    const batch = [1, 2, 3, 4, 5, 6, 7].map((n) =>
      sqsMessage(`m${n}`, objectsCreated(BUCKET, n === 7 ? [key(7), key(8)] : [key(n)])),
    );

    const first = await handler()(
      { Records: batch },
      clockedContext('s3-batch', 'req-1', () => now, end),
    );

    const failed = first.batchItemFailures.map((f) => f.itemIdentifier);
    // Every message owing Slack an alert comes back; the quiet one only if the deadline came before its read.
    expect(failed).toEqual(expect.arrayContaining(['m1', 'm2', 'm3', 'm4', 'm6', 'm7']));
    expect(sent.slack).toEqual([]);
    // The cut-off sends' claims are kept until their lease; nothing else is left claimed.
    const claims = (await db.scan(table)).filter(
      (i) => i.claimant !== undefined && i.alertedAtMs === undefined,
    );
    const live = claims.filter((i) => Number((i.expiresAtMs as { N: string }).N) > now);
    expect(live.length).toBeGreaterThan(0);
    for (const c of live) {
      expect((c.pk as { S: string }).S.endsWith('#slack')).toBe(true);
      expect(Number((c.expiresAtMs as { N: string }).N)).toBe(end + LEASE_MARGIN_MS);
    }

    // SQS shows them again after the visibility timeout, long past the lease; Slack answers again.
    hang = false;
    now = NOW_MS + VISIBILITY_MS;
    const again = batch
      .filter((m) => failed.includes(m.messageId))
      .map((m) => sqsMessage(m.messageId, m.body, 2));
    const second = await handler()(
      { Records: again },
      clockedContext('s3-batch', 'req-2', () => now, now + TIMEOUT_MS),
    );

    expect(second.batchItemFailures).toEqual([]);
    const ids = (fs: Finding[]) => fs.map((f) => f.id).sort();
    expect(new Set(ids(sent.slack)).size).toBe(sent.slack.length);
    expect(new Set(ids(sent.sns)).size).toBe(sent.sns.length);
    expect(ids(sent.slack)).toEqual(ids(sent.sns));
    const calls = new Set(sent.slack.map((f) => Number(f.eventId?.slice(-12))));
    expect([...calls].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 6, 7, 8]);
  });
});
