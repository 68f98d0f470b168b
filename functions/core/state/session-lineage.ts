import { parseArn } from '../arn/parse-arn.ts';
import type { ActorOrigin } from '../model/finding.ts';
import type { IssuedFact } from './state-facts.ts';
import { MAX_HOPS, type RoleHop, type SessionLink } from './state-item.ts';

/** A role session lives at most 12 hours. */
const SESSION_KEEP_MS = 12 * 3_600_000;
export const SESSION_GRACE_MS = 24 * 3_600_000;

/** Until when a session's link is kept: its expiry (or the longest session) plus a day for late records. */
export function sessionExpiresAtMs(fact: IssuedFact): number {
  return (fact.expiresMs ?? fact.timeMs + SESSION_KEEP_MS) + SESSION_GRACE_MS;
}

const joinNotes = (...notes: (string | undefined)[]): string | undefined => {
  const kept = [...new Set(notes.filter((n): n is string => n !== undefined && n !== ''))];
  return kept.length === 0 ? undefined : kept.join('; ');
};

/**
 * Who obtained the session `fact` describes: the caller itself when it is not a role session, else the
 * caller's own origin (`callerLink`) with one more hop. Undefined when the caller is a role session whose
 * origin is unknown: the chain would start at a role session, which the actor's own label already says.
 *
 * A role that is already in the chain is a loop: the chain is cut back to its first visit. A chain longer
 * than {@link MAX_HOPS} keeps its first hops and its last one. Both say so in `note`.
 */
export function linkFor(fact: IssuedFact, callerLink: SessionLink | undefined): SessionLink | undefined {
  const base = {
    issuedAtMs: fact.timeMs,
    ...(fact.sourceIdentity === undefined ? {} : { sourceIdentity: fact.sourceIdentity }),
  };
  if (fact.principal !== undefined) return { origin: fact.principal, hops: [fact.role], ...base };
  if (callerLink === undefined) return undefined;
  let hops: RoleHop[] = [...callerLink.hops];
  let note = callerLink.note;
  const seen = hops.findIndex((h) => h.arn === fact.role.arn);
  if (seen >= 0) {
    hops = hops.slice(0, seen + 1);
    note = joinNotes(note, `the chain loops back to ${fact.role.name}; the loop is left out`);
  } else {
    hops.push(fact.role);
    if (hops.length > MAX_HOPS) {
      hops = [...hops.slice(0, MAX_HOPS - 1), fact.role];
      note = joinNotes(note, `the chain is longer than ${MAX_HOPS} hops; hops in the middle are left out`);
    }
  }
  const sourceIdentity = fact.sourceIdentity ?? callerLink.sourceIdentity;
  return {
    origin: callerLink.origin,
    hops,
    issuedAtMs: fact.timeMs,
    ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
    ...(note === undefined ? {} : { note }),
  };
}

const accountOf = (arn: string | undefined): string | undefined =>
  arn === undefined ? undefined : parseArn(arn)?.account || undefined;

/**
 * `actor.origin` for a call made by a session with this link: the origin, then each role, the account
 * added where the chain crosses into another one: `alice (IAM user, 111122223333) → Deploy (444455556666)
 * → Admin`. `chain` holds the origin and every role before the actor's own (CONTRACT §4).
 */
export function originOf(link: SessionLink): ActorOrigin {
  let account = accountOf(link.origin.arn);
  const parts = [link.origin.display];
  for (const hop of link.hops) {
    const crosses = hop.accountId !== undefined && account !== undefined && hop.accountId !== account;
    parts.push(crosses ? `${hop.name} (${hop.accountId})` : hop.name);
    account = hop.accountId ?? account;
  }
  const chain = [link.origin.arn ?? link.origin.display, ...link.hops.slice(0, -1).map((h) => h.arn)];
  return { display: parts.join(' → '), chain, ...(link.note === undefined ? {} : { note: link.note }) };
}
