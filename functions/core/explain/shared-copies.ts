import type { RecordExplanation } from './explain-event.ts';

/**
 * The explanations of a file, each later copy of a call marked with the earlier record whose findings it
 * repeats. A cross-account call is logged in both accounts (one sharedEventID): each copy, explained on
 * its own, gives the call's findings, with the same finding ids; `scan` reports each of them once
 * (CONTRACT §3), so a reader summing explain's results must not count them twice.
 */
export function markSharedCopies(explanations: readonly RecordExplanation[]): RecordExplanation[] {
  const firstSeen = new Map<string, string>();
  return explanations.map((x) => {
    const earlier = x.findings.map((f) => firstSeen.get(f.id)).find((l) => l !== undefined);
    for (const f of x.findings) if (!firstSeen.has(f.id)) firstSeen.set(f.id, x.record.location);
    if (earlier === undefined) return x;
    const repeated = x.findings.filter((f) => firstSeen.get(f.id) !== x.record.location).map((f) => f.rule);
    return { ...x, sameCallAs: { location: earlier, rules: repeated } };
  });
}
