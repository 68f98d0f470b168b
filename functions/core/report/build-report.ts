import { CREDENTIAL_EVENT_NAMES } from '../model/credential-event.ts';
import type { Finding } from '../model/finding.ts';
import type { InputError } from '../model/input-error.ts';
import { formatLocation } from '../model/location.ts';
import type { TrustConfig } from '../model/trust-config.ts';
import type { Period } from '../pipeline/period.ts';
import type { ScanSummary } from '../pipeline/scan-summary.ts';
import { type Activity, type CallCounts, emptyActivity, settleCopies } from './activity.ts';
import { activityTap } from './activity-tap.ts';
import type { ActorFacts } from './call-facts.ts';
import { compareWithPrevious, pairsNotIn } from './compare-previous.ts';
import { reportCompleteness } from './completeness.ts';
import { DURATION_BUCKET_EDGES_SECONDS, medianSeconds } from './duration-histogram.ts';
import { FindingGroups } from './finding-groups.ts';
import { type ActorSummary, REPORT_SCHEMA_VERSION, type Report } from './report-schema.ts';
import { roleEntryLookup, unusedTrust } from './unused-trust.ts';

export interface ReportContext {
  readonly config: TrustConfig;
  /** The trust file's name and the SHA-256 of its bytes (hex), computed by the caller. */
  readonly trustFile: { readonly name: string; readonly sha256: string };
  readonly sources: readonly string[];
  readonly period: Period;
  /** When the report is made: suppression expiry is judged against it. */
  readonly nowMs: number;
  readonly version: string;
  /** The previous period's report, for the change section and new pairs. */
  readonly previous?: Report;
  /** The CloudWatch dashboard, linked from the report (https only). */
  readonly dashboardUrl?: string;
}

/** What a finished scan hands over (`ScanTotals` has these). */
export interface ScanOutcome {
  readonly summary: ScanSummary;
  readonly errors: readonly InputError[];
  readonly taps: Readonly<Record<string, unknown>>;
  /** Set when reading stopped before the sources ended (the Lambda time limit, a failed source): why. */
  readonly stoppedEarly?: string;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Periods shorter than this are drawn per hour, longer ones per day. */
const HOURLY_BELOW_MS = 3 * DAY_MS;
const SOON_MS = 14 * DAY_MS;
const MAX_GROUPS_LISTED = 1000;
const MAX_ERRORS_SHOWN = 100;
const MAX_LISTED = 200;

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOpt = (ms: number | undefined) => (ms === undefined ? undefined : iso(ms));
const byCalls = <T extends CallCounts>(a: T, b: T): number => b.calls - a.calls;

function actorSummary(a: ActorFacts): ActorSummary {
  return {
    key: a.key,
    display: a.display,
    type: a.type,
    ...(a.arn === undefined ? {} : { arn: a.arn }),
    ...(a.accountId === undefined ? {} : { accountId: a.accountId }),
  };
}

/** Drops undefined values, so that the JSON leaves absent fields out. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Assembles an audit report from a scan: findings are added as they stream in (grouped, never kept),
 * the activity comes from {@link activityTap}'s accumulator in the scan's taps.
 *
 * @example
 * const report = new ReportAssembler(context);
 * const totals = await runScan({ …, taps: [activityTap], onFindings: (f) => report.add(f) });
 * report.add(totals.held);
 * const json = report.finish(totals);
 */
export class ReportAssembler {
  readonly #ctx: ReportContext;
  readonly #groups = new FindingGroups();

  constructor(context: ReportContext) {
    this.#ctx = context;
  }

  add(findings: Iterable<Finding>): void {
    this.#groups.add(findings);
  }

  finish(outcome: ScanOutcome): Report {
    const ctx = this.#ctx;
    const activity = settleCopies((outcome.taps[activityTap.id] as Activity | undefined) ?? emptyActivity());
    const entryOf = roleEntryLookup(ctx.config);
    const summary = outcome.summary;

    const actorsPerRole = new Map<string, number>();
    const rolesPerActor = new Map<string, number>();
    for (const p of activity.pairs.values()) {
      actorsPerRole.set(p.roleArn, (actorsPerRole.get(p.roleArn) ?? 0) + 1);
      rolesPerActor.set(p.actor.key, (rolesPerActor.get(p.actor.key) ?? 0) + 1);
    }
    const byRole = [...activity.roles.values()].sort(byCalls).map((r) => {
      const i = r.roleArn === '' ? undefined : entryOf(r.roleArn);
      const entry = i === undefined ? undefined : ctx.config.roles[i];
      return {
        roleArn: r.roleArn === '' ? null : r.roleArn,
        calls: r.calls,
        denied: r.denied,
        distinctActors: actorsPerRole.get(r.roleArn) ?? 0,
        sessions: compact({
          count: r.durations.count,
          maxSeconds: r.durations.maxSeconds,
          medianSeconds: medianSeconds(r.durations),
          histogram: [...r.durations.counts],
        }),
        entry: entry?.arn ?? null,
        maxSessionSeconds: entry?.maxSessionSeconds ?? ctx.config.defaults.maxSessionSeconds,
      };
    });
    const byActor = [...activity.actors.values()].sort(byCalls).map((a) => ({
      actor: actorSummary(a.actor),
      calls: a.calls,
      denied: a.denied,
      roles: rolesPerActor.get(a.actor.key) ?? 0,
    }));
    const pairs = [...activity.pairs.values()]
      .sort((a, b) => byCalls(a, b) || (a.firstMs ?? 0) - (b.firstMs ?? 0))
      .map((p) =>
        compact({
          actor: actorSummary(p.actor),
          roleArn: p.roleArn === '' ? null : p.roleArn,
          calls: p.calls,
          denied: p.denied,
          firstTime: isoOpt(p.firstMs),
          lastTime: isoOpt(p.lastMs),
          firstGrantTime: isoOpt(p.firstGrantMs),
        }),
      );
    const accounts = new Set<string>();
    const cells = [...activity.matrix.entries()]
      .map(([cell, calls]) => {
        const [from = '', to = ''] = cell.split(' ');
        accounts.add(from);
        accounts.add(to);
        return { from, to, calls };
      })
      .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));

    const groups = this.#groups.groups();
    const base: Omit<Report, 'change'> = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      generatedAt: iso(ctx.nowMs),
      generator: { name: 'rolewatch', version: ctx.version },
      period: compact({
        since: isoOpt(ctx.period.sinceMs),
        until: isoOpt(ctx.period.untilMs),
        firstEventTime: isoOpt(activity.firstMs),
        lastEventTime: isoOpt(activity.lastMs),
      }),
      sources: [...ctx.sources],
      trustFile: {
        name: ctx.trustFile.name,
        sha256: ctx.trustFile.sha256,
        accounts: [...ctx.config.accounts],
        roles: ctx.config.roles.length,
        suppressions: ctx.config.suppressions.length,
      },
      totals: summary as unknown as Report['totals'],
      completeness: reportCompleteness(summary.malformed, outcome.stoppedEarly),
      inputErrors: {
        count: summary.malformed,
        shown: outcome.errors.slice(0, MAX_ERRORS_SHOWN).map((e) => ({
          location: formatLocation(e.location),
          kind: e.kind,
          message: e.message,
        })),
      },
      activity: {
        calls: activity.calls,
        duplicateCopies: activity.copies.duplicates,
        duplicateRecords: activity.records.duplicates,
        uncheckedRecords: activity.records.unchecked,
        unpairedCopies: activity.copies.unpaired,
        untimed: activity.untimed,
        durationBucketEdgesSeconds: [...DURATION_BUCKET_EDGES_SECONDS],
        byRole,
        byActor,
        accountMatrix: { accounts: [...accounts].sort(), cells },
        byEventName: CREDENTIAL_EVENT_NAMES.flatMap((eventName) => {
          const c = activity.eventNames.get(eventName);
          return c === undefined ? [] : [{ eventName, calls: c.calls, denied: c.denied }];
        }),
        timeline: timeline(activity, ctx.period),
        pairs,
        notItemised: Object.fromEntries(Object.entries(activity.folded).filter(([, n]) => n > 0)),
      },
      findings: {
        count: summary.findings,
        suppressed: summary.suppressed,
        byRule: { ...summary.byRule },
        bySeverity: { ...summary.bySeverity },
        groupCount: groups.length,
        ungrouped: this.#groups.ungrouped,
        groups: groups.slice(0, MAX_GROUPS_LISTED).map((g) => {
          const f = g.representative;
          return compact({
            key: g.key,
            rule: g.rule,
            severity: g.severity,
            count: g.count,
            suppressed: g.suppressed,
            firstTime: g.firstTime,
            lastTime: g.lastTime,
            title: f.title,
            roleArn: f.role?.arn,
            actor: compact({ display: f.actor.display, arn: f.actor.arn, accountId: f.actor.accountId }),
            evidence: compact({ ...f.evidence }),
            remediation: f.remediation,
            sourceIp: f.sourceIp,
            userAgent: f.userAgent,
            sessionName: f.session.name,
            findingId: f.id,
          });
        }),
      },
      suppressions: suppressionLists(ctx, this.#groups),
      unusedTrust: unusedTrust(ctx.config, activity),
      newPairs: {
        basis: ctx.previous === undefined ? 'period' : 'previous-report',
        pairs: pairsNotIn(pairs, ctx.previous)
          .sort((a, b) => (b.firstGrantTime ?? '').localeCompare(a.firstGrantTime ?? ''))
          .slice(0, MAX_LISTED),
      },
      deniedHotSpots: [...activity.denied.values()]
        .sort((a, b) => b.calls - a.calls || (a.firstMs ?? 0) - (b.firstMs ?? 0))
        .slice(0, MAX_LISTED)
        .map((d) =>
          compact({
            actor: actorSummary(d.actor),
            roleArn: d.roleArn === '' ? null : d.roleArn,
            errorCode: d.errorCode,
            calls: d.calls,
            firstTime: isoOpt(d.firstMs),
            lastTime: isoOpt(d.lastMs),
          }),
        ),
      deniedHotSpotCount: activity.denied.size,
      links: ctx.dashboardUrl?.startsWith('https://') === true ? { dashboard: ctx.dashboardUrl } : {},
    };
    return ctx.previous === undefined ? base : { ...base, change: compareWithPrevious(base, ctx.previous) };
  }
}

function suppressionLists(ctx: ReportContext, groups: FindingGroups): Report['suppressions'] {
  const ref = (s: TrustConfig['suppressions'][number]) =>
    compact({
      rule: s.rule,
      role: s.role,
      actor: s.actor,
      owner: s.owner,
      reason: s.reason,
      expires: s.expires,
    });
  return {
    used: groups.suppressions().map((u) => ({
      rule: u.rule,
      owner: u.owner,
      reason: u.reason,
      expires: u.expires,
      findings: u.count,
    })),
    expiringSoon: ctx.config.suppressions
      .filter((s) => s.expiresMs >= ctx.nowMs && s.expiresMs - ctx.nowMs <= SOON_MS)
      .map((s) => ({ ...ref(s), daysLeft: Math.ceil((s.expiresMs - ctx.nowMs) / DAY_MS) })),
    expired: ctx.config.suppressions.filter((s) => s.expiresMs < ctx.nowMs).map(ref),
  };
}

/**
 * Calls per hour for periods under three days, per UTC day otherwise, with empty buckets filled
 * between the period's start (or first call) and its end (or last call), so that a silent day shows.
 */
function timeline(activity: Activity, period: Period): Report['activity']['timeline'] {
  const from = period.sinceMs ?? activity.firstMs;
  const to = period.untilMs ?? (activity.lastMs === undefined ? undefined : activity.lastMs + 1);
  const bucket = from !== undefined && to !== undefined && to - from < HOURLY_BELOW_MS ? 'hour' : 'day';
  const size = bucket === 'hour' ? HOUR_MS : DAY_MS;
  const points = new Map<number, CallCounts>();
  for (const [hour, c] of activity.hours) {
    const start = Math.floor(hour / size) * size;
    const p = points.get(start) ?? { calls: 0, denied: 0 };
    p.calls += c.calls;
    p.denied += c.denied;
    points.set(start, p);
  }
  if (from !== undefined && to !== undefined && (to - from) / size <= 1000) {
    for (let t = Math.floor(from / size) * size; t < to; t += size) {
      if (!points.has(t)) points.set(t, { calls: 0, denied: 0 });
    }
  }
  return {
    bucket,
    points: [...points.entries()]
      .sort(([a], [b]) => a - b)
      .map(([start, c]) => ({ start: iso(start), calls: c.calls, denied: c.denied })),
  };
}
