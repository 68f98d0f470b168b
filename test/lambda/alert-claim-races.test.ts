import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import type { AlertSink } from '../../functions/adapters/sinks/alert-sink.ts';
import { DynamoDbStateStore } from '../../functions/adapters/state/dynamodb-store.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import type { StateStore } from '../../functions/core/state/run-state-stage.ts';
import { type AlertItem, alertKey } from '../../functions/core/state/state-item.ts';
import { LEASE_MARGIN_MS } from '../../functions/lambda/alert-lease.ts';
import { deliverOnce } from '../../functions/lambda/deliver-once.ts';
import { dynaliteForFile } from '../state/support/dynalite.ts';
import { finding as sampleFinding } from './helpers/finding.ts';

// Races around one (finding, sink) claim that the end-to-end tests (alert-claims.test.ts) do not stage:
// a lost response the SDK retries, a sink that fails with an error that is not a SinkError, a release
// that arrives after another delivery took the claim over, a delivered mark past its window that
// DynamoDB's TTL has not deleted yet. deliverOnce on the DynamoDB store (dynalite, the real SDK client),
// with an injected clock and no real waiting.

const T0 = Date.parse('2026-11-24T12:00:00Z');
const HOUR = 3_600_000;

const finding = (id: string): Finding => sampleFinding({ id, eventTime: '2026-11-24T11:59:00Z' });

function sink(behaviour: { throws?: () => Error } = {}) {
  const sent: string[] = [];
  return {
    name: 'sns' as const,
    minSeverity: 'low' as const,
    sent,
    async send(findings: readonly Finding[]) {
      if (behaviour.throws !== undefined) throw behaviour.throws();
      sent.push(...findings.map((f) => f.id));
    },
  } satisfies AlertSink & Record<string, unknown>;
}

const db = dynaliteForFile('rolewatch-races');

async function freshStore(client?: DynamoDBClient) {
  const table = await db.freshTable();
  return { table, store: new DynamoDbStateStore({ table, client: client ?? db.client() }) };
}

const noSleep = async () => undefined;

describe('alert claim races (DynamoDB store)', () => {
  it('sends once when the claim PutItem succeeded but its response was lost and the SDK sent it again', async () => {
    const client = db.client();
    let lost = 0;
    // Inside the SDK's retry loop: the request reaches the table, then the connection drops.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (context.commandName === 'PutItemCommand' && lost === 0) {
          lost++;
          throw Object.assign(new Error('socket hang up'), {
            name: 'TimeoutError',
            code: 'ECONNRESET',
            $metadata: {},
          });
        }
        return out;
      },
      { step: 'deserialize', name: 'loseFirstPutResponse' },
    );
    const { store } = await freshStore(client);
    const sns = sink();
    const now = () => T0;

    const delivery = await deliverOnce([sns], [finding('f-lost')], {
      store,
      windowMs: 24 * HOUR,
      now,
      sleep: noSleep,
      invocationEndMs: T0 + 30_000,
    });

    expect(lost).toBe(1);
    expect(delivery.held).toEqual([]);
    expect(sns.sent).toEqual(['f-lost']);
  });

  it('keeps the claim of a sink that failed with an error other than SinkError until the lease ends, then lets a re-drive send', async () => {
    const { store } = await freshStore();
    const broken = sink({ throws: () => new TypeError('cannot read properties of undefined') });
    let now = T0;
    const end = T0 + 30_000;

    const first = await deliverOnce([broken], [finding('f-bug')], {
      store,
      windowMs: 24 * HOUR,
      now: () => now,
      sleep: noSleep,
      invocationEndMs: end,
    });
    expect(first.failed.map((f) => f.sink)).toEqual(['sns']);

    now = end + LEASE_MARGIN_MS - 1;
    const early = sink();
    const held = await deliverOnce([early], [finding('f-bug')], {
      store,
      windowMs: 24 * HOUR,
      now: () => now,
      sleep: noSleep,
      invocationEndMs: now + 30_000,
    });
    expect(held.held).toEqual([{ sink: 'sns', findingId: 'f-bug' }]);

    now = end + LEASE_MARGIN_MS;
    const late = sink();
    const redrive = await deliverOnce([late], [finding('f-bug')], {
      store,
      windowMs: 24 * HOUR,
      now: () => now,
      sleep: noSleep,
      invocationEndMs: now + 30_000,
    });
    expect(redrive.held).toEqual([]);
    expect(late.sent).toEqual(['f-bug']);
  });

  it('ignores a release that arrives after another delivery took the expired claim over', async () => {
    const { store } = await freshStore();
    const key = alertKey('f-race', 'sns');
    const claim = (by: string, atMs: number, leaseEndMs: number) => ({
      op: 'claim-alert' as const,
      item: {
        kind: 'alert' as const,
        key,
        findingId: 'f-race',
        sink: 'sns',
        claim: { by, atMs },
        expiresAtMs: leaseEndMs,
      },
    });
    await store.write([claim('a', T0, T0 + 40_000)], T0);
    await store.write([claim('b', T0 + 40_000, T0 + 80_000)], T0 + 40_000);
    // a's late release (its request reached the table after its lease).
    await store.write([{ op: 'release-alert', key, by: 'a' }], T0 + 41_000);
    const [c] = await store.write([claim('c', T0 + 42_000, T0 + 82_000)], T0 + 42_000);

    expect(c?.status).toBe('held');
    expect(((await store.read([key], T0 + 42_000)).get(key) as AlertItem).claim?.by).toBe('b');
  });

  it('sends again once the window ended, though the table (TTL is lazy) still holds the delivered mark', async () => {
    const { store, table } = await freshStore();
    const first = sink();
    await deliverOnce([first], [finding('f-ttl')], {
      store,
      windowMs: HOUR,
      now: () => T0,
      sleep: noSleep,
      invocationEndMs: T0 + 30_000,
    });
    const inside = sink();
    const dup = await deliverOnce([inside], [finding('f-ttl')], {
      store,
      windowMs: HOUR,
      now: () => T0 + HOUR - 1,
      sleep: noSleep,
      invocationEndMs: T0 + HOUR + 30_000,
    });
    const after = sink();
    await deliverOnce([after], [finding('f-ttl')], {
      store,
      windowMs: HOUR,
      now: () => T0 + HOUR,
      sleep: noSleep,
      invocationEndMs: T0 + HOUR + 30_000,
    });

    expect(await db.scan(table)).toHaveLength(1);
    expect([first.sent, inside.sent, after.sent]).toEqual([['f-ttl'], [], ['f-ttl']]);
    expect(dup.duplicates).toBe(1);
  });
});

describe('alert claims at the delivery deadline', () => {
  it('starts no send once the deadline has passed, and leaves no claim that would hold others off', async () => {
    const { store } = await freshStore();
    const calls: string[][] = [];
    const late: AlertSink = {
      name: 'sns',
      minSeverity: 'low',
      async send(findings) {
        // An SNS publish takes ~50 ms: started now, it would go through after the caller gave up on it.
        calls.push(findings.map((f) => f.id));
      },
    };
    const now = T0 + 26_000;
    const end = T0 + 30_000;

    const delivery = await deliverOnce([late], [finding('f-late')], {
      store,
      windowMs: 24 * HOUR,
      now: () => now,
      sleep: noSleep,
      invocationEndMs: end,
      deadline: { atMs: end - 5_000, now: () => now },
    });

    expect(calls).toEqual([]);
    expect(delivery.failed.map((f) => f.sink)).toEqual(['sns']);
    // Nothing was sent, so nothing is held: the re-drive (or another invocation) claims it at once.
    const next = sink();
    const redrive = await deliverOnce([next], [finding('f-late')], {
      store,
      windowMs: 24 * HOUR,
      now: () => now + 1,
      sleep: noSleep,
      invocationEndMs: now + 30_000,
    });
    expect(redrive.held).toEqual([]);
    expect(next.sent).toEqual(['f-late']);
  });

  it('releases a claim taken in time when the deadline passed before its send would start', async () => {
    const { store: table } = await freshStore();
    const end = T0 + 30_000;
    let now = end - 5_001;
    // The claim's conditional write is slow: the deadline passes while it is on the way.
    const store: StateStore = {
      read: (keys, at) => table.read(keys, at),
      async write(ops, at) {
        const out = await table.write(ops, at);
        if (ops.some((op) => op.op === 'claim-alert')) now = end - 4_000;
        return out;
      },
    };
    const calls: string[][] = [];
    const slow: AlertSink = {
      name: 'sns',
      minSeverity: 'low',
      async send(findings) {
        calls.push(findings.map((f) => f.id));
      },
    };

    const delivery = await deliverOnce([slow], [finding('f-slow-claim')], {
      store,
      windowMs: 24 * HOUR,
      now: () => now,
      sleep: noSleep,
      invocationEndMs: end,
      deadline: { atMs: end - 5_000, now: () => now },
    });

    expect(calls).toEqual([]);
    expect(delivery.failed.map((f) => f.sink)).toEqual(['sns']);
    const [again] = await table.write(
      [
        {
          op: 'claim-alert',
          item: {
            kind: 'alert',
            key: alertKey('f-slow-claim', 'sns'),
            findingId: 'f-slow-claim',
            sink: 'sns',
            claim: { by: 'redrive', atMs: now },
            expiresAtMs: now + 40_000,
          },
        },
      ],
      now,
    );
    expect(again?.status).toBe('claimed');
  });
});
