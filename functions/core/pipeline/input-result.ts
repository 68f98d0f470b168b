import type { Finding } from '../model/finding.ts';
import type { InputError } from '../model/input-error.ts';
import { addCounts, EMPTY_COUNTS, type ScanCounts } from './scan-counts.ts';
import type { Tap } from './tap.ts';

/**
 * What judging one input (or several, merged) produced: plain data, small enough to post from a worker
 * thread. Every entry point — the CLI with one worker or many, each Lambda handler, every AWS source —
 * produces these with `judgeInput`/`judgeValue` and combines them with {@link mergeResults}.
 */
export interface InputResult {
  readonly counts: ScanCounts;
  /** In the order the records were read; the two copies of a cross-account call may both be here. */
  readonly findings: readonly Finding[];
  /** Input errors in reading order, at most the `maxErrors` judged with (`counts.malformed` is exact). */
  readonly errors: readonly InputError[];
  /** sharedEventIDs of cross-account calls whose caller copy was judged (see FindingSet). */
  readonly resolved: readonly string[];
  /** Accumulators of the taps judged with, by tap id. */
  readonly taps: Readonly<Record<string, unknown>>;
}

export const EMPTY_RESULT: InputResult = Object.freeze({
  counts: EMPTY_COUNTS,
  findings: [],
  errors: [],
  resolved: [],
  taps: {},
});

/** The result of an input that could not be read at all: one file, one input error. */
export function unreadableInput(error: InputError): InputResult {
  return { ...EMPTY_RESULT, counts: { ...EMPTY_COUNTS, files: 1, malformed: 1 }, errors: [error] };
}

/** The result of a file a folder walk does not read: counted, nothing else. */
export const IGNORED_FILE: InputResult = Object.freeze({
  ...EMPTY_RESULT,
  counts: { ...EMPTY_COUNTS, ignoredFiles: 1 },
});

/**
 * Two results as one, `a`'s input first (a new value). At most `maxErrors` errors are kept, the
 * earliest; taps are merged with their own `merge`.
 */
export function mergeResults(
  a: InputResult,
  b: InputResult,
  options: { readonly maxErrors: number; readonly taps?: readonly Tap[] },
): InputResult {
  const taps: Record<string, unknown> = { ...a.taps };
  for (const tap of options.taps ?? []) {
    const left = a.taps[tap.id];
    const right = b.taps[tap.id];
    if (right === undefined) continue;
    taps[tap.id] = left === undefined ? right : tap.merge(left, right);
  }
  const room = Math.max(0, options.maxErrors - a.errors.length);
  return {
    counts: addCounts(a.counts, b.counts),
    findings: b.findings.length === 0 ? a.findings : [...a.findings, ...b.findings],
    errors: room === 0 || b.errors.length === 0 ? a.errors : [...a.errors, ...b.errors.slice(0, room)],
    resolved: b.resolved.length === 0 ? a.resolved : [...a.resolved, ...b.resolved],
    taps,
  };
}
