import type { CredentialEventName } from '../model/credential-event.ts';
import type { ActorFacts, CallFacts } from './call-facts.ts';
import { addDuration, type DurationHistogram, emptyHistogram, removeDuration } from './duration-histogram.ts';

export interface CallCounts {
  calls: number;
  denied: number;
}

export interface RoleActivity extends CallCounts {
  readonly roleArn: string;
  durations: DurationHistogram;
}

export interface ActorActivity extends CallCounts {
  readonly actor: ActorFacts;
}

/** One (actor, role) pair: who used which role, since when. */
export interface PairActivity extends CallCounts {
  readonly actor: ActorFacts;
  readonly roleArn: string;
  /** A call of the pair, for judging the actor against `trustedPrincipals` again. */
  readonly eventName: CredentialEventName;
  firstMs?: number | undefined;
  lastMs?: number | undefined;
  /** First successful call. */
  firstGrantMs?: number | undefined;
}

export interface DeniedSpot {
  readonly actor: ActorFacts;
  readonly roleArn: string;
  readonly errorCode: string;
  calls: number;
  firstMs?: number | undefined;
  lastMs?: number | undefined;
}

/** How many distinct keys each table keeps; calls beyond are counted in {@link Activity.folded}. */
export const ACTIVITY_LIMITS = {
  roles: 5_000,
  actors: 10_000,
  pairs: 20_000,
  matrix: 10_000,
  eventNames: 100,
  hours: 24 * 400,
  denied: 5_000,
  /** Cross-account copies remembered for pairing (caller ids and owner copies, each). */
  copies: 50_000,
  /** Records (eventIDs) remembered for telling a second delivery of one record from a new call. */
  recordIds: 1_000_000,
  /**
   * Records whose facts an accumulator keeps, so that a second delivery found when results merge can be
   * taken out of the tables again (one input's or one worker batch's worth: far fewer).
   */
  recordFacts: 20_000,
} as const;

export type ActivityTable = Exclude<keyof typeof ACTIVITY_LIMITS, 'copies' | 'recordIds' | 'recordFacts'>;

/**
 * The report's activity over a set of inputs: plain data (Maps and Sets structured-clone), bounded by
 * the number of distinct keys (roles, actors, pairs, accounts, hours…), never by the number of calls.
 * Built by {@link activityTap}; combined by {@link mergeActivity}; the copies of cross-account calls
 * still unpaired at the end are counted by {@link settleCopies}.
 */
export interface Activity {
  /** By role ARN; `''` holds calls that name no role (GetSessionToken, GetFederationToken). */
  readonly roles: Map<string, RoleActivity>;
  readonly actors: Map<string, ActorActivity>;
  readonly pairs: Map<string, PairActivity>;
  /** `SOURCE_ACCOUNT TARGET_ACCOUNT` → calls. */
  readonly matrix: Map<string, number>;
  readonly eventNames: Map<string, CallCounts>;
  /** Start of the hour (epoch ms) → calls. */
  readonly hours: Map<number, CallCounts>;
  readonly denied: Map<string, DeniedSpot>;
  /** Calls counted (each cross-account call once). */
  calls: number;
  /** Calls without an event time (not in `hours`). */
  untimed: number;
  firstMs?: number | undefined;
  lastMs?: number | undefined;
  /** Calls not itemised in a table because it was full. */
  readonly folded: Record<ActivityTable, number>;
  readonly copies: {
    /** sharedEventIDs of the caller copies read. */
    readonly callerIds: Set<string>;
    /** Owner copies waiting for their caller copy (which, when it comes, replaces them). */
    readonly pendingOwners: Map<string, CallFacts>;
    /**
     * Records not counted because another copy of the same call was: an owner copy whose caller copy
     * was read, or a second delivery of an owner copy. `calls + duplicates` = credential events read.
     */
    duplicates: number;
    /** Owner copies counted without pairing because the memory for pairing was full. */
    unpaired: number;
  };
  readonly records: {
    /**
     * {@link recordKey}s of the eventIDs counted in the tables, with the call's facts while there is room
     * ({@link ACTIVITY_LIMITS.recordFacts}), `0` after.
     */
    readonly counted: Map<number, CallFacts | 0>;
    /**
     * Second deliveries of a record already counted (same eventID: a trail read twice, overlapping
     * trails, CloudTrail's own rare duplicates): not counted again. `calls + copies.duplicates +
     * duplicates` = credential events read.
     */
    duplicates: number;
    /** Records counted without looking for an earlier delivery (the memory for eventIDs was full, or an earlier merge kept no facts). */
    unchecked: number;
  };
}

export function emptyActivity(): Activity {
  return {
    roles: new Map(),
    actors: new Map(),
    pairs: new Map(),
    matrix: new Map(),
    eventNames: new Map(),
    hours: new Map(),
    denied: new Map(),
    calls: 0,
    untimed: 0,
    folded: { roles: 0, actors: 0, pairs: 0, matrix: 0, eventNames: 0, hours: 0, denied: 0 },
    copies: { callerIds: new Set(), pendingOwners: new Map(), duplicates: 0, unpaired: 0 },
    records: { counted: new Map(), duplicates: 0, unchecked: 0 },
  };
}

const HOUR_MS = 3_600_000;

/** The entry under `key`, created when the table has room; undefined (and counted) when it is full. */
function slot<K, V>(
  acc: Activity,
  table: ActivityTable,
  map: Map<K, V>,
  key: K,
  create: () => V,
  calls = 1,
): V | undefined {
  let v = map.get(key);
  if (v === undefined) {
    if (map.size >= ACTIVITY_LIMITS[table]) {
      acc.folded[table] += calls;
      return undefined;
    }
    v = create();
    map.set(key, v);
  }
  return v;
}

const count = (c: CallCounts, f: CallFacts): void => {
  c.calls++;
  if (!f.success) c.denied++;
};

export const earliest = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);
export const latest = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/** Counts one call in every table. */
export function addCall(acc: Activity, f: CallFacts): void {
  acc.calls++;
  const t = f.timeMs;
  if (t === undefined) acc.untimed++;
  else {
    acc.firstMs = earliest(acc.firstMs, t);
    acc.lastMs = latest(acc.lastMs, t);
    const hour = slot(acc, 'hours', acc.hours, Math.floor(t / HOUR_MS) * HOUR_MS, () => ({
      calls: 0,
      denied: 0,
    }));
    if (hour) count(hour, f);
  }
  const roleArn = f.roleArn ?? '';
  const role = slot(acc, 'roles', acc.roles, roleArn, () => ({
    roleArn,
    calls: 0,
    denied: 0,
    durations: emptyHistogram(),
  }));
  if (role) {
    count(role, f);
    if (f.grantedSeconds !== undefined) addDuration(role.durations, f.grantedSeconds);
  }
  const actor = slot(acc, 'actors', acc.actors, f.actor.key, () => ({ actor: f.actor, calls: 0, denied: 0 }));
  if (actor) count(actor, f);
  const pair = slot(
    acc,
    'pairs',
    acc.pairs,
    pairKey(f),
    (): PairActivity => ({
      actor: f.actor,
      roleArn,
      eventName: f.eventName,
      calls: 0,
      denied: 0,
    }),
  );
  if (pair) {
    count(pair, f);
    pair.firstMs = earliest(pair.firstMs, t);
    pair.lastMs = latest(pair.lastMs, t);
    if (f.success) pair.firstGrantMs = earliest(pair.firstGrantMs, t);
  }
  const from = f.actor.accountId;
  if (from !== undefined && f.targetAccountId !== undefined) {
    const cell = `${from} ${f.targetAccountId}`;
    if (acc.matrix.has(cell) || acc.matrix.size < ACTIVITY_LIMITS.matrix) {
      acc.matrix.set(cell, (acc.matrix.get(cell) ?? 0) + 1);
    } else acc.folded.matrix++;
  }
  const name = slot(acc, 'eventNames', acc.eventNames, f.eventName, () => ({ calls: 0, denied: 0 }));
  if (name) count(name, f);
  if (!f.success) {
    const errorCode = f.errorCode ?? 'unknown';
    const key = JSON.stringify([f.actor.key, roleArn, errorCode]);
    const spot = slot(
      acc,
      'denied',
      acc.denied,
      key,
      (): DeniedSpot => ({ actor: f.actor, roleArn, errorCode, calls: 0 }),
    );
    if (spot) {
      spot.calls++;
      spot.firstMs = earliest(spot.firstMs, t);
      spot.lastMs = latest(spot.lastMs, t);
    }
  }
}

/**
 * Takes one counted call out of every table again: a second delivery of a record that two inputs each
 * counted, found when their results merge. Its facts are those of the first delivery, so every first
 * and last time and every maximum stays as it is; only counts go down.
 */
export function removeCall(acc: Activity, f: CallFacts): void {
  const down = (c: CallCounts | undefined, table: ActivityTable): void => {
    if (c === undefined) {
      acc.folded[table]--;
      return;
    }
    c.calls--;
    if (!f.success) c.denied--;
  };
  acc.calls--;
  const t = f.timeMs;
  if (t === undefined) acc.untimed--;
  else down(acc.hours.get(Math.floor(t / HOUR_MS) * HOUR_MS), 'hours');
  const roleArn = f.roleArn ?? '';
  const role = acc.roles.get(roleArn);
  down(role, 'roles');
  if (role !== undefined && f.grantedSeconds !== undefined) removeDuration(role.durations, f.grantedSeconds);
  down(acc.actors.get(f.actor.key), 'actors');
  down(acc.pairs.get(pairKey(f)), 'pairs');
  const from = f.actor.accountId;
  if (from !== undefined && f.targetAccountId !== undefined) {
    const cell = `${from} ${f.targetAccountId}`;
    const n = acc.matrix.get(cell);
    if (n === undefined) acc.folded.matrix--;
    else acc.matrix.set(cell, n - 1);
  }
  down(acc.eventNames.get(f.eventName), 'eventNames');
  if (!f.success) {
    const spot = acc.denied.get(JSON.stringify([f.actor.key, roleArn, f.errorCode ?? 'unknown']));
    if (spot === undefined) acc.folded.denied--;
    else spot.calls--;
  }
}

/**
 * Counts a call that has a record key unless that record was counted before; returns false for a second
 * delivery (counted in `records.duplicates`).
 */
export function addRecord(acc: Activity, key: number | undefined, f: CallFacts): boolean {
  const counted = acc.records.counted;
  if (key !== undefined && counted.has(key)) {
    acc.records.duplicates++;
    return false;
  }
  if (key === undefined) {
    // Without an eventID nothing tells two deliveries apart.
  } else if (counted.size < ACTIVITY_LIMITS.recordIds) {
    counted.set(key, counted.size < ACTIVITY_LIMITS.recordFacts ? f : 0);
  } else acc.records.unchecked++;
  addCall(acc, f);
  return true;
}

/** Pairs are told apart by what a `trustedPrincipals` entry can tell apart. */
function pairKey(f: CallFacts): string {
  const a = f.actor;
  return JSON.stringify([
    a.key,
    f.roleArn ?? '',
    a.samlProviderArn ?? a.oidcProviderArn ?? a.oidcProviderHost ?? '',
  ]);
}

/**
 * Counts the owner copies whose caller copy never came (the caller's account is not in the inputs): they
 * are the only record of those calls. Call once, at the end; returns `acc`.
 */
export function settleCopies(acc: Activity): Activity {
  for (const owner of acc.copies.pendingOwners.values()) addCall(acc, owner);
  acc.copies.pendingOwners.clear();
  acc.copies.callerIds.clear();
  acc.records.counted.clear();
  return acc;
}
