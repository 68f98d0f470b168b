import type { Finding } from '../model/finding.ts';
import type { Severity } from '../model/severity.ts';
import { bump, type ScanCounts } from './scan-counts.ts';

/** Counters over a scan's final, de-duplicated findings. */
export interface FindingStats {
  readonly findings: number;
  readonly suppressed: number;
  readonly byRule: Readonly<Record<string, number>>;
  readonly bySeverity: Readonly<Record<Severity, number>>;
}

/** How the stateful rules ran in a scan (README "State"). */
export interface StateSummary {
  /** `file`: a state file (`--state`); `scan`: in memory for this scan only. */
  readonly store: 'file' | 'scan';
  /** `--learn`: pairs were recorded and no `first-seen-pair` finding reported. */
  readonly learning: boolean;
  /** Stateful rules that did not run, e.g. `first-seen-pair` without a state store. */
  readonly notRun: readonly string[];
}

/** Counts for one scan; `--format json` prints it as `summary` (CONTRACT §5). */
export interface ScanSummary extends ScanCounts, FindingStats {
  /** Set by `scan`: how the stateful rules ran. */
  readonly state?: StateSummary;
}

/** Finding counters that grow as findings become final (nothing but the counters is kept). */
export class FindingTally {
  #findings = 0;
  #suppressed = 0;
  readonly #byRule: Record<string, number> = {};
  readonly #bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  readonly #activeBySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };

  add(findings: Iterable<Finding>): void {
    for (const f of findings) {
      this.#findings++;
      if (f.suppressed) this.#suppressed++;
      else this.#activeBySeverity[f.severity]++;
      bump(this.#byRule, f.rule);
      this.#bySeverity[f.severity]++;
    }
  }

  get count(): number {
    return this.#findings;
  }

  /** Unsuppressed findings by severity (what alerts and `--fail-on` look at). */
  get activeBySeverity(): Readonly<Record<Severity, number>> {
    return { ...this.#activeBySeverity };
  }

  get stats(): FindingStats {
    return {
      findings: this.#findings,
      suppressed: this.#suppressed,
      byRule: { ...this.#byRule },
      bySeverity: { ...this.#bySeverity },
    };
  }
}

/** The counters of a list of findings. */
export function findingStats(findings: Iterable<Finding>): FindingStats {
  const tally = new FindingTally();
  tally.add(findings);
  return tally.stats;
}

/** The summary of a scan: its input counts and its finding counters. */
export function summarize(counts: ScanCounts, stats: FindingStats): ScanSummary {
  // Key order is the JSON output's: input counts, then findings, then the tallies.
  return {
    files: counts.files,
    records: counts.records,
    credentialEvents: counts.credentialEvents,
    trustPolicyEvents: counts.trustPolicyEvents,
    skipped: counts.skipped,
    outsidePeriod: counts.outsidePeriod,
    controlMessages: counts.controlMessages,
    digestFiles: counts.digestFiles,
    insightFiles: counts.insightFiles,
    ignoredFiles: counts.ignoredFiles,
    malformed: counts.malformed,
    findings: stats.findings,
    suppressed: stats.suppressed,
    byRule: stats.byRule,
    bySeverity: stats.bySeverity,
    byEventName: counts.byEventName,
    gaps: counts.gaps,
  };
}
