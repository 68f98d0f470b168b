/** What the pipeline counted while reading inputs; summed across inputs by {@link addCounts}. */
export interface ScanCounts {
  readonly files: number;
  /** Items that looked like CloudTrail records (credential, skipped or not). */
  readonly records: number;
  readonly credentialEvents: number;
  /**
   * IAM CreateRole, UpdateAssumeRolePolicy and UpdateRole records judged by `trust-policy-changed`
   * (CONTRACT §1): counted here, neither in `credentialEvents` nor in `skipped`.
   */
  readonly trustPolicyEvents: number;
  /** CloudTrail records that are neither STS credential-issuing calls nor those IAM calls. */
  readonly skipped: number;
  /** Credential events and IAM trust-policy changes outside the scan's period (`--since`/`--until`): counted, not judged. */
  readonly outsidePeriod: number;
  /** CloudWatch Logs CONTROL_MESSAGEs acknowledged. */
  readonly controlMessages: number;
  /** CloudTrail digest files (log-integrity manifests) met in a synced trail: valid, no records. */
  readonly digestFiles: number;
  /** CloudTrail Insights files (`insightDetails` records, `CloudTrail-Insight/` keys): acknowledged, not judged. */
  readonly insightFiles: number;
  /** Files in a folder walk whose names are not read (CONTRACT §5: counted, listed in a warning). */
  readonly ignoredFiles: number;
  /** Input errors: unreadable files, bad JSON, bad gzip, records of no known shape. */
  readonly malformed: number;
  readonly byEventName: Readonly<Record<string, number>>;
  /** Credential events that lacked a field, by field name (`eventID`, `eventTime`, …). */
  readonly gaps: Readonly<Record<string, number>>;
}

export const EMPTY_COUNTS: ScanCounts = Object.freeze({
  files: 0,
  records: 0,
  credentialEvents: 0,
  trustPolicyEvents: 0,
  skipped: 0,
  outsidePeriod: 0,
  controlMessages: 0,
  digestFiles: 0,
  insightFiles: 0,
  ignoredFiles: 0,
  malformed: 0,
  byEventName: Object.freeze({}),
  gaps: Object.freeze({}),
});

/** Adds `n` to the counter `k` of `m`, starting it at 0. */
export const bump = (m: Record<string, number>, k: string, n = 1): void => {
  m[k] = (m[k] ?? 0) + n;
};

function addTallies(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): Record<string, number> {
  const sum: Record<string, number> = { ...a };
  for (const [k, v] of Object.entries(b)) bump(sum, k, v);
  return sum;
}

/** The counts of two inputs together (a new object; neither argument changes). */
export function addCounts(a: ScanCounts, b: ScanCounts): ScanCounts {
  return {
    files: a.files + b.files,
    records: a.records + b.records,
    credentialEvents: a.credentialEvents + b.credentialEvents,
    trustPolicyEvents: a.trustPolicyEvents + b.trustPolicyEvents,
    skipped: a.skipped + b.skipped,
    outsidePeriod: a.outsidePeriod + b.outsidePeriod,
    controlMessages: a.controlMessages + b.controlMessages,
    digestFiles: a.digestFiles + b.digestFiles,
    insightFiles: a.insightFiles + b.insightFiles,
    ignoredFiles: a.ignoredFiles + b.ignoredFiles,
    malformed: a.malformed + b.malformed,
    byEventName: addTallies(a.byEventName, b.byEventName),
    gaps: addTallies(a.gaps, b.gaps),
  };
}
