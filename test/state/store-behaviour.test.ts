import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStateStore } from '../../functions/adapters/state/dynamodb-store.ts';
import { MemoryStateStore } from '../../functions/adapters/state/memory-store.ts';
import { openStateFile } from '../../functions/adapters/state/state-file.ts';
import { runStateStage, type StateStore } from '../../functions/core/state/run-state-stage.ts';
import {
  type AlertItem,
  alertKey,
  type BurstItem,
  burstKey,
  keySessionKey,
  type PairItem,
  pairKey,
  type SessionItem,
  type StateItem,
} from '../../functions/core/state/state-item.ts';
import type { StateOp } from '../../functions/core/state/state-op.ts';
import { type LocalDynamoDb, startDynalite } from './support/dynalite.ts';
import { factsOf, fixtureRecords, NOW_MS, stageOptions } from './support/stage.ts';

/**
 * One behavioural suite for every state store: what the state stage relies on (conditional creates,
 * claims, set unions, expiry as of the calls' time, durability) must hold alike in memory, in a state
 * file and in DynamoDB (dynalite on loopback, the real SDK client).
 */

/** A place where state lives, and a way to work with it as one run / invocation does. */
interface Backend {
  readonly name: string;
  /** Runs `work` on a store as one run or invocation sees it (the file store: open, work, save, close). */
  session<T>(work: (store: StateStore) => Promise<T>): Promise<T>;
  /** Every stored item as the backend holds it (raw: file JSON items, DynamoDB attribute maps). */
  raw(): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const memoryBackend = async (): Promise<Backend> => {
  const store = new MemoryStateStore({ wallClock: () => NOW_MS });
  return {
    name: 'memory',
    session: (work) => work(store),
    raw: async () => store.items() as unknown as Record<string, unknown>[],
    close: async () => undefined,
  };
};

const fileBackend = async (): Promise<Backend> => {
  const dir = mkdtempSync(join(tmpdir(), 'rolewatch-state-'));
  const path = join(dir, 'state.json');
  return {
    name: 'file',
    async session(work) {
      // A run waits for another run's lock, then starts from what that run saved.
      const file = await openStateFile(path, { lockWaitMs: 10_000, wallClock: () => NOW_MS });
      try {
        const out = await work(file.store);
        file.save(new Date(NOW_MS));
        return out;
      } finally {
        file.close();
      }
    },
    raw: async () => (JSON.parse(readFileSync(path, 'utf8')) as { items: Record<string, unknown>[] }).items,
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
};

let dynamo: LocalDynamoDb | undefined;
let tables = 0;
const dynamoBackend = async (): Promise<Backend> => {
  dynamo ??= await startDynalite();
  const db = dynamo;
  const table = `rolewatch-state-${++tables}`;
  await db.createStateTable(table);
  return {
    name: 'dynamodb',
    // Each invocation has its own client, as separate Lambda execution environments do.
    session: (work) => work(new DynamoDbStateStore({ table, client: db.client() })),
    raw: () => db.scan(table),
    close: async () => undefined,
  };
};

afterAll(async () => {
  await dynamo?.stop();
});

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 20, 3, 14, 0);

const pair = (firstEvent: string, overrides: Partial<PairItem> = {}): PairItem => ({
  kind: 'pair',
  key: pairKey('user:arn:aws:iam::444455556666:user/alice', 'arn:aws:iam::444455556666:role/Deploy'),
  actor: 'user:arn:aws:iam::444455556666:user/alice',
  role: 'arn:aws:iam::444455556666:role/Deploy',
  firstSeenMs: T0,
  lastSeenMs: T0,
  firstEvent,
  learned: false,
  expiresAtMs: T0 + 90 * DAY,
  ...overrides,
});

const BUCKET = burstKey('user:arn:aws:iam::444455556666:user/build-bot', T0 - (T0 % 600_000));
const denials = (entries: string[], roles: string[]): StateOp => ({
  op: 'add-denials',
  key: BUCKET,
  actor: 'user:arn:aws:iam::444455556666:user/build-bot',
  bucketStartMs: T0 - (T0 % 600_000),
  denials: entries,
  roles,
  expiresAtMs: T0 + 2 * DAY,
});

const session = (display: string, expiresAtMs = T0 + DAY): SessionItem => ({
  kind: 'session',
  key: keySessionKey('0123456789abcdef0123'),
  link: {
    origin: { arn: 'arn:aws:iam::444455556666:user/alice', display },
    hops: [{ arn: 'arn:aws:iam::444455556666:role/Deploy', name: 'Deploy', accountId: '444455556666' }],
    issuedAtMs: T0,
  },
  expiresAtMs,
});

/** A claim of `findingId` for the eventbridge sink by delivery `by`, its lease ending at `leaseEndMs`. */
const claim = (findingId: string, by: string, leaseEndMs: number): StateOp => {
  const item: AlertItem = {
    kind: 'alert',
    key: alertKey(findingId, 'eventbridge'),
    findingId,
    sink: 'eventbridge',
    claim: { by, atMs: T0 },
    expiresAtMs: leaseEndMs,
  };
  return { op: 'claim-alert', item };
};

describe.each([
  ['memory', memoryBackend],
  ['file', fileBackend],
  ['dynamodb', dynamoBackend],
] as const)('the %s state store', (_name, make) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await make();
  });
  afterAll(async () => {
    await backend.close();
  });
  const read = (key: string, asOf = T0): Promise<StateItem | undefined> =>
    backend.session(async (s) => (await s.read([key], asOf)).get(key));
  const write = (ops: StateOp[], asOf = T0) => backend.session((s) => s.write(ops, asOf));

  it('creates a pair once: a second create finds the first one, as it is', async () => {
    const first = pair('event-a');

    const results = [...(await write([{ op: 'create-pair', item: first, atMs: T0 }]))];
    results.push(...(await write([{ op: 'create-pair', item: pair('event-b'), atMs: T0 + 1000 }])));

    expect(results).toEqual([{ status: 'created' }, { status: 'exists', item: first }]);
    expect(await read(first.key)).toEqual(first);
  });

  it('lets exactly one of two concurrent creates of one pair win', async () => {
    const key = {
      key: pairKey('role:arn:aws:iam::444455556666:role/ci', 'arn:aws:iam::444455556666:role/Deploy'),
    };
    const [a, b] = await Promise.all(
      ['event-c', 'event-d'].map((e) =>
        write([{ op: 'create-pair', item: pair(e, key), atMs: T0 }]).then((r) => r[0]),
      ),
    );

    expect([a?.status, b?.status].sort()).toEqual(['created', 'exists']);
    const stored = await read(key.key);
    expect(stored?.kind === 'pair' && stored.firstEvent).toBe(
      a?.status === 'created' ? 'event-c' : 'event-d',
    );
  });

  it('treats a pair expired by the time of the call as absent, and moves lastSeen only forward', async () => {
    const key = { key: pairKey('service:ecs-tasks.amazonaws.com', 'arn:aws:iam::444455556666:role/app-web') };
    await write([{ op: 'create-pair', item: pair('old', { ...key, expiresAtMs: T0 + DAY }), atMs: T0 }]);

    const later = T0 + 2 * DAY;
    const renewed = pair('new', { ...key, firstSeenMs: later, lastSeenMs: later, expiresAtMs: later + DAY });
    const [created] = await write([{ op: 'create-pair', item: renewed, atMs: later }], later);
    await write(
      [{ op: 'touch-pair', key: key.key, lastSeenMs: later + 5000, expiresAtMs: later + 5000 + DAY }],
      later,
    );
    await write(
      [{ op: 'touch-pair', key: key.key, lastSeenMs: later + 1000, expiresAtMs: later + 1000 + DAY }],
      later,
    );

    expect(created).toEqual({ status: 'created' });
    expect(await read(key.key, later)).toEqual({
      ...renewed,
      lastSeenMs: later + 5000,
      expiresAtMs: later + 5000 + DAY,
    });
  });

  it('grows a bucket of denied calls by union: idempotent, and with what another writer added', async () => {
    await write([denials(['100:aa', '101:bb'], ['Admin'])]);
    const [again] = await write([denials(['100:aa', '101:bb'], ['Admin'])]);
    const [other] = await write([denials(['102:cc'], ['PowerUser'])]);

    const sorted = (r: typeof other) =>
      r?.status === 'bucket' ? { denials: [...r.item.denials].sort(), roles: [...r.item.roles].sort() } : r;
    expect(sorted(again)).toEqual({ denials: ['100:aa', '101:bb'], roles: ['Admin'] });
    expect(sorted(other)).toEqual({ denials: ['100:aa', '101:bb', '102:cc'], roles: ['Admin', 'PowerUser'] });
  });

  it('lets one claim on a burst hold: the same claim again holds, another is refused with the first', async () => {
    const fired = { findingId: 'f1', event: 'e1' };

    const [first] = await write([{ op: 'fire-burst', key: BUCKET, fired }]);
    const [again] = await write([{ op: 'fire-burst', key: BUCKET, fired }]);
    const [other] = await write([{ op: 'fire-burst', key: BUCKET, fired: { findingId: 'f1', event: 'e2' } }]);

    expect([first, again, other]).toEqual([
      { status: 'claimed' },
      { status: 'claimed' },
      { status: 'taken', fired },
    ]);
    expect(((await read(BUCKET)) as BurstItem).fired).toEqual(fired);
  });

  it('keeps what the caller copy said about a session against a weaker (owner copy) write', async () => {
    const caller = session('alice (IAM user, 444455556666)');
    await write([{ op: 'put-session', item: caller, ifAbsent: false }]);
    await write([
      { op: 'put-session', item: session('account 444455556666 (cross-account caller)'), ifAbsent: true },
    ]);

    expect(await read(caller.key)).toEqual(caller);
  });

  it('creates a pair over one that is live now but expired by the time of the call that introduces it', async () => {
    // An input judged as of its earliest call (T0) whose pair call comes a day later, after the stored pair
    // was forgotten.
    const key = { key: pairKey('service:lambda.amazonaws.com', 'arn:aws:iam::444455556666:role/app-api') };
    await write([{ op: 'create-pair', item: pair('old-call', { ...key, expiresAtMs: T0 + DAY }), atMs: T0 }]);

    const callMs = T0 + DAY;
    const renewed = pair('new-call', {
      ...key,
      firstSeenMs: callMs,
      lastSeenMs: callMs,
      expiresAtMs: callMs + DAY,
    });
    const [created] = await write([{ op: 'create-pair', item: renewed, atMs: callMs }], T0);

    expect(created).toEqual({ status: 'created' });
    expect(await read(key.key, callMs)).toEqual(renewed);
  });

  it('refuses a claim on a bucket that does not exist, and creates nothing', async () => {
    const key = burstKey('user:arn:aws:iam::444455556666:user/nobody', T0 - (T0 % 600_000));
    const fired = { findingId: 'f-none', event: 'e-none' };

    const [result] = await write([{ op: 'fire-burst', key, fired }]);

    expect(result).toEqual({ status: 'taken', fired });
    expect(await read(key)).toBeUndefined();
    expect(JSON.stringify(await backend.raw())).not.toContain('f-none');
  });

  it('lets a weaker (owner copy) write take the place of a session that has expired', async () => {
    const key = keySessionKey('00112233445566778899');
    const stale = { ...session('carol (IAM user, 444455556666)', T0 + 1_000), key };
    await write([{ op: 'put-session', item: stale, ifAbsent: false }]);

    const owner = { ...session('account 444455556666 (cross-account caller)', T0 + DAY), key };
    await write([{ op: 'put-session', item: owner, ifAbsent: true }], T0 + 1_000);

    expect(await read(key, T0 + 1_000)).toEqual(owner);
  });

  it('reads more keys than one batch request takes (DynamoDB: 100), live ones only', async () => {
    const items = Array.from({ length: 130 }, (_, i) => ({
      ...session(`user-${i} (IAM user, 444455556666)`, i % 10 === 0 ? T0 : T0 + DAY),
      key: keySessionKey(`batch${String(i).padStart(15, '0')}`),
    }));
    await write(items.map((item) => ({ op: 'put-session', item, ifAbsent: false })));

    const keys = [...items.map((i) => i.key), keySessionKey('batch-never-written')];
    const found = await backend.session((s) => s.read(keys, T0));

    expect([...found.keys()].sort()).toEqual(
      items
        .filter((_, i) => i % 10 !== 0)
        .map((i) => i.key)
        .sort(),
    );
  });

  it('keeps a refreshed pair until its new expiry (DynamoDB: the TTL never ends before it)', async () => {
    const key = { key: pairKey('service:states.amazonaws.com', 'arn:aws:iam::444455556666:role/etl') };
    await write([{ op: 'create-pair', item: pair('etl-call', key), atMs: T0 }]);
    // Times with milliseconds, as CloudTrail's are not, but the expiry of a forgotten pair may be anything.
    const lastSeenMs = T0 + DAY + 1_234;
    await write(
      [{ op: 'touch-pair', key: key.key, lastSeenMs, expiresAtMs: lastSeenMs + 90 * DAY }],
      T0 + DAY,
    );

    const stored = (await backend.raw()).find((r) => JSON.stringify(r).includes('etl-call')) as Record<
      string,
      { N?: string } | number
    >;
    if (backend.name === 'dynamodb') {
      const ttl = Number((stored.expiresAt as { N: string }).N);
      expect(ttl * 1000).toBeGreaterThanOrEqual(lastSeenMs + 90 * DAY);
    } else {
      expect(stored.expiresAtMs).toBe(lastSeenMs + 90 * DAY);
    }
  });

  it('hides an item once it has expired as of the calls judged, though it may still be stored', async () => {
    const key = keySessionKey('fedcba9876543210fedc');
    const item = { ...session('bob (IAM user, 111122223333)', T0 + 1000), key };
    await write([{ op: 'put-session', item, ifAbsent: false }]);

    expect(await read(key, T0)).toEqual(item);
    expect(await read(key, T0 + 1000)).toBeUndefined();
    // Nothing deleted it (DynamoDB's TTL deletes within days; the code's own clock decides).
    expect((await backend.raw()).some((r) => JSON.stringify(r).includes('fedcba9876543210fedc'))).toBe(true);
  });

  it('lets one delivery claim a (finding, sink): others are refused while its lease holds, then take it', async () => {
    const lease = T0 + 40_000;

    const [first] = await write([claim('finding-lease', 'invocation-a', lease)], T0);
    // The conditional write fails: another delivery's live claim, returned as it is stored.
    const [other] = await write([claim('finding-lease', 'invocation-b', T0 + 61_000)], T0 + 1_000);
    // The claimant's own claim again (a request sent twice) holds.
    const [again] = await write([claim('finding-lease', 'invocation-a', lease)], T0 + 2_000);
    // The claimant crashed and never marked: once the lease has ended, the next delivery takes it over.
    const [stillHeld] = await write([claim('finding-lease', 'invocation-b', T0 + 99_000)], lease - 1);
    const [takenOver] = await write([claim('finding-lease', 'invocation-b', lease + 60_000)], lease);

    expect(first).toEqual({ status: 'claimed' });
    expect(other?.status).toBe('held');
    expect(other?.status === 'held' && other.item.claim).toEqual({ by: 'invocation-a', atMs: T0 });
    expect(other?.status === 'held' && other.item.expiresAtMs).toBe(lease);
    expect([again, stillHeld, takenOver].map((r) => r?.status)).toEqual(['claimed', 'held', 'claimed']);
    expect(((await read(alertKey('finding-lease', 'eventbridge'), lease)) as AlertItem).claim?.by).toBe(
      'invocation-b',
    );
  });

  it('refuses a claim on a delivered alert; a released claim is taken at once, by its owner only', async () => {
    const key = alertKey('finding-release', 'eventbridge');
    await write([claim('finding-release', 'invocation-a', T0 + 40_000)]);
    const delivered: AlertItem = {
      kind: 'alert',
      key,
      findingId: 'finding-release',
      sink: 'eventbridge',
      alertedAtMs: T0 + 500,
      expiresAtMs: T0 + DAY,
    };
    await write([{ op: 'mark-alerted', item: delivered }]);
    const [afterMark] = await write([claim('finding-release', 'invocation-b', T0 + 60_000)], T0 + 1_000);
    // Nor does releasing undo a delivery.
    await write([{ op: 'release-alert', key, by: 'invocation-a' }], T0 + 1_000);
    expect(afterMark).toEqual({ status: 'delivered', item: delivered });
    expect(await read(key, T0 + 1_000)).toEqual(delivered);

    const failedKey = alertKey('finding-failed', 'eventbridge');
    await write([claim('finding-failed', 'invocation-a', T0 + 40_000)]);
    await write([{ op: 'release-alert', key: failedKey, by: 'invocation-b' }], T0 + 1_000);
    const [notOwner] = await write([claim('finding-failed', 'invocation-b', T0 + 60_000)], T0 + 1_000);
    await write([{ op: 'release-alert', key: failedKey, by: 'invocation-a' }], T0 + 1_000);
    const [released] = await write([claim('finding-failed', 'invocation-b', T0 + 60_000)], T0 + 1_000);

    expect([notOwner?.status, released?.status]).toEqual(['held', 'claimed']);
  });

  it('claims under a hashed key when the finding id would make it longer than 1,024 bytes', async () => {
    const longId = `finding-${'漢'.repeat(700)}`;
    const key = alertKey(longId, 'eventbridge');

    const [first] = await write([claim(longId, 'invocation-a', T0 + 40_000)]);
    const [other] = await write([claim(longId, 'invocation-b', T0 + 40_000)], T0 + 1_000);

    expect(key).toMatch(/^alert#sha256:[0-9a-f]{64}$/);
    expect(new TextEncoder().encode(key).length).toBeLessThanOrEqual(1024);
    expect([first?.status, other?.status]).toEqual(['claimed', 'held']);
    expect((await read(key)) as AlertItem).toMatchObject({
      findingId: longId,
      claim: { by: 'invocation-a' },
    });
  });

  it('puts an expiry on every item it stores (DynamoDB: the TTL attribute, in epoch seconds)', async () => {
    const raw = await backend.raw();

    expect(raw.length).toBeGreaterThan(3);
    for (const item of raw) {
      if (backend.name === 'dynamodb') expect((item.expiresAt as { N?: string })?.N).toMatch(/^\d{10}$/);
      else expect(item.expiresAtMs).toEqual(expect.any(Number));
    }
  });

  it('reports one first-seen-pair for two concurrent invocations with calls of one new pair', async () => {
    // The same new pair (zoe → Deploy) in two batches judged at once, by two execution environments.
    const [call] = fixtureRecords('rules/first-seen-pair/match.json').slice(1);
    const zoe = {
      ...(call?.userIdentity as object),
      arn: 'arn:aws:iam::444455556666:user/zoe',
      userName: 'zoe',
    };
    const first = { ...call, userIdentity: zoe };
    const other = { ...first, eventID: 'second-delivery-path-0001', requestID: 'second-request-0001' };
    const options = stageOptions();

    const outputs = await Promise.all(
      [[first], [other]].map((records) =>
        backend.session((s) => runStateStage(s, factsOf(records), options, NOW_MS)),
      ),
    );

    const found = outputs.flatMap((o) => o.findings.filter((f) => f.rule === 'first-seen-pair'));
    expect(found).toHaveLength(1);
    expect(found[0]?.actor.arn).toBe('arn:aws:iam::444455556666:user/zoe');
  });

  it('reports the same finding ids, and changes nothing, when a batch is re-driven', async () => {
    const records = fixtureRecords('lineage/user-deploy-admin.json');
    const options = stageOptions();

    const first = await backend.session((s) => runStateStage(s, factsOf(records), options, NOW_MS));
    const before = JSON.stringify(await backend.raw());
    const again = await backend.session((s) => runStateStage(s, factsOf(records), options, NOW_MS));

    expect(again.findings.map((f) => f.id).sort()).toEqual(first.findings.map((f) => f.id).sort());
    expect(first.findings.map((f) => f.rule)).toContain('first-seen-pair');
    const stable = (raw: string) => raw.replace(/"savedAt":"[^"]*"/g, '');
    expect(stable(JSON.stringify(await backend.raw()))).toEqual(stable(before));
  });

  it('reports one denied-burst for a burst spread over two invocations that arrive out of order', async () => {
    const calls = fixtureRecords('denied-burst/role-enumeration.json')
      .slice(0, 6)
      .map((r, i) => ({
        ...r,
        userIdentity: {
          ...(r.userIdentity as object),
          arn: 'arn:aws:iam::444455556666:user/spread',
          userName: 'spread',
        },
        eventID: `spread-${i}`,
      }));
    const options = stageOptions();
    const run = (records: typeof calls) =>
      backend.session((s) => runStateStage(s, factsOf(records), options, NOW_MS));

    const late = await run(calls.slice(3));
    const early = await run(calls.slice(0, 3));
    const redelivered = await run(calls.slice(3));

    const bursts = [late, early, redelivered].map((o) => o.findings.filter((f) => f.rule === 'denied-burst'));
    expect(bursts.map((b) => b.length)).toEqual([0, 1, 0]);
    expect(bursts[1]?.[0]?.title).toMatch(/was denied 6 credential calls/);
  });
});
