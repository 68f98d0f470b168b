import { EMPTY_SHAPES, mergeShapes, type SessionNameShapes } from './session-name-shape.ts';

/*
 * What `trust learn` remembers of a trail: per role, who assumed it and how. Plain data (Maps of numbers
 * and strings) so that it crosses worker threads; every table merges exactly, so the draft is the same
 * for any split of the trail into inputs and any number of workers.
 */

/** How often something was seen, and when last (epoch ms; -1 when no record said). */
export interface Seen {
  readonly count: number;
  readonly lastMs: number;
}

/** A table of things seen, bounded: it keeps the {@link TABLE_LIMIT} smallest keys, the rest are counted. */
export type SeenTable = Map<string, Seen>;

/** The draft's `defaults.maxSessionSeconds` (STS's default session length). */
export const DEFAULT_SESSION_SECONDS = 3600;

/** Enough for any real role (principals, networks, subjects); a forged trail cannot grow memory beyond it. */
export const TABLE_LIMIT = 500;

export interface RoleActivity {
  readonly roleArn: string;
  /** Successful calls on the role (both copies of a cross-account call count). */
  calls: number;
  firstMs: number;
  lastMs: number;
  /** Callers by their `trustedPrincipals` entry. */
  readonly principals: SeenTable;
  /** The role owner's copies of cross-account calls (`AWSAccount` callers), by account. */
  readonly accounts: SeenTable;
  /** Callers no entry can name, by a label for the reviewer. */
  readonly unnamed: SeenTable;
  /** Calls not kept in a table because it was full (per table, summed). */
  dropped: number;
  /** Calls by AWS services (`AWSService`): AWS sets their sessions and addresses. */
  serviceCalls: number;
  /** The longest session of the other calls, as `session-too-long` measures it; 0 when none. */
  longestSeconds: number;
  /** Those other calls whose session was longer than {@link DEFAULT_SESSION_SECONDS}. */
  longCalls: number;
  /** Calls with MFA (request serialNumber or an MFA-authenticated caller session), ExternalId, SourceIdentity. */
  mfaCalls: number;
  externalIdCalls: number;
  sourceIdentityCalls: number;
  /** Calls by role sessions (chaining), as `role-chaining` tells them. */
  chainedCalls: number;
  names: SessionNameShapes;
  /** Calls whose record shows no session name. */
  namelessCalls: number;
  /** Calls by other than AWS services: their networks, and their addresses that are not IP addresses. */
  readonly networks: SeenTable;
  readonly badAddresses: SeenTable;
  /** AssumeRoleWithWebIdentity calls, their token subjects, and those whose record shows none. */
  webIdentityCalls: number;
  readonly subjects: SeenTable;
  subjectlessCalls: number;
  /** Failed calls on the role, by `ERROR_CODE by CALLER`. */
  readonly denied: SeenTable;
}

export interface LearnedActivity {
  /** Credential events the tap saw (judged, within the period). */
  events: number;
  firstMs: number;
  lastMs: number;
  readonly roles: Map<string, RoleActivity>;
  /** `recipientAccountId` of every event: the accounts whose trails were read. */
  readonly trailAccounts: SeenTable;
  /** Successful calls that teach no role entry (AssumeRoot, GetSessionToken, GetFederationToken), by event name. */
  readonly otherCalls: SeenTable;
  /** Failed calls whose record names no role, by `EVENT_NAME ERROR_CODE by CALLER`. */
  readonly deniedElsewhere: SeenTable;
  /**
   * Roles seen only in failed calls so far, each with its failed calls by `ERROR_CODE by CALLER` (a role's
   * table moves to it in `roles` once a call on it succeeds). Bounded: anyone can send AssumeRole for any
   * ARN, and a role enumeration tries thousands; see {@link seeDeniedOnly}.
   */
  readonly deniedOnly: Map<string, SeenTable>;
  /** Failed calls on roles left out of `deniedOnly` to keep it bounded. */
  deniedOnlyDropped: number;
}

export function emptyRoleActivity(roleArn: string): RoleActivity {
  return {
    roleArn,
    calls: 0,
    firstMs: -1,
    lastMs: -1,
    principals: new Map(),
    accounts: new Map(),
    unnamed: new Map(),
    dropped: 0,
    serviceCalls: 0,
    longestSeconds: 0,
    longCalls: 0,
    mfaCalls: 0,
    externalIdCalls: 0,
    sourceIdentityCalls: 0,
    chainedCalls: 0,
    names: EMPTY_SHAPES,
    namelessCalls: 0,
    networks: new Map(),
    badAddresses: new Map(),
    webIdentityCalls: 0,
    subjects: new Map(),
    subjectlessCalls: 0,
    denied: new Map(),
  };
}

export function emptyActivity(): LearnedActivity {
  return {
    events: 0,
    firstMs: -1,
    lastMs: -1,
    roles: new Map(),
    trailAccounts: new Map(),
    otherCalls: new Map(),
    deniedElsewhere: new Map(),
    deniedOnly: new Map(),
    deniedOnlyDropped: 0,
  };
}

/** The earliest of two times, where -1 means unknown. */
export const earliest = (a: number, b: number): number => (a < 0 ? b : b < 0 ? a : Math.min(a, b));

const bySeen = (a: Seen, b: Seen): Seen => ({
  count: a.count + b.count,
  lastMs: Math.max(a.lastMs, b.lastMs),
});

/**
 * Keeps the {@link TABLE_LIMIT} smallest keys (the same ones whatever the merge order) and returns the
 * calls of the keys it dropped.
 */
function trim(table: SeenTable): number {
  if (table.size <= TABLE_LIMIT) return 0;
  let dropped = 0;
  for (const key of [...table.keys()].sort().slice(TABLE_LIMIT)) {
    dropped += table.get(key)?.count ?? 0;
    table.delete(key);
  }
  return dropped;
}

/** Counts one sighting of `key` at `ms`; returns the calls dropped to keep the table bounded. */
export function see(table: SeenTable, key: string, ms: number): number {
  const seen = table.get(key);
  table.set(
    key,
    seen === undefined
      ? { count: 1, lastMs: ms }
      : { count: seen.count + 1, lastMs: Math.max(seen.lastMs, ms) },
  );
  return seen === undefined ? trim(table) : 0;
}

/** `b`'s sightings added into `a`; returns the calls dropped to keep `a` bounded. */
export function mergeTable(a: SeenTable, b: SeenTable): number {
  for (const [key, seen] of b) {
    const mine = a.get(key);
    a.set(key, mine === undefined ? seen : bySeen(mine, seen));
  }
  return trim(a);
}

/** Roles listed as seen only in failed calls: the smallest ARNs, whatever the order of the records. */
export const DENIED_ONLY_ROLE_LIMIT = TABLE_LIMIT;

/** The calls of a table. */
const callsIn = (table: SeenTable): number => {
  let n = 0;
  for (const seen of table.values()) n += seen.count;
  return n;
};

/**
 * The roles seen only in failed calls, at most {@link DENIED_ONLY_ROLE_LIMIT} (the smallest ARNs), and
 * the failed calls on the others. Exact for any order of the records: a role among the smallest ARNs of
 * all is never dropped on the way (see {@link seeDeniedOnly}).
 */
export function listedDeniedOnly(acc: LearnedActivity): {
  readonly roles: readonly [string, SeenTable][];
  readonly droppedCalls: number;
} {
  const sorted = [...acc.deniedOnly].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let droppedCalls = acc.deniedOnlyDropped;
  for (const [, table] of sorted.slice(DENIED_ONLY_ROLE_LIMIT)) droppedCalls += callsIn(table);
  return { roles: sorted.slice(0, DENIED_ONLY_ROLE_LIMIT), droppedCalls };
}

/** Keeps the {@link DENIED_ONLY_ROLE_LIMIT} smallest ARNs of `deniedOnly`, counting the others' calls. */
function trimDeniedOnly(acc: LearnedActivity): void {
  const { roles, droppedCalls } = listedDeniedOnly(acc);
  acc.deniedOnly.clear();
  for (const [arn, table] of roles) acc.deniedOnly.set(arn, table);
  acc.deniedOnlyDropped = droppedCalls;
}

/**
 * Counts one failed call on a role no call has succeeded on yet. Trimmed to the limit only once it holds
 * twice as many roles, so that an enumeration of thousands of ARNs costs one sort per
 * {@link DENIED_ONLY_ROLE_LIMIT} roles, not one per call. (A role dropped here that later succeeds has its
 * earlier failed calls counted, not listed under its entry.)
 */
export function seeDeniedOnly(acc: LearnedActivity, roleArn: string, what: string, ms: number): void {
  let table = acc.deniedOnly.get(roleArn);
  if (table === undefined) {
    table = new Map();
    acc.deniedOnly.set(roleArn, table);
  }
  acc.deniedOnlyDropped += see(table, what, ms);
  if (acc.deniedOnly.size > 2 * DENIED_ONLY_ROLE_LIMIT) trimDeniedOnly(acc);
}

/** `b` added into `a` (which is returned). */
export function mergeRoleActivity(a: RoleActivity, b: RoleActivity): RoleActivity {
  let dropped = a.dropped + b.dropped;
  for (const key of [
    'principals',
    'accounts',
    'unnamed',
    'networks',
    'badAddresses',
    'subjects',
    'denied',
  ] as const) {
    dropped += mergeTable(a[key], b[key]);
  }
  a.calls += b.calls;
  a.firstMs = earliest(a.firstMs, b.firstMs);
  a.lastMs = Math.max(a.lastMs, b.lastMs);
  a.dropped = dropped;
  a.serviceCalls += b.serviceCalls;
  a.longestSeconds = Math.max(a.longestSeconds, b.longestSeconds);
  a.longCalls += b.longCalls;
  a.mfaCalls += b.mfaCalls;
  a.externalIdCalls += b.externalIdCalls;
  a.sourceIdentityCalls += b.sourceIdentityCalls;
  a.chainedCalls += b.chainedCalls;
  a.names = mergeShapes(a.names, b.names);
  a.namelessCalls += b.namelessCalls;
  a.webIdentityCalls += b.webIdentityCalls;
  a.subjectlessCalls += b.subjectlessCalls;
  return a;
}

/** `b` added into `a` (which is returned); `b` is not used afterwards. */
export function mergeActivity(a: LearnedActivity, b: LearnedActivity): LearnedActivity {
  a.events += b.events;
  a.firstMs = earliest(a.firstMs, b.firstMs);
  a.lastMs = Math.max(a.lastMs, b.lastMs);
  for (const [arn, role] of b.roles) {
    const mine = a.roles.get(arn);
    const merged = mine === undefined ? role : mergeRoleActivity(mine, role);
    a.roles.set(arn, merged);
    // Failed calls `a` saw before any success: they belong to the role now.
    const denied = a.deniedOnly.get(arn);
    if (denied !== undefined) {
      merged.dropped += mergeTable(merged.denied, denied);
      a.deniedOnly.delete(arn);
    }
  }
  for (const [arn, denied] of b.deniedOnly) {
    const role = a.roles.get(arn);
    if (role !== undefined) {
      role.dropped += mergeTable(role.denied, denied);
      continue;
    }
    const mine = a.deniedOnly.get(arn);
    if (mine === undefined) a.deniedOnly.set(arn, denied);
    else a.deniedOnlyDropped += mergeTable(mine, denied);
  }
  a.deniedOnlyDropped += b.deniedOnlyDropped;
  if (a.deniedOnly.size > 2 * DENIED_ONLY_ROLE_LIMIT) trimDeniedOnly(a);
  mergeTable(a.trailAccounts, b.trailAccounts);
  mergeTable(a.otherCalls, b.otherCalls);
  mergeTable(a.deniedElsewhere, b.deniedElsewhere);
  return a;
}
