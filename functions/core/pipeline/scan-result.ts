import type { Finding } from '../model/finding.ts';
import type { InputError } from '../model/input-error.ts';
import type { ConfigIssue } from '../model/trust-config.ts';
import type { ScanSummary } from './scan-summary.ts';

/** Everything one scan produced; every output format is rendered from this. */
export interface ScanResult {
  readonly summary: ScanSummary;
  readonly findings: readonly Finding[];
  /** Input errors in file order (at most `maxErrors`; `summary.malformed` is the exact count). */
  readonly errors: readonly InputError[];
  /** Trust-file warnings (e.g. an expired suppression). */
  readonly warnings: readonly ConfigIssue[];
}
