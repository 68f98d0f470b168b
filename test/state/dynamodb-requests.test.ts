import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbStateStore } from '../../functions/adapters/state/dynamodb-store.ts';
import {
  type AlertItem,
  alertKey,
  keySessionKey,
  type SessionItem,
} from '../../functions/core/state/state-item.ts';
import type { StateOp } from '../../functions/core/state/state-op.ts';
import { dynaliteForFile } from './support/dynalite.ts';

// What the DynamoDB store asks of the table, beyond what the behavioural suite (store-behaviour.test.ts)
// can see: reads are strongly consistent, keys DynamoDB leaves unprocessed are asked for again, and a
// claim refused by a claim that is released before the store reads it is tried again. dynalite on
// loopback, the real SDK client; the table's answers are changed inside the client's middleware stack,
// where DynamoDB's own would arrive.

const T0 = Date.UTC(2026, 10, 20, 3, 14, 0);
const DAY = 86_400_000;

const db = dynaliteForFile('rolewatch-requests');

async function freshTable(): Promise<string> {
  const table = await db.freshTable();
  return table;
}

const session = (n: number): SessionItem => ({
  kind: 'session',
  key: keySessionKey(`requests${String(n).padStart(12, '0')}`),
  link: {
    origin: { arn: `arn:aws:iam::444455556666:user/u${n}`, display: `u${n} (IAM user, 444455556666)` },
    hops: [{ arn: 'arn:aws:iam::444455556666:role/Deploy', name: 'Deploy', accountId: '444455556666' }],
    issuedAtMs: T0,
  },
  expiresAtMs: T0 + DAY,
});

const claim = (findingId: string, by: string, leaseEndMs: number): StateOp => {
  const item: AlertItem = {
    kind: 'alert',
    key: alertKey(findingId, 'sns'),
    findingId,
    sink: 'sns',
    claim: { by, atMs: T0 },
    expiresAtMs: leaseEndMs,
  };
  return { op: 'claim-alert', item };
};

/** Records the input of every command the client sends. */
function recordCommands(client: DynamoDBClient): { name: string; input: Record<string, unknown> }[] {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push({ name: String(context.commandName), input: args.input as Record<string, unknown> });
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return sent;
}

describe('the DynamoDB state store, request by request', () => {
  it('reads strongly consistently: batch reads and the read after a refused conditional write', async () => {
    const table = await freshTable();
    const client = db.client();
    const sent = recordCommands(client);
    const store = new DynamoDbStateStore({ table, client });

    await store.write([{ op: 'put-session', item: session(1), ifAbsent: false }], T0);
    await store.read([session(1).key], T0);
    await store.write([claim('f-consistent', 'a', T0 + 40_000)], T0);
    const [refused] = await store.write([claim('f-consistent', 'b', T0 + 40_000)], T0 + 1_000);

    expect(refused?.status).toBe('held');
    const reads = sent.filter((c) => c.name === 'BatchGetItemCommand' || c.name === 'GetItemCommand');
    expect(reads.map((c) => c.name)).toEqual(['BatchGetItemCommand', 'GetItemCommand']);
    for (const { name, input } of reads) {
      const consistent =
        name === 'GetItemCommand'
          ? input.ConsistentRead
          : (input.RequestItems as Record<string, { ConsistentRead?: boolean }>)[table]?.ConsistentRead;
      expect(consistent, name).toBe(true);
    }
  });

  it('asks again for the keys DynamoDB left unprocessed', async () => {
    const table = await freshTable();
    const client = db.client();
    let cut = 0;
    // The table answers the first batch read with only half of the items, the other keys unprocessed.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (context.commandName !== 'BatchGetItemCommand' || cut > 0) return out;
        cut++;
        const output = out.output as unknown as Record<string, unknown>;
        const items = (output.Responses as Record<string, Record<string, { S?: string }>[]>)[table] ?? [];
        const kept = items.slice(0, Math.floor(items.length / 2));
        const left = items.slice(kept.length).map((item) => ({ pk: item.pk }));
        output.Responses = { [table]: kept };
        output.UnprocessedKeys = { [table]: { Keys: left, ConsistentRead: true } };
        return out;
      },
      { step: 'initialize', name: 'leaveKeysUnprocessed' },
    );
    const waits: number[] = [];
    const store = new DynamoDbStateStore({
      table,
      client,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const items = Array.from({ length: 6 }, (_, i) => session(i));
    await store.write(
      items.map((item) => ({ op: 'put-session', item, ifAbsent: false })),
      T0,
    );

    const found = await store.read(
      items.map((i) => i.key),
      T0,
    );

    expect(cut).toBe(1);
    expect([...found.keys()].sort()).toEqual(items.map((i) => i.key).sort());
    expect(waits).toHaveLength(1);
  });

  it('passes on an error of a conditional write that is not its condition failing', async () => {
    const table = await freshTable();
    const client = db.client();
    // Past the SDK's own retries, the table still throttles the conditional PutItems.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutItemCommand') {
          throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} });
        }
        return next(args);
      },
      { step: 'initialize', name: 'throttlePuts' },
    );
    const store = new DynamoDbStateStore({ table, client });

    await expect(store.write([claim('f-throttled', 'a', T0 + 40_000)], T0)).rejects.toThrow('Rate exceeded');
  });

  it('claims what another delivery released between its refused write and the read of what refused it', async () => {
    const table = await freshTable();
    const holder = new DynamoDbStateStore({ table, client: db.client() });
    await holder.write([claim('f-released', 'a', T0 + 40_000)], T0);

    const client = db.client();
    let released = 0;
    // The first claim by b is refused by a's claim; a's sink gives up and a releases it before b reads.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        try {
          return await next(args);
        } catch (e) {
          if (context.commandName === 'PutItemCommand' && released === 0) {
            released++;
            await holder.write([{ op: 'release-alert', key: alertKey('f-released', 'sns'), by: 'a' }], T0);
          }
          throw e;
        }
      },
      { step: 'initialize', name: 'releaseAfterRefusal' },
    );
    const store = new DynamoDbStateStore({ table, client });

    const [result] = await store.write([claim('f-released', 'b', T0 + 41_000)], T0 + 1_000);

    expect(released).toBe(1);
    expect(result).toEqual({ status: 'claimed' });
    const stored = (await store.read([alertKey('f-released', 'sns')], T0 + 1_000)).get(
      alertKey('f-released', 'sns'),
    );
    expect((stored as AlertItem).claim?.by).toBe('b');
  });
});
