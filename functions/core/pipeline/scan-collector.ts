import type { InputError } from '../model/input-error.ts';
import type { ConfigIssue } from '../model/trust-config.ts';
import { FindingSet } from './finding-set.ts';
import type { InputResult } from './input-result.ts';
import { addCounts, EMPTY_COUNTS, type ScanCounts } from './scan-counts.ts';
import type { ScanResult } from './scan-result.ts';
import { summarize } from './scan-summary.ts';

/**
 * Gathers the results of a scan's inputs, in input order, into the scan's result: counts summed,
 * the earliest `maxErrors` input errors kept, findings de-duplicated across inputs (the two copies of a
 * cross-account call give one finding; see {@link FindingSet}).
 */
export class ScanCollector {
  readonly #maxErrors: number;
  readonly #findings = new FindingSet();
  readonly #errors: InputError[] = [];
  #counts: ScanCounts = EMPTY_COUNTS;

  constructor(options: { readonly maxErrors: number }) {
    this.#maxErrors = options.maxErrors;
  }

  add(result: InputResult): void {
    this.#counts = addCounts(this.#counts, result.counts);
    // The caller's copy of a cross-account call outranks the owner's copy, even from another input.
    this.#findings.markResolved(result.resolved);
    this.#findings.addAll(result.findings);
    for (const e of result.errors) {
      if (this.#errors.length >= this.#maxErrors) break;
      this.#errors.push(e);
    }
  }

  /** What has been read so far, for a progress line. */
  get counts(): ScanCounts {
    return this.#counts;
  }

  get findingCount(): number {
    return this.#findings.size;
  }

  finish(warnings: readonly ConfigIssue[]): ScanResult {
    const findings = this.#findings.sorted();
    return { summary: summarize(this.#counts, findings), findings, errors: this.#errors, warnings };
  }
}
