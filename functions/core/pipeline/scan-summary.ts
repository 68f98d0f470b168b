import type { Finding } from '../model/finding.ts';
import type { Severity } from '../model/severity.ts';

/** Counts for one scan; `--format json` prints it as `summary` (CONTRACT §5). */
export interface ScanSummary {
  files: number;
  /** Items that looked like CloudTrail records (credential, skipped or not). */
  records: number;
  credentialEvents: number;
  /** CloudTrail records that are not STS credential-issuing calls. */
  skipped: number;
  /** CloudWatch Logs CONTROL_MESSAGEs acknowledged. */
  controlMessages: number;
  /** CloudTrail digest files (log-integrity manifests) met in a synced trail: valid, no records. */
  digestFiles: number;
  /** Input errors: unreadable files, bad JSON, bad gzip, records of no known shape. */
  malformed: number;
  findings: number;
  suppressed: number;
  byRule: Record<string, number>;
  bySeverity: Record<Severity, number>;
  byEventName: Record<string, number>;
  /** Credential events that lacked a field, by field name (`eventID`, `eventTime`, …). */
  gaps: Record<string, number>;
}

export function emptySummary(): ScanSummary {
  return {
    files: 0,
    records: 0,
    credentialEvents: 0,
    skipped: 0,
    controlMessages: 0,
    digestFiles: 0,
    malformed: 0,
    findings: 0,
    suppressed: 0,
    byRule: {},
    bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    byEventName: {},
    gaps: {},
  };
}

/** Adds `n` to the counter `k` of `m`, starting it at 0. */
export const bump = (m: Record<string, number>, k: string, n = 1): void => {
  m[k] = (m[k] ?? 0) + n;
};

/** Adds the counters of `b` into `a` (used to merge per-file or per-worker results). */
export function addCounts(a: ScanSummary, b: ScanSummary): void {
  a.files += b.files;
  a.records += b.records;
  a.credentialEvents += b.credentialEvents;
  a.skipped += b.skipped;
  a.controlMessages += b.controlMessages;
  a.digestFiles += b.digestFiles;
  a.malformed += b.malformed;
  for (const [k, v] of Object.entries(b.byEventName)) bump(a.byEventName, k, v);
  for (const [k, v] of Object.entries(b.gaps)) bump(a.gaps, k, v);
}

/** Recomputes the finding counters from the final, de-duplicated list. */
export function countFindings(summary: ScanSummary, findings: readonly Finding[]): void {
  summary.findings = findings.length;
  summary.suppressed = 0;
  summary.byRule = {};
  summary.bySeverity = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) {
    if (f.suppressed) summary.suppressed++;
    bump(summary.byRule, f.rule);
    summary.bySeverity[f.severity]++;
  }
}
