import { describe, expect, it } from 'vitest';
import { LATENESS_MS, MemoryStateStore } from '../../functions/adapters/state/memory-store.ts';
import { keySessionKey, type SessionItem } from '../../functions/core/state/state-item.ts';
import type { StateOp } from '../../functions/core/state/state-op.ts';

// The in-memory store's own clock (the trail's: the latest call time judged, never more than a day ahead
// of the wall clock) and how it bounds its memory: past 100,000 items it drops what expired a week
// before that clock, and nothing sooner, so that a scan reading files out of order still finds it.

const NOW_MS = Date.UTC(2026, 10, 20, 3, 14, 0);
const DAY = 86_400_000;

const session = (name: string, expiresAtMs: number): SessionItem => ({
  kind: 'session',
  key: keySessionKey(name),
  link: {
    origin: { arn: `arn:aws:iam::444455556666:user/${name}`, display: `${name} (IAM user, 444455556666)` },
    hops: [{ arn: 'arn:aws:iam::444455556666:role/Deploy', name: 'Deploy', accountId: '444455556666' }],
    issuedAtMs: expiresAtMs - DAY,
  },
  expiresAtMs,
});

const put = (item: SessionItem): StateOp => ({ op: 'put-session', item, ifAbsent: false });

describe('the memory store clock', () => {
  it('follows the latest call time judged, only forward, and never more than a day past the wall clock', () => {
    const store = new MemoryStateStore({ wallClock: () => NOW_MS });

    store.observe(NOW_MS - DAY);
    store.observe(NOW_MS - 2 * DAY);
    expect(store.clockMs).toBe(NOW_MS - DAY);

    // A forged future time forgets nothing.
    store.observe(NOW_MS + 365 * DAY);
    expect(store.clockMs).toBe(NOW_MS + DAY);
  });

  it('keeps the later clock when a state file saved at an earlier one is loaded', () => {
    const store = new MemoryStateStore({ wallClock: () => NOW_MS });
    store.observe(NOW_MS);

    store.load([], NOW_MS - 3 * DAY);

    expect(store.clockMs).toBe(NOW_MS);
  });
});

describe('the memory store bounds its memory', () => {
  it('drops nothing while it holds fewer than 100,000 items, however long ago they expired', () => {
    const store = new MemoryStateStore({ wallClock: () => NOW_MS });
    store.observe(NOW_MS);
    const old = session('old', NOW_MS - 30 * DAY);

    store.writeSync(
      [put(old), ...Array.from({ length: 50 }, (_, i) => put(session(`s${i}`, NOW_MS + DAY)))],
      NOW_MS,
    );

    expect(store.size).toBe(51);
    // A late file judged as of its own calls, before the item expired, still reads it.
    expect(store.readSync([old.key], NOW_MS - 31 * DAY).get(old.key)).toEqual(old);
  });

  it('past 100,000 items, drops what expired a week before its clock and keeps what expired since', () => {
    const store = new MemoryStateStore({ wallClock: () => NOW_MS });
    store.observe(NOW_MS);
    const gone = session('gone', NOW_MS - LATENESS_MS - 1);
    const kept = session('kept', NOW_MS - DAY);
    const live = Array.from({ length: 100_000 }, (_, i) => put(session(`live${i}`, NOW_MS + DAY)));

    store.writeSync([put(gone), put(kept), ...live], NOW_MS);

    expect(store.size).toBe(100_001);
    expect(store.readSync([gone.key], NOW_MS - 2 * LATENESS_MS).size).toBe(0);
    expect(store.readSync([kept.key], NOW_MS - 2 * DAY).get(kept.key)).toEqual(kept);
  });

  it('lists its items in key order (a state file is saved in that order)', () => {
    const store = new MemoryStateStore({ wallClock: () => NOW_MS });
    store.writeSync(
      ['c', 'a', 'b'].map((n) => put(session(n, NOW_MS + DAY))),
      NOW_MS,
    );

    expect(store.items().map((i) => i.key)).toEqual(['a', 'b', 'c'].map((n) => keySessionKey(n)));
  });
});
