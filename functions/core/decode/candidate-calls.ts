import { CREDENTIAL_EVENT_NAMES } from '../model/credential-event.ts';
import { TRUST_POLICY_EVENT_NAMES } from '../model/trust-policy-event.ts';

/**
 * The calls rolewatch judges, by `eventSource`: the six STS credential-issuing calls, and the IAM calls
 * that change a role's trust (CONTRACT §1, the `trust-policy-changed` rule). Every other record is only
 * counted, so selective parsing never parses it (see {@link RecordAnalyzer}); normalisation classifies
 * parsed records on its own, and a test keeps it from judging a call that is not listed here.
 */
export const CANDIDATE_CALLS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'sts.amazonaws.com': CREDENTIAL_EVENT_NAMES,
  'iam.amazonaws.com': TRUST_POLICY_EVENT_NAMES,
});

const encoder = new TextEncoder();

/** The candidate calls as UTF-8 bytes, grouped by source, for comparing raw record bytes. */
const CANDIDATE_BYTES: readonly { readonly source: Uint8Array; readonly names: readonly Uint8Array[] }[] =
  Object.entries(CANDIDATE_CALLS).map(([source, names]) => ({
    source: encoder.encode(source),
    names: names.map((n) => encoder.encode(n)),
  }));

function bytesEqual(b: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (b[start + k] !== word[k]) return false;
  return true;
}

/**
 * Whether the raw string contents `b[sourceStart, sourceEnd)` (an `eventSource` without escapes) and
 * `b[nameStart, nameEnd)` (its `eventName`) name a candidate call.
 */
export function isCandidateCall(
  b: Uint8Array,
  sourceStart: number,
  sourceEnd: number,
  nameStart: number,
  nameEnd: number,
): boolean {
  for (const group of CANDIDATE_BYTES) {
    if (!bytesEqual(b, sourceStart, sourceEnd, group.source)) continue;
    for (const name of group.names) if (bytesEqual(b, nameStart, nameEnd, name)) return true;
    return false;
  }
  return false;
}
