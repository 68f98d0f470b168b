import type { Finding } from '../model/finding.ts';
import type { Severity } from '../model/severity.ts';
import { bump, type ScanCounts } from './scan-counts.ts';

/** Counts for one scan; `--format json` prints it as `summary` (CONTRACT §5). */
export interface ScanSummary extends ScanCounts {
  readonly findings: number;
  readonly suppressed: number;
  readonly byRule: Readonly<Record<string, number>>;
  readonly bySeverity: Readonly<Record<Severity, number>>;
}

/** The summary of a scan: its input counts and the finding counters of the final, de-duplicated list. */
export function summarize(counts: ScanCounts, findings: readonly Finding[]): ScanSummary {
  let suppressed = 0;
  const byRule: Record<string, number> = {};
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) {
    if (f.suppressed) suppressed++;
    bump(byRule, f.rule);
    bySeverity[f.severity]++;
  }
  // Key order is the JSON output's: input counts, then findings, then the tallies.
  return {
    files: counts.files,
    records: counts.records,
    credentialEvents: counts.credentialEvents,
    skipped: counts.skipped,
    controlMessages: counts.controlMessages,
    digestFiles: counts.digestFiles,
    malformed: counts.malformed,
    findings: findings.length,
    suppressed,
    byRule,
    bySeverity,
    byEventName: counts.byEventName,
    gaps: counts.gaps,
  };
}
