import { describe, expect, it } from 'vitest';
import { type AlertSink, SinkError } from '../../functions/adapters/sinks/alert-sink.ts';
import { DynamoDbStateStore } from '../../functions/adapters/state/dynamodb-store.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import type { StateStore } from '../../functions/core/state/run-state-stage.ts';
import { type AlertItem, alertKey } from '../../functions/core/state/state-item.ts';
import type { StateOp } from '../../functions/core/state/state-op.ts';
import { deliverOnce } from '../../functions/lambda/deliver-once.ts';
import { dynaliteForFile } from '../state/support/dynalite.ts';
import { finding as sampleFinding } from './helpers/finding.ts';

// deliverOnce at the edges the handler tests do not reach: sinks with different minimum severities, the
// de-duplication window turned off, the delivery deadline met exactly (before the first claim, between
// looks at another invocation's claim), a sink that gives up while another delivery holds some of its
// findings, and how duplicates are counted. The DynamoDB store on dynalite (the real SDK client), with an
// injected clock and waits.

const T0 = Date.parse('2026-11-24T12:00:00Z');
const HOUR = 3_600_000;

const finding = (id: string, over: Partial<Finding> = {}): Finding =>
  sampleFinding({ id, eventTime: '2026-11-24T11:59:00Z', ...over });

function sink(
  name: AlertSink['name'],
  behaviour: { minSeverity?: AlertSink['minSeverity']; fail?: boolean; delayMs?: number } = {},
) {
  const sent: string[] = [];
  return {
    name,
    minSeverity: behaviour.minSeverity ?? 'low',
    sent,
    async send(findings: readonly Finding[]) {
      if (behaviour.delayMs !== undefined) await new Promise((r) => setTimeout(r, behaviour.delayMs));
      if (behaviour.fail) throw new SinkError(name, findings.length, findings.length, 'HTTP 503');
      sent.push(...findings.map((f) => f.id));
    },
  } satisfies AlertSink & Record<string, unknown>;
}

const db = dynaliteForFile('rolewatch-deliver');

/** A fresh table, its store, and the ops written through it (in order). */
async function freshStore() {
  const table = await db.freshTable();
  const inner = new DynamoDbStateStore({ table, client: db.client() });
  const ops: StateOp['op'][] = [];
  const store: StateStore = {
    read: (keys, at) => inner.read(keys, at),
    write(written, at) {
      ops.push(...written.map((o) => o.op));
      return inner.write(written, at);
    },
  };
  return { table, inner, store, ops };
}

/** Another delivery's live claim on (findingId, sink). */
const claimBy = (findingId: string, sinkName: string, by: string, leaseEndMs: number): StateOp => {
  const item: AlertItem = {
    kind: 'alert',
    key: alertKey(findingId, sinkName),
    findingId,
    sink: sinkName,
    claim: { by, atMs: T0 },
    expiresAtMs: leaseEndMs,
  };
  return { op: 'claim-alert', item };
};

const noSleep = async () => undefined;

describe('deliverOnce with sinks of different minimum severities', () => {
  it('sends a sink what it is due even when another sink is due nothing', async () => {
    const { store } = await freshStore();
    const sns = sink('sns', { minSeverity: 'low' });
    const slack = sink('slack', { minSeverity: 'critical' });

    const delivery = await deliverOnce([slack, sns], [finding('f-medium', { severity: 'medium' })], {
      store,
      windowMs: 24 * HOUR,
      now: () => T0,
      sleep: noSleep,
      invocationEndMs: T0 + 30_000,
    });

    expect([slack.sent, sns.sent]).toEqual([[], ['f-medium']]);
    expect(delivery).toEqual({ failed: [], duplicates: 0, held: [] });
  });
});

describe('deliverOnce with ROLEWATCH_DEDUP_HOURS=0', () => {
  it('claims and records nothing: another delivery holding the finding does not stop the send', async () => {
    const { store, table, inner, ops } = await freshStore();
    await inner.write([claimBy('f-nodedup', 'sns', 'elsewhere', T0 + 40_000)], T0);
    const before = await db.scan(table);
    const sns = sink('sns');

    const delivery = await deliverOnce([sns], [finding('f-nodedup')], {
      store,
      windowMs: 0,
      now: () => T0 + 1_000,
      sleep: noSleep,
      invocationEndMs: T0 + 31_000,
    });

    expect(sns.sent).toEqual(['f-nodedup']);
    expect(delivery).toEqual({ failed: [], duplicates: 0, held: [] });
    expect(ops).toEqual([]);
    expect(await db.scan(table)).toEqual(before);
  });

  it('still cuts a sink off at the delivery deadline', async () => {
    const { store } = await freshStore();
    const slow = sink('sns', { delayMs: 1_000 });
    const started = Date.now();

    const delivery = await deliverOnce([slow], [finding('f-slow')], {
      store,
      windowMs: 0,
      now: Date.now,
      deadline: { atMs: started + 50, now: Date.now },
    });

    expect(delivery.failed.map((f) => f.sink)).toEqual(['sns']);
    expect(slow.sent).toEqual([]);
  });
});

describe('deliverOnce at the delivery deadline', () => {
  it('claims nothing when the deadline is now, and reports the findings failed, not held', async () => {
    const { store, ops } = await freshStore();
    const sns = sink('sns');
    const end = T0 + 30_000;

    const delivery = await deliverOnce([sns], [finding('f-at-deadline')], {
      store,
      windowMs: 24 * HOUR,
      now: () => end - 5_000,
      sleep: noSleep,
      invocationEndMs: end,
      deadline: { atMs: end - 5_000, now: () => end - 5_000 },
    });

    expect(sns.sent).toEqual([]);
    expect(delivery.failed.map((f) => f.sink)).toEqual(['sns']);
    expect(delivery.held).toEqual([]);
    // No claim was written (and so none had to be released).
    expect(ops).toEqual([]);
  });

  it('stops waiting for another delivery claim when the next wait would reach the deadline', async () => {
    const { store, inner } = await freshStore();
    await inner.write([claimBy('f-waiting', 'sns', 'elsewhere', T0 + 60_000)], T0);
    let now = T0;
    const waits: number[] = [];
    const sns = sink('sns');

    const delivery = await deliverOnce([sns], [finding('f-waiting')], {
      store,
      windowMs: 24 * HOUR,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
      invocationEndMs: T0 + 5_750,
      // The first wait (250 ms) ends before the deadline; the second (500 ms) would end on it.
      deadline: { atMs: T0 + 750, now: () => now },
    });

    expect(waits).toEqual([250]);
    expect(delivery.held).toEqual([{ sink: 'sns', findingId: 'f-waiting' }]);
    expect(sns.sent).toEqual([]);
  });
});

describe('deliverOnce when a sink gives up', () => {
  it('does not wait for what another delivery holds for that sink: the re-drive sends it', async () => {
    const { store, inner } = await freshStore();
    await inner.write([claimBy('f-held', 'sns', 'elsewhere', T0 + 60_000)], T0);
    const waits: number[] = [];
    const broken = sink('sns', { fail: true });

    const delivery = await deliverOnce([broken], [finding('f-mine'), finding('f-held')], {
      store,
      windowMs: 24 * HOUR,
      now: () => T0,
      sleep: async (ms) => {
        waits.push(ms);
      },
      invocationEndMs: T0 + 30_000,
    });

    expect(delivery.failed.map((f) => f.sink)).toEqual(['sns']);
    expect(delivery.held).toEqual([]);
    expect(waits).toEqual([]);
  });

  it('keeps the claims of what it delivered when their marks could not be written', async () => {
    const { inner } = await freshStore();
    // The marks are refused (throttled, say); the rest of the store works.
    const store: StateStore = {
      read: (keys, at) => inner.read(keys, at),
      async write(ops, at) {
        if (ops.some((o) => o.op === 'mark-alerted'))
          throw new Error('ProvisionedThroughputExceededException');
        return inner.write(ops, at);
      },
    };
    const partial: AlertSink = {
      name: 'sns',
      minSeverity: 'low',
      async send(findings) {
        throw new SinkError('sns', 1, findings.length, 'HTTP 503', undefined, ['f-went-out']);
      },
    };

    const delivery = await deliverOnce([partial], [finding('f-went-out'), finding('f-not-sent')], {
      store,
      windowMs: 24 * HOUR,
      now: () => T0,
      sleep: noSleep,
      invocationEndMs: T0 + 30_000,
      claimant: 'first',
    });
    expect(delivery.recordError?.message).toBe('ProvisionedThroughputExceededException');

    // What went out stays claimed until the lease ends (no one sends it again meanwhile); the rest is free.
    const [wentOut, notSent] = await inner.write(
      [
        claimBy('f-went-out', 'sns', 'second', T0 + 80_000),
        claimBy('f-not-sent', 'sns', 'second', T0 + 80_000),
      ],
      T0 + 1_000,
    );
    expect([wentOut?.status, notSent?.status]).toEqual(['held', 'claimed']);
  });
});

describe('deliverOnce and the store', () => {
  it('writes no claim for what the batch read found delivered already', async () => {
    const { store, ops } = await freshStore();
    const options = {
      store,
      windowMs: 24 * HOUR,
      now: () => T0,
      sleep: noSleep,
      invocationEndMs: T0 + 30_000,
    };
    await deliverOnce([sink('sns')], [finding('f-done')], options);
    ops.length = 0;

    const again = sink('sns');
    const delivery = await deliverOnce([again], [finding('f-done')], options);

    expect(again.sent).toEqual([]);
    expect(delivery.duplicates).toBe(1);
    expect(ops).toEqual([]);
  });

  it('says so when the claims of a sink that gave up could not be released', async () => {
    const { inner } = await freshStore();
    const store: StateStore = {
      read: (keys, at) => inner.read(keys, at),
      async write(ops, at) {
        if (ops.some((o) => o.op === 'release-alert'))
          throw new Error('ProvisionedThroughputExceededException');
        return inner.write(ops, at);
      },
    };

    const delivery = await deliverOnce([sink('sns', { fail: true })], [finding('f-kept')], {
      store,
      windowMs: 24 * HOUR,
      now: () => T0,
      sleep: noSleep,
      invocationEndMs: T0 + 30_000,
    });

    expect(delivery.failed.map((f) => f.sink)).toEqual(['sns']);
    expect(delivery.releaseError?.message).toBe('ProvisionedThroughputExceededException');
  });
});

describe('deliverOnce counting duplicates', () => {
  it('counts a finding as a duplicate only when every sink due to alert it has delivered it', async () => {
    const { store } = await freshStore();
    const options = {
      store,
      windowMs: 24 * HOUR,
      now: () => T0,
      sleep: noSleep,
      invocationEndMs: T0 + 30_000,
    };
    await deliverOnce([sink('sns')], [finding('f-both'), finding('f-sns-only')], options);
    await deliverOnce([sink('eventbridge')], [finding('f-both')], options);

    const sns = sink('sns');
    const bus = sink('eventbridge');
    const delivery = await deliverOnce(
      [sns, bus],
      [finding('f-both'), finding('f-sns-only'), finding('f-quiet', { suppressed: true })],
      options,
    );

    // f-both: delivered by both (a duplicate); f-sns-only: still owed to eventbridge; f-quiet: owed to none.
    expect(delivery.duplicates).toBe(1);
    expect([sns.sent, bus.sent]).toEqual([[], ['f-sns-only']]);
  });
});
