import type { Finding } from '../model/finding.ts';
import type { InputError } from '../model/input-error.ts';
import type { Severity } from '../model/severity.ts';
import { FindingSet } from './finding-set.ts';
import type { InputResult } from './input-result.ts';
import { addCounts, EMPTY_COUNTS, type ScanCounts } from './scan-counts.ts';
import { FindingTally, type ScanSummary, summarize } from './scan-summary.ts';
import type { Tap } from './tap.ts';

/** What is left when every input has been collected. */
export interface ScanTotals {
  /** Findings held back until the end (see {@link ScanCollector}), in time, rule, id order. */
  readonly held: readonly Finding[];
  readonly summary: ScanSummary;
  /** Unsuppressed findings by severity. */
  readonly activeBySeverity: Readonly<Record<Severity, number>>;
  /** The earliest `maxErrors` input errors (`summary.malformed` counts them all). */
  readonly errors: readonly InputError[];
  /** Merged tap accumulators, by tap id. */
  readonly taps: Readonly<Record<string, unknown>>;
}

/**
 * A finding about a call that is logged twice — in the caller's and in the role owner's account, with
 * one `sharedEventID` — whose other copy may still come (from a later file or worker) and change it.
 */
export function mayHaveOtherCopy(f: Finding): boolean {
  if (f.sharedEventId === undefined) return false;
  if (f.actor.type === 'AWSAccount') return true;
  const target = f.role?.accountId ?? f.recipientAccountId;
  return f.actor.accountId !== undefined && target !== undefined && target !== f.actor.accountId;
}

/**
 * Gathers the results of a scan's inputs, in input order, and decides which findings are final:
 * - a finding whose call has no second copy is final at once (handed back by {@link add}, so output can
 *   stream); a second delivery of the same record (same finding id) is dropped;
 * - findings about a cross-account call are held until {@link finish}: the two copies give one finding,
 *   the richer one, and the caller's copy retracts the owner copy's (see {@link FindingSet}). Memory
 *   grows only with these.
 * Counts are summed, the earliest `maxErrors` input errors kept, tap accumulators merged.
 */
export class ScanCollector {
  readonly #maxErrors: number;
  readonly #taps: readonly Tap[];
  readonly #held = new FindingSet();
  /** Ids of findings already handed out, to drop second deliveries of one record. */
  readonly #emitted = new Set<string>();
  readonly #errors: InputError[] = [];
  #counts: ScanCounts = EMPTY_COUNTS;
  #tapAccs: Record<string, unknown> = {};
  readonly #tally = new FindingTally();

  constructor(options: { readonly maxErrors: number; readonly taps?: readonly Tap[] }) {
    this.#maxErrors = options.maxErrors;
    this.#taps = options.taps ?? [];
  }

  /** Adds one input's result; returns the findings that became final, in input order. */
  add(result: InputResult): readonly Finding[] {
    this.#counts = addCounts(this.#counts, result.counts);
    for (const e of result.errors) {
      if (this.#errors.length >= this.#maxErrors) break;
      this.#errors.push(e);
    }
    for (const tap of this.#taps) {
      const acc = result.taps[tap.id];
      if (acc === undefined) continue;
      const prev = this.#tapAccs[tap.id];
      this.#tapAccs[tap.id] = prev === undefined ? acc : tap.merge(prev, acc);
    }
    // The caller's copy of a cross-account call outranks the owner's copy, even from another input.
    this.#held.markResolved(result.resolved);
    const ready: Finding[] = [];
    for (const f of result.findings) {
      if (mayHaveOtherCopy(f)) {
        this.#held.add(f);
      } else if (!this.#emitted.has(f.id)) {
        this.#emitted.add(f.id);
        ready.push(f);
      }
    }
    this.#tally.add(ready);
    return ready;
  }

  /** What has been read so far, for a progress line. */
  get counts(): ScanCounts {
    return this.#counts;
  }

  /** Findings so far (final and held). */
  get findingCount(): number {
    return this.#tally.count + this.#held.size;
  }

  finish(): ScanTotals {
    const held = this.#held.sorted();
    this.#tally.add(held);
    return {
      held,
      summary: summarize(this.#counts, this.#tally.stats),
      activeBySeverity: this.#tally.activeBySeverity,
      errors: this.#errors,
      taps: this.#tapAccs,
    };
  }
}
