import type { Change, Report } from './report-schema.ts';

const TOTAL_KEYS = ['records', 'credentialEvents', 'findings', 'suppressed', 'malformed'] as const;

function deltas(
  previous: Readonly<Record<string, number>>,
  current: Readonly<Record<string, number>>,
): Record<string, { previous: number; current: number }> {
  const out: Record<string, { previous: number; current: number }> = {};
  for (const k of [...new Set([...Object.keys(previous), ...Object.keys(current)])].sort()) {
    out[k] = { previous: previous[k] ?? 0, current: current[k] ?? 0 };
  }
  return out;
}

const pairKey = (p: { actor: { key: string }; roleArn: string | null }): string =>
  JSON.stringify([p.actor.key, p.roleArn ?? '']);

/**
 * What changed since a previous report: totals, findings by severity and rule, finding groups that are
 * new or did not recur, and (actor, role) pairs granted now that the previous report did not list.
 */
export function compareWithPrevious(current: Omit<Report, 'change'>, previous: Report): Change {
  const totals: Record<string, { previous: number; current: number }> = {};
  for (const k of TOTAL_KEYS) totals[k] = { previous: previous.totals[k], current: current.totals[k] };
  const before = new Map(previous.findings.groups.map((g) => [g.key, g]));
  const now = new Map(current.findings.groups.map((g) => [g.key, g]));
  const brief = (g: Report['findings']['groups'][number]) => ({
    key: g.key,
    rule: g.rule,
    severity: g.severity,
    count: g.count,
  });
  const seenPairs = new Set(previous.activity.pairs.filter((p) => p.calls > p.denied).map(pairKey));
  return {
    previousGeneratedAt: previous.generatedAt,
    previousPeriod: {
      ...(previous.period.since === undefined ? {} : { since: previous.period.since }),
      ...(previous.period.until === undefined ? {} : { until: previous.period.until }),
    },
    totals,
    bySeverity: deltas(previous.findings.bySeverity, current.findings.bySeverity),
    byRule: deltas(previous.findings.byRule, current.findings.byRule),
    newGroups: current.findings.groups.filter((g) => !before.has(g.key)).map(brief),
    resolvedGroups: previous.findings.groups.filter((g) => !now.has(g.key)).map(brief),
    newPairs: current.activity.pairs.filter((p) => p.calls > p.denied && !seenPairs.has(pairKey(p))).length,
  };
}

/** Pairs granted now that the previous report did not list, latest first appearance first. */
export function pairsNotIn(current: Report['activity']['pairs'], previous: Report | undefined) {
  const seen = new Set((previous?.activity.pairs ?? []).filter((p) => p.calls > p.denied).map(pairKey));
  return current.filter((p) => p.firstGrantTime !== undefined && !seen.has(pairKey(p)));
}
