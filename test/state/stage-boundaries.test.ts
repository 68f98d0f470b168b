import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../functions/adapters/state/memory-store.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { runStateStageSync, type SyncStateStore } from '../../functions/core/state/run-state-stage.ts';
import type { StateStageOptions } from '../../functions/core/state/state-stage-options.ts';
import { factsOf, fixtureRecords, type Json, NOW_MS, stageOptions } from './support/stage.ts';

// Boundaries and races of the state stage that the other state tests leave open: who reports a pair
// another writer created between this input's read and its write; the refresh of a pair's last use at
// exactly its interval (and that interval when pairs are forgotten within days); a pair that expires
// exactly at its call; what a denied-burst bucket keeps at its caps of 100 calls and 20 roles; and whose copy
// of a cross-account call a session keeps when both copies are judged at once. The example organisation: 5
// denied calls within 10 minutes; pairs forgotten after 90 days.

const DAY = 86_400_000;
const HOUR = 3_600_000;

const at = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const rulesOf = (findings: readonly Finding[]) => findings.map((f) => f.rule);
const pairsOf = (findings: readonly Finding[]) => findings.filter((f) => f.rule === 'first-seen-pair');
const burstsOf = (findings: readonly Finding[]) => findings.filter((f) => f.rule === 'denied-burst');

function run(store: SyncStateStore, records: readonly Json[], options = stageOptions()): Finding[] {
  return [...runStateStageSync(store, factsOf(records), options, NOW_MS).findings];
}

/** alice's call of Deploy (a new pair in the example organisation). */
const pairCall = fixtureRecords('rules/first-seen-pair/match.json')[1] as Json;
const CALL_MS = Date.parse(String(pairCall.eventTime));
/** alice's call of Deploy again at `ms` (another call, another identity). */
const pairCallAt = (ms: number, n: number): Json => ({
  ...pairCall,
  eventID: `pair-again-${n}`,
  requestID: `pair-again-${n}`,
  eventTime: at(ms),
});

const template = fixtureRecords('denied-burst/role-enumeration.json')[0] as Json;
/** A denied AssumeRole by build-bot at `ms`, of role `role`. */
const denied = (ms: number, n: number, role = 'Admin'): Json => ({
  ...template,
  eventTime: at(ms),
  eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  requestID: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  errorMessage:
    'User: arn:aws:iam::444455556666:user/build-bot is not authorized to perform: sts:AssumeRole on ' +
    `resource: arn:aws:iam::444455556666:role/${role}`,
});

const newStore = (): MemoryStateStore => new MemoryStateStore({ wallClock: () => NOW_MS + 400 * DAY });

/** A store on which `racer` runs (another invocation) just before this input's first writes land. */
function racing(inner: MemoryStateStore, racer: () => void): SyncStateStore {
  let raced = false;
  return {
    readSync: (keys, asOf) => inner.readSync(keys, asOf),
    writeSync(ops, asOf) {
      if (!raced) {
        raced = true;
        racer();
      }
      return inner.writeSync(ops, asOf);
    },
  };
}

describe('a pair another invocation created between this one reading and writing it', () => {
  it('is first seen by this input too when it was created from the same call (a copy read at once)', () => {
    const inner = newStore();
    let other: Finding[] = [];

    const ours = run(
      racing(inner, () => {
        other = run(inner, [pairCall]);
      }),
      [pairCall],
    );

    // Both report it, under one id: a re-read of the introducing call is reported again (deliveries dedupe).
    expect(pairsOf(other)).toHaveLength(1);
    expect(pairsOf(ours).map((f) => f.id)).toEqual(pairsOf(other).map((f) => f.id));
  });

  it('is not reported when the other invocation learned it (ROLEWATCH_LEARN_UNTIL), though from the same call', () => {
    const inner = newStore();

    const ours = run(
      racing(inner, () => run(inner, [pairCall], stageOptions('learn'))),
      [pairCall],
    );

    expect(rulesOf(ours)).not.toContain('first-seen-pair');
    expect(inner.items().find((i) => i.kind === 'pair')).toMatchObject({ learned: true });
  });
});

describe('the last use of a known pair', () => {
  it('is refreshed by a call exactly one refresh interval (a day) after it, and keeps the pair that long more', () => {
    const store = newStore();
    expect(rulesOf(run(store, [pairCall]))).toContain('first-seen-pair');

    run(store, [pairCallAt(CALL_MS + DAY, 1)]);

    expect(store.items().find((i) => i.kind === 'pair')).toMatchObject({
      lastSeenMs: CALL_MS + DAY,
      expiresAtMs: CALL_MS + DAY + 90 * DAY,
    });
    // Past the 90 days of the first call, within those of the refresh: still known.
    expect(rulesOf(run(store, [pairCallAt(CALL_MS + 90 * DAY + HOUR, 2)]))).not.toContain('first-seen-pair');
  });

  it('is refreshed every quarter of forgetAfterDays when that is under 4 days (here 2: every 12 hours)', () => {
    const options: StateStageOptions = {
      ...stageOptions(),
      firstSeen: { forgetAfterDays: 2, mode: 'report' },
    };
    const store = newStore();
    expect(rulesOf(run(store, [pairCall], options))).toContain('first-seen-pair');

    run(store, [pairCallAt(CALL_MS + 12 * HOUR, 1)], options);

    expect(store.items().find((i) => i.kind === 'pair')).toMatchObject({
      lastSeenMs: CALL_MS + 12 * HOUR,
      expiresAtMs: CALL_MS + 12 * HOUR + 2 * DAY,
    });
    expect(rulesOf(run(store, [pairCallAt(CALL_MS + 2 * DAY + HOUR, 2)], options))).not.toContain(
      'first-seen-pair',
    );
  });
});

describe('a pair that expires exactly at its call', () => {
  it('is first seen again, though live at an earlier call of the same input (the time the input is read at)', () => {
    const store = newStore();
    expect(rulesOf(run(store, [pairCall]))).toContain('first-seen-pair');
    const forgottenAt = CALL_MS + 90 * DAY;

    const again = run(store, [denied(forgottenAt - 1_000, 1), pairCallAt(forgottenAt, 1)]);

    expect(pairsOf(again).map((f) => f.eventId)).toEqual(['pair-again-1']);
  });
});

describe('the caps of a denied-burst bucket', () => {
  // One bucket (03:00 to 03:10): calls 5 seconds apart.
  const BUCKET_MS = Date.UTC(2026, 10, 20, 3, 0, 0);
  const calls = (n: number, role: (i: number) => string = () => 'Admin'): Json[] =>
    Array.from({ length: n }, (_, i) => denied(BUCKET_MS + i * 5_000, i + 1, role(i)));
  const bucketOf = (store: MemoryStateStore) => {
    const item = store.items().find((i) => i.kind === 'burst');
    return item?.kind === 'burst' ? item : undefined;
  };

  it('holds 100 calls: a bucket with exactly 100 counts "at least" 100, one with 99 exactly 99', () => {
    const full = newStore();
    const [atCap] = burstsOf(run(full, calls(100)));
    const short = newStore();
    const [under] = burstsOf(run(short, calls(99)));

    expect(bucketOf(full)?.denials).toHaveLength(100);
    expect(atCap?.title).toMatch(/was denied at least 100 credential calls/);
    expect(bucketOf(short)?.denials).toHaveLength(99);
    expect(under?.title).toMatch(/was denied 99 credential calls/);
  });

  it('keeps no more than 100 calls, however many come', () => {
    const store = newStore();
    const [burst] = burstsOf(run(store, calls(101)));

    expect(bucketOf(store)?.denials).toHaveLength(100);
    expect(burst?.title).toMatch(/was denied at least 100 credential calls/);
  });

  it('keeps 20 roles, the first 20 tried, and no more', () => {
    const twenty = newStore();
    run(
      twenty,
      calls(20, (i) => `Probe-${String(i).padStart(2, '0')}`),
    );
    const more = newStore();
    const [burst] = burstsOf(
      run(
        more,
        calls(21, (i) => `Probe-${String(i).padStart(2, '0')}`),
      ),
    );

    expect(bucketOf(twenty)?.roles).toHaveLength(20);
    expect(bucketOf(more)?.roles).toEqual(bucketOf(twenty)?.roles);
    expect(burst?.title).toMatch(/\(20 role\(s\) tried: Probe-00, /);
  });
});

describe('a session both copies of a cross-account call name, judged by two invocations at once', () => {
  // bob (111122223333) becomes OrgAdmin, then assumes ReadOnly in 444455556666: the caller's copy (in bob's
  // account) knows the chain; the role owner's copy (AWSAccount, in 444455556666) knows only the account.
  const [bobToOrgAdmin, callerCopy, ownerCopy] = fixtureRecords('lineage/cross-account-chain.json') as [
    Json,
    Json,
    Json,
  ];
  const sessionsOf = (store: MemoryStateStore) =>
    store.items().filter((i) => i.kind === 'session' && i.link.hops.at(-1)?.name === 'ReadOnly');

  it("keeps the caller copy's chain when that copy lands between the owner copy's read and its write", () => {
    const alone = newStore();
    run(alone, [bobToOrgAdmin]);
    run(alone, [callerCopy]);
    const [callerSession] = sessionsOf(alone);
    expect(callerSession?.kind === 'session' && callerSession.link.hops.map((h) => h.name)).toEqual([
      'OrgAdmin',
      'ReadOnly',
    ]);

    const inner = newStore();
    run(inner, [bobToOrgAdmin]);
    run(
      racing(inner, () => run(inner, [callerCopy])),
      [ownerCopy],
    );

    expect(sessionsOf(inner)).toEqual([callerSession]);
  });

  it('is written from the owner copy when nothing else knows it', () => {
    const store = newStore();
    run(store, [ownerCopy]);

    const [session] = sessionsOf(store);
    expect(session?.kind === 'session' && session.link.hops.map((h) => h.name)).toEqual(['ReadOnly']);
  });
});
