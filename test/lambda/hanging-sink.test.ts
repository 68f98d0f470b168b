import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertSink } from '../../functions/adapters/sinks/alert-sink.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { LEASE_MARGIN_MS } from '../../functions/lambda/alert-lease.ts';
import { DELIVERY_MARGIN_MS } from '../../functions/lambda/judge-and-alert.ts';
import { createHandler as createStreamHandler } from '../../functions/stream/index.ts';
import { type LocalDynamoDb, startDynalite } from '../state/support/dynalite.ts';
import { type CapturedOutput, captureOutput, metricSum } from './helpers/capture-output.ts';
import { crossAccountAssumeRole, NOW_MS, stateEnv } from './helpers/records.ts';
import { clockedContext } from './helpers/sqs.ts';
import { subscription } from './helpers/subscription.ts';

// A sink that never answers (a webhook that accepts the connection and says nothing), end to end on dynalite:
// the delivery deadline cuts it, the invocation fails, its claims hold until the lease ends (the call might
// still go through), and the retry after the lease delivers once. The invocation is given just past the
// delivery margin of time left, so that the deadline's timer fires within milliseconds of real time.

const REAL_WAIT_MS = 30;

function sink(name: AlertSink['name']) {
  const sent: Finding[] = [];
  const state = { hang: false, calls: 0 };
  return {
    name,
    minSeverity: 'low' as const,
    sent,
    state,
    async send(findings: readonly Finding[]) {
      state.calls++;
      if (state.hang) await new Promise<void>(() => undefined);
      sent.push(...findings);
    },
  } satisfies AlertSink & Record<string, unknown>;
}

const once = (findings: readonly Finding[]): boolean =>
  new Set(findings.map((f) => f.id)).size === findings.length && findings.length > 0;

let db: LocalDynamoDb;
let output: CapturedOutput;
beforeAll(async () => {
  db = await startDynalite();
});
afterAll(async () => db.stop());
afterEach(() => output.restore());

describe('a sink that never answers', () => {
  it('stream: cut at the deadline, claims kept until the lease, the retry after it delivers once', async () => {
    output = captureOutput();
    const table = 'rolewatch-hang-stream';
    await db.createStateTable(table);
    let now = NOW_MS;
    const sns = sink('sns');
    const slack = sink('slack');
    slack.state.hang = true;
    const stream = createStreamHandler({
      env: stateEnv(table),
      sinks: [sns, slack],
      dynamodb: db.client(),
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    const event = subscription([crossAccountAssumeRole()]);
    const end = now + DELIVERY_MARGIN_MS + REAL_WAIT_MS;

    const error = await stream(
      event,
      clockedContext('stream', 'req-1', () => now, end),
    ).catch((e: Error) => e);

    expect((error as Error).name).toBe('AlertDeliveryError');
    expect((error as Error).message).toBe('alerts were not delivered by: slack');
    expect(metricSum(output.emf(), 'AlertsHeldInvocations')).toBe(0);
    expect(once(sns.sent)).toBe(true);
    // Slack's claims are kept (not released: the call may yet go through), until the lease ends.
    const items = await db.scan(table);
    const slackClaims = items.filter((i) => (i.pk as { S: string }).S.endsWith('#slack'));
    expect(slackClaims.length).toBeGreaterThan(0);
    for (const item of slackClaims) {
      expect(item.claimant).toBeDefined();
      expect(Number((item.expiresAtMs as { N: string }).N)).toBe(end + LEASE_MARGIN_MS);
    }

    // Lambda retries before the lease ends: still held, so not sent again (the lost call may have gone through).
    slack.state.hang = false;
    now = end + LEASE_MARGIN_MS - 4_000;
    const early = await stream(
      event,
      clockedContext('stream', 'req-2', () => now, now + 60_000),
    ).catch((e: Error) => e);
    expect((early as Error).name).toBe('AlertsHeldError');
    expect(slack.sent).toEqual([]);

    now = end + LEASE_MARGIN_MS;
    await stream(
      event,
      clockedContext('stream', 'req-3', () => now, now + 60_000),
    );
    expect(once(slack.sent)).toBe(true);
    expect(slack.sent.map((f) => f.id).sort()).toEqual(sns.sent.map((f) => f.id).sort());
    expect(once(sns.sent)).toBe(true);
  });
});
