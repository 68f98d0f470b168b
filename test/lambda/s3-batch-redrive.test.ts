import { gzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertSink } from '../../functions/adapters/sinks/alert-sink.ts';
import { SinkError } from '../../functions/adapters/sinks/alert-sink.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { DELIVERY_MARGIN_MS } from '../../functions/lambda/judge-and-alert.ts';
import { createHandler } from '../../functions/s3-batch/index.ts';
import { type LocalDynamoDb, startDynalite } from '../state/support/dynalite.ts';
import { type CapturedOutput, captureOutput, metricSum } from './helpers/capture-output.ts';
import {
  crossAccountAssumeRole,
  describeInstances,
  NOW_MS,
  SECRET_ACCESS_KEY,
  SESSION_TOKENS,
  stateEnv,
} from './helpers/records.ts';
import { putObject, startS3rver } from './helpers/s3rver.ts';
import { clockedContext, objectsCreated, sqsMessage } from './helpers/sqs.ts';

// A realistic SQS batch for s3-batch, end to end: s3rver and dynalite on loopback with the real SDK clients,
// the test's clock (the invocation's time left runs on it), no real waiting. Ten messages, some naming several
// objects: a missing object, one that is not gzip, a sink that fails for one object, the same finding in two
// messages, and the delivery deadline arriving while the 8th message is read. Then SQS re-delivers what
// failed, after the visibility timeout, until every alert has reached every sink exactly once.

const BUCKET = 'org-trail-redrive';
const PREFIX = 'AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2026/03/02';
const key = (name: string): string =>
  `${PREFIX}/444455556666_CloudTrail_us-east-1_20260302T1005Z_${name}.json.gz`;
const TIMEOUT_MS = 5 * 60_000; // the CDK app's s3-batch timeout
const VISIBILITY_MS = 30 * 60_000; // the queue's visibility timeout

/** A cross-account AssumeRole (an untrusted-principal finding) that is its own call: its own finding id. */
const call = (n: string): Record<string, unknown> => ({
  ...crossAccountAssumeRole(),
  eventID: `3c1d4d8e-7d55-4a43-9f0b-${n.padStart(12, '0')}`,
  sharedEventID: `b7e3c4a1-2f9d-4e6a-8c1b-${n.padStart(12, '0')}`,
  requestID: `8f3a2f54-4d6b-4c1e-9d7a-${n.padStart(12, '0')}`,
});
const newPair = (record: Record<string, unknown>): Record<string, unknown> => {
  const who = record.userIdentity as Record<string, unknown>;
  return {
    ...record,
    userIdentity: {
      ...who,
      arn: 'arn:aws:iam::999988887777:user/trudy',
      userName: 'trudy',
      principalId: 'AIDAY5GE5XSBZEXAMPLE7',
    },
  };
};
const gz = (records: Record<string, unknown>[]): Buffer => gzipSync(JSON.stringify({ Records: records }));

const OBJECTS = {
  a: key('A'), // two calls
  b: key('B'),
  c: key('C'),
  missing: key('Missing'),
  plain: key('Plain'), // not gzip: a copied, uncompressed log file
  garbage: key('Garbage'), // not gzip, not JSON either, with a secret in it
  d: key('D'), // the Slack sink fails for its finding
  quiet: key('Quiet'),
  e: key('E'),
  f: key('F'), // read when the deadline arrives
  g: key('G'),
};

/** The (finding, sink) deliveries a sink made, by the call's number. */
function sink(name: AlertSink['name'], failFor: Set<string> = new Set()) {
  const sent: Finding[] = [];
  return {
    name,
    minSeverity: 'low' as const,
    sent,
    failFor,
    async send(findings: readonly Finding[]) {
      const refused = findings.filter((f) => failFor.has(f.eventId ?? ''));
      const ok = findings.filter((f) => !failFor.has(f.eventId ?? ''));
      // As a real sink that sends one by one: what it delivered before giving up is said.
      sent.push(...ok);
      if (refused.length > 0) {
        throw new SinkError(
          name,
          refused.length,
          findings.length,
          'HTTP 503',
          undefined,
          ok.map((f) => f.id),
        );
      }
    },
  } satisfies AlertSink & Record<string, unknown>;
}

/** How many times each finding was sent, and the calls (by number) they are about. */
const sends = (findings: readonly Finding[]) => {
  const times = new Map<string, number>();
  for (const f of findings) times.set(f.id, (times.get(f.id) ?? 0) + 1);
  return {
    most: Math.max(0, ...times.values()),
    findings: times.size,
    calls: [...new Set(findings.map((f) => Number(f.eventId?.slice(-12))))].sort((a, b) => a - b),
  };
};
const eventId = (n: string): string => `3c1d4d8e-7d55-4a43-9f0b-${n.padStart(12, '0')}`;

let db: LocalDynamoDb;
let s3: S3Client;
let stopS3: () => Promise<void>;
let output: CapturedOutput;
beforeAll(async () => {
  db = await startDynalite();
  ({ client: s3, stop: stopS3 } = await startS3rver([BUCKET]));
  await putObject(s3, BUCKET, OBJECTS.a, gz([call('1'), call('2')]));
  await putObject(s3, BUCKET, OBJECTS.b, gz([call('3')]));
  await putObject(s3, BUCKET, OBJECTS.c, gz([call('4')]));
  await putObject(s3, BUCKET, OBJECTS.plain, JSON.stringify({ Records: [call('5')] }));
  await putObject(
    s3,
    BUCKET,
    OBJECTS.garbage,
    `not a log file: aws_secret_access_key=${SECRET_ACCESS_KEY} token=${SESSION_TOKENS[0]}`,
  );
  await putObject(s3, BUCKET, OBJECTS.d, gz([call('6')]));
  await putObject(s3, BUCKET, OBJECTS.quiet, gz([describeInstances()]));
  await putObject(s3, BUCKET, OBJECTS.e, gz([call('7')]));
  // A new (actor, role) pair: first-seen-pair fires for it, in a message that fails past the deadline.
  await putObject(s3, BUCKET, OBJECTS.f, gz([newPair(call('8'))]));
  await putObject(s3, BUCKET, OBJECTS.g, gz([call('9')]));
});
afterAll(async () => {
  await stopS3();
  await db.stop();
});
afterEach(() => output.restore());

describe('s3-batch: a batch of ten with every kind of failure, then its re-drives', () => {
  it('fails exactly the messages that must come back, and the re-drives deliver every alert once per sink', async () => {
    output = captureOutput();
    const table = 'rolewatch-redrive-1';
    await db.createStateTable(table);
    let now = NOW_MS;
    const end = NOW_MS + TIMEOUT_MS;
    // The deadline arrives while the 8th message's object is being fetched.
    const client = s3;
    const jump = {
      key: OBJECTS.f as string | undefined,
      to: end - DELIVERY_MARGIN_MS,
    };
    const fetchedLate: string[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Key?: string };
        if (jump.key !== undefined && now >= jump.to) fetchedLate.push(input.Key ?? '');
        if (jump.key !== undefined && input.Key === jump.key) now = Math.max(now, jump.to);
        return next(args);
      },
      { step: 'initialize', name: 'deadlineArrivesDuringF', override: true },
    );
    const sns = sink('sns');
    const slack = sink('slack', new Set([eventId('6')]));
    const handlerFor = () =>
      createHandler({
        env: stateEnv(table),
        s3: client,
        dynamodb: db.client(),
        sinks: [sns, slack],
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
        concurrency: 1,
      });
    const batch: SQSRecord[] = [
      sqsMessage('m1', objectsCreated(BUCKET, [OBJECTS.a, OBJECTS.b])),
      sqsMessage('m2', objectsCreated(BUCKET, [OBJECTS.missing, OBJECTS.c])),
      sqsMessage('m3', objectsCreated(BUCKET, [OBJECTS.plain, OBJECTS.garbage])),
      sqsMessage('m4', objectsCreated(BUCKET, [OBJECTS.d])),
      sqsMessage('m5', objectsCreated(BUCKET, [OBJECTS.quiet, OBJECTS.b])), // B again: m1 delivered it
      sqsMessage('m6', objectsCreated(BUCKET, [OBJECTS.quiet])),
      sqsMessage('m7', objectsCreated(BUCKET, [OBJECTS.e])),
      sqsMessage('m8', objectsCreated(BUCKET, [OBJECTS.f])),
      sqsMessage('m9', objectsCreated(BUCKET, [OBJECTS.g])),
      sqsMessage('m10', objectsCreated(BUCKET, [OBJECTS.quiet])),
    ];

    const first = await handlerFor()(
      { Records: batch },
      clockedContext('s3-batch', 'req-1', () => now, end),
    );

    // m2: an object is missing; m4: Slack failed; m8: no time left to send its alerts; m9 and m10: not
    // read at all, past the deadline (a read then could run into the timeout, and Lambda would throw this
    // whole answer away and re-drive all ten). m5 names B again, whose alerts m1 delivered: acknowledged.
    expect(first.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m2', 'm4', 'm8', 'm9', 'm10']);
    expect(fetchedLate).toEqual([]);
    expect(sends(sns.sent)).toMatchObject({ most: 1, calls: [1, 2, 3, 4, 5, 6, 7] });
    expect(sends(slack.sent)).toMatchObject({ most: 1, calls: [1, 2, 3, 4, 5, 7] });
    // Nothing of the late messages is claimed: a re-drive need not wait for a lease.
    const claims = (await db.scan(table)).filter((i) => JSON.stringify(i).includes('"claimant"'));
    const live = claims.filter((i) => Number((i.expiresAtMs as { N: string }).N) > now);
    expect(live).toEqual([]);
    const everything = output.text() + JSON.stringify(first);
    for (const secret of [...SESSION_TOKENS, SECRET_ACCESS_KEY]) expect(everything).not.toContain(secret);
    // Slack for m4; both sinks for m8 (not sent).
    expect(metricSum(output.emf(), 'SinkFailures')).toBe(3);
    expect(
      output.logs().filter((l) => l.message === 'object not read: no time left; the message is re-driven'),
    ).toHaveLength(2);

    // SQS makes them visible again after the visibility timeout; the missing object has arrived meanwhile,
    // and Slack answers again.
    jump.key = undefined;
    now = NOW_MS + VISIBILITY_MS;
    slack.failFor.clear();
    await putObject(s3, BUCKET, OBJECTS.missing, gz([call('10')]));
    const again = batch
      .filter((m) => first.batchItemFailures.some((f) => f.itemIdentifier === m.messageId))
      .map((m) => sqsMessage(m.messageId, m.body, 2));
    const second = await handlerFor()(
      { Records: again },
      clockedContext('s3-batch', 'req-2', () => now, now + TIMEOUT_MS),
    );

    expect(second.batchItemFailures).toEqual([]);
    const all = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(sends(sns.sent)).toMatchObject({ most: 1, calls: all });
    expect(sends(slack.sent)).toMatchObject({ most: 1, calls: all });
    expect(sends(slack.sent).findings).toBe(sends(sns.sent).findings);
    // The state stage ran for m8 before the deadline cut its delivery: its re-drive still alerts the new pair.
    const trudy = sns.sent.filter((f) => f.actor.arn?.endsWith('user/trudy')).map((f) => f.rule);
    expect(trudy).toContain('first-seen-pair');
  });
});
