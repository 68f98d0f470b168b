import {
  type AlertItem,
  type BurstFired,
  type BurstItem,
  isDelivered,
  type PairItem,
  type SessionItem,
  type StateItem,
} from './state-item.ts';

/**
 * A change to one item. Every op is idempotent (applying it twice leaves the item as applying it once),
 * so that re-driven batches and re-read files change nothing; the ops that decide who reports a finding
 * are conditional claims. Stores apply each op atomically on its own (DynamoDB: one UpdateItem or
 * PutItem with a condition), never a group of ops together.
 */
export type StateOp =
  /** Create the pair when it is absent or expired at `atMs`; a live pair is left alone. */
  | { readonly op: 'create-pair'; readonly item: PairItem; readonly atMs: number }
  /** Move `lastSeenMs` (and the expiry) forward; never back. */
  | {
      readonly op: 'touch-pair';
      readonly key: string;
      readonly lastSeenMs: number;
      readonly expiresAtMs: number;
    }
  /**
   * Add denied calls and roles to a bucket (set union; created when absent). `denials` and `roles` were
   * already cut by the caller to what the bucket may still hold.
   */
  | {
      readonly op: 'add-denials';
      readonly key: string;
      readonly actor: string;
      readonly bucketStartMs: number;
      readonly denials: readonly string[];
      readonly roles: readonly string[];
      readonly expiresAtMs: number;
    }
  /** Claim a bucket's burst: succeeds when the bucket has no `fired`, or the same one. */
  | { readonly op: 'fire-burst'; readonly key: string; readonly fired: BurstFired }
  /**
   * Remember who obtained a session. `ifAbsent`: only when nothing is known for the key yet (a weaker
   * source, the role owner's copy of a cross-account call, must not replace the caller's copy).
   */
  | { readonly op: 'put-session'; readonly item: SessionItem; readonly ifAbsent: boolean }
  /** A finding was delivered by a sink (replaces a claim on it, whoever holds it). */
  | { readonly op: 'mark-alerted'; readonly item: AlertItem }
  /**
   * Claim a (finding, sink) before sending (`item` carries the claim, its lease is `expiresAtMs`):
   * succeeds when no live item is there, or the live one is this delivery's own claim; a live delivered
   * item or another delivery's live claim refuses it.
   */
  | { readonly op: 'claim-alert'; readonly item: AlertItem }
  /** End the lease of a claim, if it is still `by`'s and not delivered (a failed send: let another try). */
  | { readonly op: 'release-alert'; readonly key: string; readonly by: string };

export type OpResult =
  | { readonly status: 'done' }
  /** `create-pair`: the pair was created by this op. */
  | { readonly status: 'created' }
  /** `create-pair`: a live pair was there already (as it is now). */
  | { readonly status: 'exists'; readonly item: PairItem }
  /** `add-denials`: the bucket after the union, with what concurrent writers added too. */
  | { readonly status: 'bucket'; readonly item: BurstItem }
  /** `fire-burst`: this claim holds. */
  | { readonly status: 'claimed' }
  /** `fire-burst`: another claim holds. */
  | { readonly status: 'taken'; readonly fired: BurstFired }
  /** `claim-alert`: the sink already delivered the finding (the live item). */
  | { readonly status: 'delivered'; readonly item: AlertItem }
  /** `claim-alert`: another delivery holds a live claim (the live item). */
  | { readonly status: 'held'; readonly item: AlertItem };

/** A released claim's `expiresAtMs`: expired by any clock (its TTL attribute is left as it was). */
export const RELEASED_AT_MS = 0;

const union = (a: readonly string[], b: readonly string[]): string[] => {
  if (b.every((x) => a.includes(x))) return [...a];
  const set = new Set(a);
  for (const x of b) set.add(x);
  return [...set];
};

/**
 * What an op does to the item under its key (`current`: the stored item, expired ones included), as of
 * `asOfMs` (an item expired by then counts as absent). The in-memory and file stores apply ops with this
 * function; the DynamoDB store does the same with condition and update expressions, and one behavioural
 * test suite holds them equal.
 */
export function applyOp(
  current: StateItem | undefined,
  op: StateOp,
  asOfMs: number,
): { readonly item: StateItem | undefined; readonly result: OpResult } {
  const live = current !== undefined && current.expiresAtMs > asOfMs ? current : undefined;
  switch (op.op) {
    case 'create-pair': {
      const existing = live?.kind === 'pair' && live.expiresAtMs > op.atMs ? live : undefined;
      if (existing !== undefined) return { item: current, result: { status: 'exists', item: existing } };
      return { item: op.item, result: { status: 'created' } };
    }
    case 'touch-pair': {
      if (live?.kind !== 'pair' || live.lastSeenMs >= op.lastSeenMs) return { item: current, result: DONE };
      return {
        item: { ...live, lastSeenMs: op.lastSeenMs, expiresAtMs: Math.max(live.expiresAtMs, op.expiresAtMs) },
        result: DONE,
      };
    }
    case 'add-denials': {
      const base: BurstItem =
        live?.kind === 'burst'
          ? live
          : {
              kind: 'burst',
              key: op.key,
              actor: op.actor,
              bucketStartMs: op.bucketStartMs,
              denials: [],
              roles: [],
              expiresAtMs: op.expiresAtMs,
            };
      const item: BurstItem = {
        ...base,
        denials: union(base.denials, op.denials),
        roles: union(base.roles, op.roles),
        expiresAtMs: Math.max(base.expiresAtMs, op.expiresAtMs),
      };
      return { item, result: { status: 'bucket', item } };
    }
    case 'fire-burst': {
      if (live?.kind !== 'burst') return { item: current, result: { status: 'taken', fired: op.fired } };
      const fired = live.fired;
      if (fired !== undefined && (fired.findingId !== op.fired.findingId || fired.event !== op.fired.event)) {
        return { item: current, result: { status: 'taken', fired } };
      }
      return { item: { ...live, fired: op.fired }, result: { status: 'claimed' } };
    }
    case 'put-session':
      if (op.ifAbsent && live !== undefined) return { item: current, result: DONE };
      return { item: op.item, result: DONE };
    case 'mark-alerted':
      return { item: op.item, result: DONE };
    case 'claim-alert': {
      if (live?.kind === 'alert') {
        if (isDelivered(live)) return { item: current, result: { status: 'delivered', item: live } };
        if (live.claim?.by !== op.item.claim?.by)
          return { item: current, result: { status: 'held', item: live } };
      }
      return { item: op.item, result: { status: 'claimed' } };
    }
    case 'release-alert': {
      if (current?.kind !== 'alert' || isDelivered(current) || current.claim?.by !== op.by)
        return { item: current, result: DONE };
      return { item: { ...current, expiresAtMs: RELEASED_AT_MS }, result: DONE };
    }
  }
}

const DONE: OpResult = Object.freeze({ status: 'done' });

/** The key an op writes. */
export function keyOfOp(op: StateOp): string {
  return op.op === 'create-pair' ||
    op.op === 'put-session' ||
    op.op === 'mark-alerted' ||
    op.op === 'claim-alert'
    ? op.item.key
    : op.key;
}
