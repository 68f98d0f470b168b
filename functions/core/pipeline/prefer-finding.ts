import type { Finding } from '../model/finding.ts';
import { severityRank } from '../model/severity.ts';

const definedFields = (f: Finding): number =>
  Object.values(f).filter((v) => v !== undefined).length +
  Object.values(f.actor).filter((v) => v !== undefined).length +
  Object.values(f.session).filter((v) => v !== undefined).length;

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Negative when `a` is the better copy. */
function compareCopies(a: Finding, b: Finding): number {
  // The caller's copy names the principal; the role owner's copy (AWSAccount) knows only its account.
  const resolved = Number(b.actor.type !== 'AWSAccount') - Number(a.actor.type !== 'AWSAccount');
  if (resolved !== 0) return resolved;
  const severity = severityRank(b.severity) - severityRank(a.severity);
  if (severity !== 0) return severity;
  const fields = definedFields(b) - definedFields(a);
  if (fields !== 0) return fields;
  return compareText(a.eventId ?? '', b.eventId ?? '') || compareText(JSON.stringify(a), JSON.stringify(b));
}

/**
 * Of two findings with the same id (the two copies of one cross-account call), the richer one: the copy
 * whose actor is resolved (not `AWSAccount`), then the higher severity, then the one with more fields;
 * ties are broken on content, so the result does not depend on the order the copies arrive in.
 */
export function preferFinding(a: Finding, b: Finding): Finding {
  return compareCopies(a, b) <= 0 ? a : b;
}
