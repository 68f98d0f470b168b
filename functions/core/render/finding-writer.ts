import type { Finding } from '../model/finding.ts';
import type { InputError } from '../model/input-error.ts';
import type { ConfigIssue } from '../model/trust-config.ts';
import type { ScanResult } from '../pipeline/scan-result.ts';
import type { ScanSummary } from '../pipeline/scan-summary.ts';

/** What a scan knows once every input has been read. */
export interface ScanEnd {
  readonly summary: ScanSummary;
  /** The earliest input errors (at most `--max-errors`; `summary.malformed` counts them all). */
  readonly errors: readonly InputError[];
  /** Trust-file warnings (e.g. an expired suppression). */
  readonly warnings: readonly ConfigIssue[];
}

/**
 * An output format written as the scan goes: `finding` is called for each final finding in output
 * order, as soon as it is final, so that memory does not grow with the number of findings. Each call
 * returns the text to append to the output.
 */
export interface FindingWriter {
  begin(): string;
  finding(finding: Finding): string;
  end(end: ScanEnd): string;
}

/** A whole scan result written with one writer (for results already in memory). */
export function renderAll(writer: FindingWriter, result: ScanResult): string {
  let text = writer.begin();
  for (const f of result.findings) text += writer.finding(f);
  return text + writer.end(result);
}
