import { parseRoleArn } from '../arn/role-arn.ts';
import { eventIdentity } from '../engine/finding-id.ts';
import type { CredentialEvent } from '../model/credential-event.ts';
import type { Finding } from '../model/finding.ts';
import type { Tap } from '../pipeline/tap.ts';
import { sha256Hex } from '../text/sha256-hex.ts';
import { actorKey, roleKey } from './actor-key.ts';
import type { RoleHop } from './state-item.ts';

/** The credential a role-session caller signed its call with: how lineage finds who obtained it. */
export interface CallerRef {
  readonly keyFingerprint?: string;
  readonly sessionArn?: string;
}

/** A failed call, for `denied-burst`. */
export interface DeniedFact {
  readonly actor: string;
  readonly timeMs: number;
  readonly identity: string;
  /** The role asked for (without path), or the call's name when the record names no role. */
  readonly target: string;
  readonly event: CredentialEvent;
}

/**
 * One (actor, role) pair of an input as the stage's clock needs it: when its first call (in input order)
 * and its latest call were made. This is all that is kept of a pair when `first-seen-pair` does not run.
 */
export interface PairTimes {
  readonly firstMs: number;
  /** The latest call of the pair in the input (it refreshes `lastSeenMs`). */
  lastMs: number;
}

/** The first successful call of one (actor, role) pair in an input, for `first-seen-pair`. */
export interface PairFact extends PairTimes {
  readonly actor: string;
  readonly role: string;
  readonly identity: string;
  readonly event: CredentialEvent;
}

/** Whether a pair was kept whole (by {@link stateFactsTap}), not as times only. */
export const isWholePair = (p: PairFact | PairTimes): p is PairFact => 'event' in p;

/** A role session handed out, for session lineage. */
export interface IssuedFact {
  readonly timeMs: number;
  readonly keyFingerprint?: string;
  readonly sessionArn?: string;
  /** `credentials.expiration`, epoch ms. */
  readonly expiresMs?: number;
  readonly role: RoleHop;
  readonly sourceIdentity?: string;
  /** The caller, when it is itself a role session (its own origin is looked up). */
  readonly caller?: CallerRef;
  /** The caller as the start of a chain, when it is not a role session (`arn`: its ARN, else its actor key). */
  readonly principal?: { readonly arn?: string; readonly display: string };
  /** The role owner's copy of a cross-account call: it must not replace what the caller's copy said. */
  readonly weak: boolean;
}

/** Findings of a call made by a role session, to be annotated with `actor.origin`. */
export interface CallerFact {
  readonly findingIds: readonly string[];
  readonly caller: CallerRef;
}

/**
 * What the state stage needs from one input (or several, merged in input order): plain data, so that
 * it crosses worker threads. Bounded by the input: pairs are kept once per input, not once per call.
 */
export interface StateFacts {
  /** How many findings the input's events gave (where the stage's own findings go in the input's list). */
  findings: number;
  readonly denied: DeniedFact[];
  /**
   * By `actor \u0000 role`, in the order the pairs were first seen: whole, or as times only when the
   * facts were collected for a stage without `first-seen-pair` ({@link stateFactsTapFor}).
   */
  readonly pairs: Record<string, PairFact | PairTimes>;
  readonly issued: IssuedFact[];
  readonly callers: CallerFact[];
}

/** A short, stable identity of a call (the copy-independent identity finding ids use), 16 hex digits. */
export function callIdentity(event: CredentialEvent): string {
  return sha256Hex(eventIdentity(event)).slice(0, 16);
}

/** The credential a call was signed with, when the caller is a role session. */
export function callerRefOf(event: CredentialEvent): CallerRef | undefined {
  const a = event.actor;
  if (a.type !== 'AssumedRole') return undefined;
  const { keyFingerprint, arn } = a;
  if (keyFingerprint === undefined) return arn === undefined ? undefined : { sessionArn: arn };
  return arn === undefined ? { keyFingerprint } : { keyFingerprint, sessionArn: arn };
}

function roleHop(roleArn: string, accountId: string | undefined): RoleHop {
  const arn = roleKey(roleArn);
  const name = arn === roleArn ? (parseRoleArn(arn)?.roleName ?? arn) : arn.slice(arn.lastIndexOf('/') + 1);
  return accountId === undefined ? { arn, name } : { arn, name, accountId };
}

type IssuedFactDraft = { -readonly [K in keyof IssuedFact]: IssuedFact[K] };

function issuedFact(event: CredentialEvent, timeMs: number): IssuedFact | undefined {
  const issued = event.issued;
  const role = event.role;
  if (issued === undefined || role === undefined) return undefined;
  const a = event.actor;
  const caller = callerRefOf(event);
  const expiresMs = event.session.expiration === undefined ? undefined : Date.parse(event.session.expiration);
  const sourceIdentity = event.session.sourceIdentity ?? a.sourceIdentity;
  // Federated principals have no ARN: they are named as the stateful rules key them (`saml:…`, `oidc:…`).
  const principalId = a.arn ?? actorKey(event);
  // Built key by key in this order (the order the fact is serialized in), not from spread objects: a
  // session fact per role session made this the state tap's costliest line.
  const fact = { timeMs } as IssuedFactDraft;
  if (issued.keyFingerprint !== undefined) fact.keyFingerprint = issued.keyFingerprint;
  if (issued.sessionArn !== undefined) fact.sessionArn = issued.sessionArn;
  if (expiresMs !== undefined && !Number.isNaN(expiresMs)) fact.expiresMs = expiresMs;
  fact.role = roleHop(role.arn, role.accountId);
  if (sourceIdentity !== undefined) fact.sourceIdentity = sourceIdentity;
  if (caller !== undefined) fact.caller = caller;
  else
    fact.principal =
      principalId === undefined ? { display: a.display } : { arn: principalId, display: a.display };
  fact.weak = a.type === 'AWSAccount';
  return fact;
}

export const emptyFacts = (): StateFacts => ({ findings: 0, denied: [], pairs: {}, issued: [], callers: [] });

/**
 * Adds one judged event's facts to `acc`. `wholePairs` false keeps each pair's times only: without
 * `first-seen-pair` nothing reads a pair's call or its identity, and a pair's call is most of what a
 * worker thread sends the main thread (26.7 of 34.9 MB on the benchmark's 50 % trail).
 */
export function addFacts(
  acc: StateFacts,
  event: CredentialEvent,
  findings: readonly Finding[],
  wholePairs = true,
): void {
  acc.findings += findings.length;
  const timeMs = event.eventTimeMs;
  const actor = actorKey(event);
  if (!event.success) {
    if (actor !== undefined && timeMs !== undefined) {
      const target = event.role === undefined ? event.eventName : roleKey(event.role.arn);
      acc.denied.push({ actor, timeMs, identity: callIdentity(event), target, event });
    }
  } else if (timeMs !== undefined) {
    if (actor !== undefined && event.role !== undefined) {
      const role = roleKey(event.role.arn);
      const key = `${actor}\u0000${role}`;
      const seen = acc.pairs[key];
      if (seen === undefined) {
        acc.pairs[key] = wholePairs
          ? { actor, role, identity: callIdentity(event), firstMs: timeMs, lastMs: timeMs, event }
          : { firstMs: timeMs, lastMs: timeMs };
      } else if (timeMs > seen.lastMs) {
        seen.lastMs = timeMs;
      } else if (timeMs <= seen.firstMs) {
        // The pair's first call is its earliest, whatever order the input holds its calls in (LookupEvents
        // and its saved dumps are newest first); a tie goes to the smaller identity, so that the choice does
        // not depend on the order either.
        earlier(acc.pairs, key, seen, event, timeMs);
      }
    }
    const issued = issuedFact(event, timeMs);
    if (issued !== undefined) acc.issued.push(issued);
  }
  if (findings.length > 0) {
    const caller = callerRefOf(event);
    if (caller !== undefined) acc.callers.push({ findingIds: findings.map((f) => f.id), caller });
  }
}

/** Makes `event` a pair's first call when it is earlier (or as early, with a smaller identity). */
function earlier(
  pairs: StateFacts['pairs'],
  key: string,
  seen: PairFact | PairTimes,
  event: CredentialEvent,
  timeMs: number,
): void {
  if (!isWholePair(seen)) {
    if (timeMs < seen.firstMs) pairs[key] = { firstMs: timeMs, lastMs: seen.lastMs };
    return;
  }
  const identity = callIdentity(event);
  if (timeMs < seen.firstMs || identity < seen.identity) {
    pairs[key] = { ...seen, identity, firstMs: timeMs, event };
  }
}

/**
 * The facts of several inputs (a batch a worker judged, or several results merged), one per input in input
 * order: the stage judges each input on its own, so its output does not depend on how inputs were batched.
 */
export interface FactsBatch {
  readonly segments: readonly StateFacts[];
}

const factsTap = (id: string, wholePairs: boolean): Tap<FactsBatch> => ({
  id,
  create: () => ({ segments: [emptyFacts()] }),
  onEvent: (acc, event, findings) =>
    addFacts(acc.segments[acc.segments.length - 1] as StateFacts, event, findings, wholePairs),
  merge: (a, b) => ({ segments: [...a.segments, ...b.segments] }),
});

/**
 * The facts tap: what the stateful rules and session lineage need from the judged events — denied calls,
 * (actor, role) pairs, issued role sessions, and which findings came from role-session callers. The state
 * stage reads them in input order in the main thread.
 */
export const stateFactsTap: Tap<FactsBatch> = factsTap('state-facts', true);

/** The same facts with pairs as times only, for a stage that does not run `first-seen-pair`. */
export const statePairTimesTap: Tap<FactsBatch> = factsTap('state-facts-pair-times', false);

/** The facts tap a stage needs: whole pairs only when it runs `first-seen-pair`. */
export const stateFactsTapFor = (firstSeen: boolean): Tap<FactsBatch> =>
  firstSeen ? stateFactsTap : statePairTimesTap;

/** The facts one of the two taps collected into a result's taps (undefined when neither ran). */
export const factsBatchOf = (taps: Readonly<Record<string, unknown>>): FactsBatch | undefined =>
  (taps[stateFactsTap.id] ?? taps[statePairTimesTap.id]) as FactsBatch | undefined;

/** A result's taps without the facts of either tap (the stage has spent them). */
export function withoutFactsBatch(taps: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { [stateFactsTap.id]: _whole, [statePairTimesTap.id]: _times, ...rest } = taps;
  return rest;
}
