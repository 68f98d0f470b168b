import { preferFinding } from '../engine/merge-findings.ts';
import type { Finding } from '../model/finding.ts';

/**
 * Findings keyed by id. The two copies of one cross-account call (same `sharedEventID`) give the same
 * id per rule, so they collapse into one finding; the richer copy wins, whatever the order they arrive in.
 */
export class FindingSet {
  readonly #byId = new Map<string, Finding>();

  add(finding: Finding): void {
    const prev = this.#byId.get(finding.id);
    this.#byId.set(finding.id, prev === undefined ? finding : preferFinding(prev, finding));
  }

  addAll(findings: Iterable<Finding>): void {
    for (const f of findings) this.add(f);
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
