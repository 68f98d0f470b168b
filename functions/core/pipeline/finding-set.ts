import type { Finding } from '../model/finding.ts';
import { preferFinding } from './prefer-finding.ts';

const isOwnerCopy = (f: Finding): boolean => f.actor.type === 'AWSAccount' && f.sharedEventId !== undefined;

/**
 * Findings keyed by id. The two copies of one cross-account call (same `sharedEventID`) give the same
 * id per rule, so they collapse into one finding; the richer copy wins, whatever the order they arrive in.
 *
 * The caller's copy names the principal and its session (MFA, source identity); the role owner's copy
 * (`AWSAccount`) knows only the account, so rules that look at the caller can fire on it where the
 * caller's copy shows they should not. Once the caller's copy of a call has been judged, its verdicts
 * replace the owner copy's: owner-copy findings of that call are dropped, present and future.
 */
export class FindingSet {
  readonly #byId = new Map<string, Finding>();
  /** sharedEventIDs whose caller copy has been judged. */
  readonly #resolved = new Set<string>();
  /** Ids of owner-copy findings by sharedEventID, so that a caller copy can retract them. */
  readonly #ownerCopyIds = new Map<string, Set<string>>();

  add(finding: Finding): void {
    const shared = finding.sharedEventId;
    if (isOwnerCopy(finding) && shared !== undefined) {
      if (this.#resolved.has(shared)) return;
      const ids = this.#ownerCopyIds.get(shared) ?? new Set<string>();
      ids.add(finding.id);
      this.#ownerCopyIds.set(shared, ids);
    }
    const prev = this.#byId.get(finding.id);
    this.#byId.set(finding.id, prev === undefined ? finding : preferFinding(prev, finding));
  }

  addAll(findings: Iterable<Finding>): void {
    for (const f of findings) this.add(f);
  }

  /**
   * Notes that the caller's copies of these calls were judged (possibly in another file or worker), so
   * the owner copies' findings of those calls no longer count.
   */
  markResolved(sharedEventIds: Iterable<string>): void {
    for (const shared of sharedEventIds) {
      if (this.#resolved.has(shared)) continue;
      this.#resolved.add(shared);
      for (const id of this.#ownerCopyIds.get(shared) ?? []) {
        // A caller-copy finding with the same id may have replaced it already; keep that one.
        if (this.#byId.get(id)?.actor.type === 'AWSAccount') this.#byId.delete(id);
      }
      this.#ownerCopyIds.delete(shared);
    }
  }

  get size(): number {
    return this.#byId.size;
  }

  /** Deterministic order: event time, then rule, then id (same output for one worker or many). */
  sorted(): Finding[] {
    return [...this.#byId.values()].sort(compareFindings);
  }
}

export function compareFindings(a: Finding, b: Finding): number {
  const ta = a.eventTime ?? '';
  const tb = b.eventTime ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
