import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertSink } from '../../functions/adapters/sinks/alert-sink.ts';
import { SinkError } from '../../functions/adapters/sinks/alert-sink.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { createHandler as createEventsHandler } from '../../functions/events/index.ts';
import type { HandlerDeps } from '../../functions/lambda/handler-deps.ts';
import { dynaliteForFile } from '../state/support/dynalite.ts';
import { fixtureRecords, type Json } from '../state/support/stage.ts';
import { type CapturedOutput, captureOutput, fakeContext, metricSum } from './helpers/capture-output.ts';
import { stateEnv } from './helpers/records.ts';

// At most one delivery per (finding, sink) across concurrent invocations (separate execution environments:
// separate handlers, each with its own DynamoDB client and in-process lock), through claims with a lease
// in the state table (dynalite on loopback, the real SDK client). Sinks are held on gates, and the waits
// between looks at another invocation's claim are injected, so that the interleavings are the test's.

const NOW_MS = Date.parse('2026-11-24T12:00:00Z');
const MINUTE = 60_000;

const db = dynaliteForFile('rolewatch-claims');

/** A promise the test resolves. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/**
 * A sink whose sends wait for `release` (controllable latency) and then deliver, or give up as a real sink
 * does after its retries (`fail`), or never return (`hang`: the invocation died while sending).
 */
function sink(
  name: AlertSink['name'],
  behaviour: { release?: Promise<void>; fail?: boolean; hang?: boolean } = {},
) {
  const sent: Finding[] = [];
  const sending = gate();
  return {
    name,
    minSeverity: 'low' as const,
    sent,
    /** Resolves once a send has started (the claim was taken). */
    sending: sending.opened,
    async send(findings: readonly Finding[]) {
      sending.open();
      if (behaviour.hang) await new Promise<void>(() => undefined);
      await behaviour.release;
      if (behaviour.fail) throw new SinkError(name, findings.length, findings.length, 'HTTP 503');
      sent.push(...findings.filter((f) => !f.suppressed));
    },
  } satisfies AlertSink & Record<string, unknown>;
}

const eventBridge = (record: Json): EventBridgeEvent<'AWS API Call via CloudTrail', unknown> => ({
  version: '0',
  id: '0d9c8b7a-6f5e-4d3c-2b1a-000000000042',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.sts',
  account: '444455556666',
  time: String(record.eventTime),
  region: 'us-east-1',
  resources: [],
  detail: record,
});

// A new (actor, role) pair from an external account: several findings in one call.
const [record] = fixtureRecords('rules/first-seen-pair/match.json').slice(1);
const EVENT = eventBridge({
  ...(record as Json),
  userIdentity: { ...((record as Json).userIdentity as Json), accountId: '999988887777' },
});

const ids = (findings: readonly Finding[]): string[] => findings.map((f) => f.id).sort();

describe('alert claims across concurrent invocations (ROLEWATCH_STATE=dynamodb:<table>)', () => {
  let output: CapturedOutput;
  let table: string;
  let now: number;
  afterEach(() => output.restore());

  const invocation = (
    sinks: AlertSink[],
    sleep: (ms: number) => Promise<void> = async () => undefined,
    dynamodb: DynamoDBClient = db.client(),
  ) =>
    createEventsHandler({
      env: stateEnv(table),
      sinks,
      dynamodb,
      now: () => now,
      sleep,
    } satisfies HandlerDeps);

  const start = async () => {
    output = captureOutput();
    table = await db.freshTable();
    now = NOW_MS;
  };

  it('delivers each finding once per sink when two invocations judge it at the same moment', async () => {
    await start();
    const release = gate();
    const [firstBus, firstSns] = [
      sink('eventbridge', { release: release.opened }),
      sink('sns', { release: release.opened }),
    ];
    const [otherBus, otherSns] = [sink('eventbridge'), sink('sns')];
    const waits: number[] = [];
    let first: Promise<unknown> = Promise.resolve();
    // The other invocation waits for the first one's claims: meanwhile the first one's sinks answer.
    const waitForFirst = async (ms: number) => {
      waits.push(ms);
      release.open();
      await first.catch(() => undefined);
    };

    first = invocation([firstBus, firstSns])(EVENT, fakeContext('events', 'first'));
    await Promise.all([firstBus.sending, firstSns.sending]);
    const other = invocation([otherBus, otherSns], waitForFirst)(EVENT, fakeContext('events', 'other'));
    await other.finally(release.open);
    await first;

    expect(firstBus.sent.length).toBeGreaterThan(1);
    expect(ids([...firstBus.sent, ...otherBus.sent])).toEqual(ids(firstBus.sent));
    expect(ids([...firstSns.sent, ...otherSns.sent])).toEqual(ids(firstBus.sent));
    expect([otherBus.sent, otherSns.sent]).toEqual([[], []]);
    expect(waits).toEqual([250]);
    expect(metricSum(output.emf(), 'DuplicateFindings')).toBe(firstBus.sent.length);
  });

  it('fails the invocation while another one holds the claim, so that Lambda retries it', async () => {
    await start();
    const release = gate();
    const claimant = sink('eventbridge', { release: release.opened });
    const waiting = sink('eventbridge');
    const waits: number[] = [];

    const first = invocation([claimant])(EVENT, fakeContext('events', 'claimant'));
    await claimant.sending;
    const other = invocation([waiting], async (ms) => {
      waits.push(ms);
    })(EVENT, fakeContext('events', 'waiting'));
    await expect(other.finally(release.open)).rejects.toThrow(/claimed by another invocation/);
    await first;
    expect(waiting.sent).toEqual([]);
    expect(waits).toEqual([250, 500, 1_000, 2_000]);
    const held = output.logs().find((l) => String(l.message).startsWith('alerts claimed by another'));
    expect(held?.held).toBe(claimant.sent.length);

    // Lambda's retry, a minute later: the claimant delivered meanwhile.
    now += MINUTE;
    await invocation([waiting])(EVENT, fakeContext('events', 'retry'));
    expect(waiting.sent).toEqual([]);
  });

  it('counts a held invocation apart from failures (AlertsHeldInvocations, stamped when it was invoked) and logs it as a warning', async () => {
    await start();
    const release = gate();
    const claimant = sink('eventbridge', { release: release.opened });

    const first = invocation([claimant])(EVENT, fakeContext('events', 'claimant'));
    await claimant.sending;
    // The waits pass on the injected clock: the metric must not be stamped when it is flushed.
    const other = invocation([sink('eventbridge')], async (ms) => {
      now += ms;
    })(EVENT, fakeContext('events', 'waiting'));
    await expect(other.finally(release.open)).rejects.toThrow(/claimed by another invocation/);
    await first;

    const held = output
      .emf()
      .filter((d) =>
        d._aws.CloudWatchMetrics.some((m) => m.Metrics.some((x) => x.Name === 'AlertsHeldInvocations')),
      );
    expect(held.map((d) => [d.AlertsHeldInvocations, d._aws.Timestamp, d.function])).toEqual([
      [1, NOW_MS, 'events'],
    ]);
    expect(metricSum(output.emf(), 'SinkFailures')).toBe(0);
    const failed = output.logs().filter((l) => l.message === 'invocation failed');
    expect(failed).toEqual([]);
    const redriven = output.logs().find((l) => String(l.message).startsWith('invocation re-driven'));
    expect(redriven?.level).toBe('WARN');
  });

  it('lets a retry deliver what a claimant that crashed never marked, once its lease has ended', async () => {
    await start();
    const crashed = sink('eventbridge', { hang: true });
    const retried = sink('eventbridge');

    // Dies while sending: never marks, never releases. Not run in Lambda (no deadline): a 15 min lease.
    void invocation([crashed])(EVENT);
    await crashed.sending;

    now += MINUTE;
    await expect(invocation([retried])(EVENT, fakeContext('events', 'retry-1'))).rejects.toThrow(
      /claimed by another invocation/,
    );
    expect(retried.sent).toEqual([]);

    now = NOW_MS + 15 * MINUTE + 10_000;
    await invocation([retried])(EVENT, fakeContext('events', 'retry-2'));
    expect(retried.sent.length).toBeGreaterThan(1);
    expect(retried.sent.map((f) => f.id)).toHaveLength(new Set(retried.sent.map((f) => f.id)).size);
    expect(crashed.sent).toEqual([]);
  });

  it('holds a claim until the end of the claimant invocation plus 10 s, then lets another take it over', async () => {
    await start();
    const hanging = sink('slack', { hang: true });
    const next = sink('slack');
    // 5.05 s left: the send is cut off 50 ms later; the claim is kept (the call may still go through).
    const shortOfTime = { ...fakeContext('events', 'cut-off'), getRemainingTimeInMillis: () => 5_050 };

    await expect(invocation([hanging])(EVENT, shortOfTime)).rejects.toThrow(/slack/);

    now = NOW_MS + 5_050 + 10_000 - 1;
    await expect(invocation([next])(EVENT, fakeContext('events', 'early'))).rejects.toThrow(
      /claimed by another invocation/,
    );
    now += 1;
    await invocation([next])(EVENT, fakeContext('events', 'lease-over'));
    expect(next.sent.length).toBeGreaterThan(1);
  });

  it('starts no send with less than the 5 s delivery margin left, and claims nothing', async () => {
    await start();
    const late = sink('sns');
    const lastSeconds = { ...fakeContext('events', 'last-seconds'), getRemainingTimeInMillis: () => 4_999 };

    await expect(invocation([late])(EVENT, lastSeconds)).rejects.toThrow(/sns/);
    expect(late.sent).toEqual([]);
    expect((await db.scan(table)).filter((item) => 'claimant' in item)).toEqual([]);

    const inTime = { ...fakeContext('events', 'in-time'), getRemainingTimeInMillis: () => 5_001 };
    await invocation([late])(EVENT, inTime);
    expect(late.sent.length).toBeGreaterThan(1);
  });

  it('warns when the delivered marks, or the release of a failed sink, could not be written', async () => {
    await start();
    const client = db.client();
    // The table refuses the unconditional mark PutItems and the release UpdateItems (throttled, say).
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Item?: Record<string, unknown>; UpdateExpression?: string };
        const mark = context.commandName === 'PutItemCommand' && input.Item?.alertedAtMs !== undefined;
        const release =
          context.commandName === 'UpdateItemCommand' && input.UpdateExpression?.includes(':released');
        if (mark || release) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        return next(args);
      },
      { step: 'initialize', name: 'refuseMarksAndReleases' },
    );
    const warnings = () =>
      output
        .logs()
        .filter((l) => l.level === 'WARN')
        .map((l) => String(l.message));

    const delivered = sink('sns');
    await invocation([delivered], undefined, client)(EVENT, fakeContext('events', 'unrecorded'));
    expect(delivered.sent.length).toBeGreaterThan(1);
    expect(warnings().filter((m) => m.startsWith('alerts delivered, but not recorded'))).toHaveLength(1);

    now += 20 * MINUTE;
    await expect(
      invocation(
        [sink('eventbridge', { fail: true })],
        undefined,
        client,
      )(EVENT, fakeContext('events', 'gave-up')),
    ).rejects.toThrow(/eventbridge/);
    expect(warnings().filter((m) => m.startsWith('claims of undelivered alerts not released'))).toHaveLength(
      1,
    );
  });

  it('sends at once what a claimant whose sink gave up released, without waiting for its lease', async () => {
    await start();
    const release = gate();
    const order: string[] = [];
    const giving = sink('eventbridge', { release: release.opened, fail: true });
    const taking = sink('eventbridge');
    const watched: AlertSink = {
      ...taking,
      async send(findings) {
        order.push('other sends');
        await taking.send(findings);
      },
    };

    const first = invocation([giving])(EVENT, fakeContext('events', 'gives-up'));
    const firstEnded = first.catch(() => order.push('first gave up'));
    await giving.sending;
    const other = invocation([watched], async () => {
      release.open();
      await firstEnded;
    })(EVENT, fakeContext('events', 'takes-over'));
    await other.finally(release.open);

    await expect(first).rejects.toThrow(/eventbridge/);
    expect(order).toEqual(['first gave up', 'other sends']);
    expect(taking.sent.length).toBeGreaterThan(1);
    expect(giving.sent).toEqual([]);
  });
});
