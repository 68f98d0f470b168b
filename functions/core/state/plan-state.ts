import type { CredentialEvent } from '../model/credential-event.ts';
import type { ActorOrigin } from '../model/finding.ts';
import { bucketStartMs, denialEntry } from './denied-window.ts';
import { linkFor, originOf, sessionExpiresAtMs } from './session-lineage.ts';
import {
  type CallerRef,
  callerRefOf,
  type DeniedFact,
  isWholePair,
  type PairFact,
  type StateFacts,
} from './state-facts.ts';
import {
  arnSessionKey,
  type BurstItem,
  burstKey,
  keySessionKey,
  type PairItem,
  pairKey,
  type RoleHop,
  type SessionItem,
  type SessionLink,
  type StateItem,
} from './state-item.ts';
import type { StateOp } from './state-op.ts';
import type { StateStageOptions } from './state-stage-options.ts';

const DAY_MS = 86_400_000;
/** Buckets keep at most this many roles (the finding lists them). */
export const MAX_BURST_ROLES = 20;
/**
 * Buckets keep at most this many denied calls (or the burst threshold, if higher): enough to count a
 * burst exactly, while an enumeration of thousands of roles keeps a bucket small (under 4 KB).
 */
export const MAX_BURST_CALLS = 100;

/** How many denied calls a bucket keeps under this threshold. */
export const burstCapacity = (threshold: number): number => Math.max(threshold, MAX_BURST_CALLS);
/** A bucket is kept two windows past its end, and a day more for late and re-driven records. */
const BURST_GRACE_MS = DAY_MS;

/** A pair this plan creates: the finding depends on whether the create wins. */
export interface PairCheck {
  readonly fact: PairFact;
  readonly write: number;
}

/** A bucket this plan added denied calls to (or would have): decided once the write says what it holds. */
export interface BurstCheck {
  readonly actor: string;
  readonly bucketStartMs: number;
  readonly key: string;
  readonly previousKey: string;
  /**
   * This input's denied calls in the bucket, in time order; for a check of the bucket after the one the
   * input's calls are in (a burst they complete there), those calls.
   */
  readonly facts: readonly DeniedFact[];
  /** Index of the `add-denials` op in `writes`, when anything was new. */
  readonly write?: number;
}

export interface StatePlan {
  readonly writes: readonly StateOp[];
  /** Items as this plan leaves them (the snapshot with its own writes applied). */
  readonly view: ReadonlyMap<string, StateItem>;
  /** `actor.origin` by finding id, for the stateless findings of role-session callers. */
  readonly origins: ReadonlyMap<string, ActorOrigin>;
  /** Pairs already in the baseline whose introducing call is read again: reported again. */
  readonly rereadPairs: readonly PairFact[];
  readonly pairs: readonly PairCheck[];
  readonly bursts: readonly BurstCheck[];
}

const windowMsOf = (o: StateStageOptions): number => (o.deniedBurst?.windowMinutes ?? 0) * 60_000;

/** The pairs of facts collected for `first-seen-pair`, which needs each pair whole (its call, its identity). */
function wholePairs(facts: StateFacts): PairFact[] {
  const pairs = Object.values(facts.pairs);
  if (!pairs.every(isWholePair)) {
    throw new Error('first-seen-pair runs on pair times only: collect the facts with stateFactsTapFor(true)');
  }
  return pairs;
}

/** The keys the plan reads: pairs, the two buckets each denied call's window may span, sessions. */
export function keysToRead(facts: StateFacts, options: StateStageOptions): string[] {
  const keys = new Set<string>();
  const addCaller = (ref: CallerRef | undefined): void => {
    if (ref?.keyFingerprint !== undefined) keys.add(keySessionKey(ref.keyFingerprint));
    if (ref?.sessionArn !== undefined) keys.add(arnSessionKey(ref.sessionArn));
  };
  if (options.firstSeen !== undefined) {
    // A pair, and the session of its caller (the origin of a first-seen-pair finding).
    for (const p of wholePairs(facts)) {
      keys.add(pairKey(p.actor, p.role));
      addCaller(callerRefOf(p.event));
    }
  }
  if (options.deniedBurst !== undefined) {
    const w = windowMsOf(options);
    for (const d of facts.denied) {
      const b = bucketStartMs(d.timeMs, w);
      keys.add(burstKey(d.actor, b));
      keys.add(burstKey(d.actor, b - w));
      // A late call can complete a burst whose window ends in the bucket after its own.
      keys.add(burstKey(d.actor, b + w));
    }
  }
  for (const i of facts.issued) {
    addCaller(i.caller);
    if (i.keyFingerprint !== undefined) keys.add(keySessionKey(i.keyFingerprint));
    else if (i.sessionArn !== undefined) keys.add(arnSessionKey(i.sessionArn));
  }
  for (const c of facts.callers) addCaller(c.caller);
  for (const d of facts.denied) addCaller(callerRefOf(d.event));
  return [...keys];
}

/** The link of the session a caller signed with: by key fingerprint, else by session ARN. */
export function linkOfCaller(
  view: ReadonlyMap<string, StateItem>,
  ref: CallerRef | undefined,
): SessionLink | undefined {
  if (ref === undefined) return undefined;
  const byKey = ref.keyFingerprint === undefined ? undefined : view.get(keySessionKey(ref.keyFingerprint));
  if (byKey?.kind === 'session') return byKey.link;
  const byArn = ref.sessionArn === undefined ? undefined : view.get(arnSessionKey(ref.sessionArn));
  return byArn?.kind === 'session' ? byArn.link : undefined;
}

/** `actor.origin` of a call, when its caller is a role session whose start is known. */
export function originOfEvent(
  view: ReadonlyMap<string, StateItem>,
  event: CredentialEvent,
): ActorOrigin | undefined {
  const link = linkOfCaller(view, callerRefOf(event));
  return link === undefined ? undefined : originOf(link);
}

const sameHop = (a: RoleHop, b: RoleHop | undefined): boolean =>
  b !== undefined && a.arn === b.arn && a.name === b.name && a.accountId === b.accountId;

/** The item holds this link already (field by field: a stored item's keys may come in another order). */
function sameLink(item: StateItem | undefined, link: SessionLink): boolean {
  if (item?.kind !== 'session') return false;
  const known = item.link;
  return (
    known.issuedAtMs === link.issuedAtMs &&
    known.sourceIdentity === link.sourceIdentity &&
    known.note === link.note &&
    known.origin.arn === link.origin.arn &&
    known.origin.display === link.origin.display &&
    known.hops.length === link.hops.length &&
    known.hops.every((hop, i) => sameHop(hop, link.hops[i]))
  );
}

/**
 * Plans what one input changes, from a snapshot of the items it reads (`keysToRead`; expired items
 * absent) and its facts in input order. Pure: returns the writes, what the findings depend on, and the
 * origins of the input's stateless findings. Within the input, order does not matter: sessions are
 * linked in time order, denied calls are grouped by bucket, pairs by their first call.
 */
export function planState(
  snapshot: ReadonlyMap<string, StateItem>,
  facts: StateFacts,
  options: StateStageOptions,
): StatePlan {
  const view = new Map(snapshot);
  const writes: StateOp[] = [];

  // Session lineage, in time order so that a chain issued within this input links up.
  const issued = [...facts.issued].sort((a, b) => a.timeMs - b.timeMs);
  for (const fact of issued) {
    const link = linkFor(fact, linkOfCaller(view, fact.caller));
    if (link === undefined) continue;
    const expiresAtMs = sessionExpiresAtMs(fact);
    // One item per session: by the issued key's fingerprint, which later calls are signed with (exact); by
    // the session ARN only when the record names no key (a session name can be reused by anyone).
    const key =
      fact.keyFingerprint !== undefined
        ? keySessionKey(fact.keyFingerprint)
        : fact.sessionArn === undefined
          ? undefined
          : arnSessionKey(fact.sessionArn);
    if (key !== undefined) {
      const known = view.get(key);
      if (!(fact.weak ? known !== undefined : sameLink(known, link))) {
        const item: SessionItem = { kind: 'session', key, link, expiresAtMs };
        writes.push({ op: 'put-session', item, ifAbsent: fact.weak });
        view.set(key, item);
      }
    }
  }

  const origins = new Map<string, ActorOrigin>();
  for (const c of facts.callers) {
    const link = linkOfCaller(view, c.caller);
    if (link === undefined) continue;
    const origin = originOf(link);
    for (const id of c.findingIds) origins.set(id, origin);
  }

  const rereadPairs: PairFact[] = [];
  const pairs: PairCheck[] = [];
  if (options.firstSeen !== undefined) {
    const forgetMs = options.firstSeen.forgetAfterDays * DAY_MS;
    // A pair's last use is written at most this often: one write per pair per day, not per call.
    const refreshMs = Math.min(DAY_MS, forgetMs / 4);
    const learned = options.firstSeen.mode === 'learn';
    for (const p of wholePairs(facts)) {
      const key = pairKey(p.actor, p.role);
      const known = view.get(key);
      if (known?.kind === 'pair' && known.expiresAtMs > p.firstMs) {
        if (known.firstEvent === p.identity && !known.learned && !learned) rereadPairs.push(p);
        if (p.lastMs - known.lastSeenMs >= refreshMs) {
          const expiresAtMs = p.lastMs + forgetMs;
          writes.push({ op: 'touch-pair', key, lastSeenMs: p.lastMs, expiresAtMs });
          view.set(key, {
            ...known,
            lastSeenMs: p.lastMs,
            expiresAtMs: Math.max(known.expiresAtMs, expiresAtMs),
          });
        }
        continue;
      }
      const item: PairItem = {
        kind: 'pair',
        key,
        actor: p.actor,
        role: p.role,
        firstSeenMs: p.firstMs,
        lastSeenMs: p.lastMs,
        firstEvent: p.identity,
        learned,
        expiresAtMs: p.lastMs + forgetMs,
      };
      pairs.push({ fact: p, write: writes.length });
      writes.push({ op: 'create-pair', item, atMs: p.firstMs });
      view.set(key, item);
    }
  }

  const bursts: BurstCheck[] = [];
  if (options.deniedBurst !== undefined) {
    const w = windowMsOf(options);
    const cap = burstCapacity(options.deniedBurst.count);
    const groups = new Map<string, DeniedFact[]>();
    for (const d of facts.denied) {
      const key = burstKey(d.actor, bucketStartMs(d.timeMs, w));
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [d]);
      else group.push(d);
    }
    const ordered = [...groups.values()].sort(
      (a, b) => bucketStartMs((a[0] as DeniedFact).timeMs, w) - bucketStartMs((b[0] as DeniedFact).timeMs, w),
    );
    const touched = new Set(groups.keys());
    for (const group of ordered) {
      const first = group[0] as DeniedFact;
      const start = bucketStartMs(first.timeMs, w);
      const key = burstKey(first.actor, start);
      const known = view.get(key);
      const held = known?.kind === 'burst' ? known : undefined;
      const entries = new Set(held?.denials ?? []);
      const roles = new Set(held?.roles ?? []);
      const newEntries: string[] = [];
      const newRoles: string[] = [];
      const sorted = [...group].sort((a, b) => a.timeMs - b.timeMs || (a.identity < b.identity ? -1 : 1));
      for (const d of sorted) {
        const entry = denialEntry(d.timeMs, d.identity);
        // A full bucket is a burst whatever else comes: it needs no more calls, only the count is a floor.
        if (!entries.has(entry) && entries.size < cap) {
          entries.add(entry);
          newEntries.push(entry);
        }
        if (!roles.has(d.target) && roles.size < MAX_BURST_ROLES) {
          roles.add(d.target);
          newRoles.push(d.target);
        }
      }
      const check = {
        actor: first.actor,
        bucketStartMs: start,
        key,
        previousKey: burstKey(first.actor, start - w),
      };
      // The windows ending in the next bucket reach back into this one: when this input adds nothing to
      // the next bucket, calls read earlier (a later file, a late delivery read after it) may be there,
      // and this input's calls may complete their burst. That bucket is checked after this one.
      const nextKey = burstKey(first.actor, start + w);
      const next = touched.has(nextKey)
        ? []
        : [{ actor: first.actor, bucketStartMs: start + w, key: nextKey, previousKey: key, facts: sorted }];
      if (newEntries.length === 0 && newRoles.length === 0) {
        bursts.push({ ...check, facts: sorted }, ...next);
        continue;
      }
      const expiresAtMs = start + 3 * w + BURST_GRACE_MS;
      bursts.push({ ...check, facts: sorted, write: writes.length }, ...next);
      writes.push({
        op: 'add-denials',
        key,
        actor: first.actor,
        bucketStartMs: start,
        denials: newEntries,
        roles: newRoles,
        expiresAtMs,
      });
      const item: BurstItem = {
        kind: 'burst',
        key,
        actor: first.actor,
        bucketStartMs: start,
        denials: [...entries],
        roles: [...roles],
        ...(held?.fired === undefined ? {} : { fired: held.fired }),
        expiresAtMs: Math.max(held?.expiresAtMs ?? 0, expiresAtMs),
      };
      view.set(key, item);
    }
  }

  return { writes, view, origins, rereadPairs, pairs, bursts };
}
