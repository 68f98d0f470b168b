import type { Finding } from '../model/finding.ts';
import { type Severity, severityRank } from '../model/severity.ts';
import { findingGroupKey } from '../pipeline/finding-group.ts';

/** Findings of one rule about one role and one actor (see {@link findingGroupKey}). */
export interface FindingGroup {
  readonly key: string;
  readonly rule: string;
  /** The highest severity in the group. */
  severity: Severity;
  count: number;
  /** How many of them are suppressed. */
  suppressed: number;
  firstTime?: string;
  lastTime?: string;
  /** The group's most severe finding, the earliest of those: its evidence and remediation stand for all. */
  representative: Finding;
}

/** Findings counted per suppression, for the report's "suppressed findings" list. */
export interface SuppressionUse {
  readonly rule: string;
  readonly owner: string;
  readonly reason: string;
  readonly expires: string;
  count: number;
}

/** Groups kept; findings of further groups are counted in {@link FindingGroups.ungrouped}. */
export const MAX_FINDING_GROUPS = 10_000;

const earlier = (a: string | undefined, b: string | undefined): boolean =>
  b !== undefined && (a === undefined || Date.parse(b) < Date.parse(a));

/**
 * Findings as they stream in, grouped: memory grows with the number of groups (a thousand denied calls
 * of one misconfigured job are one group), never with the number of findings.
 */
export class FindingGroups {
  readonly #groups = new Map<string, FindingGroup>();
  readonly #suppressions = new Map<string, SuppressionUse>();
  #ungrouped = 0;

  add(findings: Iterable<Finding>): void {
    for (const f of findings) {
      this.#addOne(f);
      if (f.suppression !== undefined) {
        const s = f.suppression;
        const key = JSON.stringify([f.rule, s.owner, s.reason, s.expires]);
        const use = this.#suppressions.get(key);
        if (use) use.count++;
        else this.#suppressions.set(key, { rule: f.rule, ...s, count: 1 });
      }
    }
  }

  #addOne(f: Finding): void {
    const key = findingGroupKey(f);
    const g = this.#groups.get(key);
    if (g === undefined) {
      if (this.#groups.size >= MAX_FINDING_GROUPS) {
        this.#ungrouped++;
        return;
      }
      this.#groups.set(key, {
        key,
        rule: f.rule,
        severity: f.severity,
        count: 1,
        suppressed: f.suppressed ? 1 : 0,
        ...(f.eventTime === undefined ? {} : { firstTime: f.eventTime, lastTime: f.eventTime }),
        representative: f,
      });
      return;
    }
    g.count++;
    if (f.suppressed) g.suppressed++;
    if (f.eventTime !== undefined && earlier(g.firstTime, f.eventTime)) g.firstTime = f.eventTime;
    if (
      f.eventTime !== undefined &&
      (g.lastTime === undefined || Date.parse(f.eventTime) > Date.parse(g.lastTime))
    )
      g.lastTime = f.eventTime;
    const rank = severityRank(f.severity);
    const repRank = severityRank(g.representative.severity);
    if (rank > repRank || (rank === repRank && earlier(g.representative.eventTime, f.eventTime))) {
      g.representative = f;
    }
    if (rank > severityRank(g.severity)) g.severity = f.severity;
  }

  /** Most severe first, then the largest, then by key (a stable order). */
  groups(): FindingGroup[] {
    return [...this.#groups.values()].sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        b.count - a.count ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
  }

  suppressions(): SuppressionUse[] {
    return [...this.#suppressions.values()].sort(
      (a, b) => b.count - a.count || a.expires.localeCompare(b.expires),
    );
  }

  /** Findings of groups beyond {@link MAX_FINDING_GROUPS} (counted in the totals, not grouped). */
  get ungrouped(): number {
    return this.#ungrouped;
  }
}
