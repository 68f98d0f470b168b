import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import {
  consoleObjectUrl,
  findPreviousReport,
  putReportFile,
  reportPrefix,
} from '../adapters/reports/report-bucket.ts';
import { withRetry } from '../adapters/retry.ts';
import { openRemoteSource, type RemoteSourceContext } from '../adapters/sources/remote-source.ts';
import { runScan } from '../cli/run-scan.ts';
import { openScanState } from '../cli/scan-state.ts';
import { VERSION } from '../cli/version.ts';
import { createEngine } from '../core/engine/create-engine.ts';
import type { Result } from '../core/model/result.ts';
import type { SourceItem } from '../core/pipeline/source-item.ts';
import { scrubFinding } from '../core/render/scrub-output.ts';
import { activityTap } from '../core/report/activity-tap.ts';
import { ReportAssembler } from '../core/report/build-report.ts';
import { csvHeader, csvRow } from '../core/report/render-csv.ts';
import { renderReportHtml } from '../core/report/render-html.ts';
import { renderReportMarkdown } from '../core/report/render-markdown.ts';
import { renderReportJson } from '../core/report/render-report-json.ts';
import { scrubReport } from '../core/report/scrub-report.ts';
import { reportSummaryText } from '../core/report/summary-text.ts';
import type { ReportSettings } from './report-settings.ts';
import { DEFAULT_RESERVE_MS, type EarlyStop, withinTimeBudget } from './report-time-budget.ts';
import type { Ready, Runtime } from './runtime.ts';

/** Opens a remote source; {@link openRemoteSource} unless a test injects its own. */
export type OpenSource = (
  url: string,
  context: RemoteSourceContext,
) => Result<AsyncIterable<SourceItem>, string>;

export interface ReportRunDeps {
  readonly sns: () => Promise<SNSClient>;
  readonly openSource?: OpenSource;
  /** Time kept for writing after the last input; {@link DEFAULT_RESERVE_MS} by default. */
  readonly reserveMs?: number;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What one scheduled report wrote. */
export interface ReportRunResult {
  readonly bucket: string;
  readonly keys: readonly string[];
  readonly since: string;
  readonly until: string;
  readonly credentialEvents: number;
  readonly findings: number;
  /** False when inputs could not be read or reading stopped early: the report and the summary say so. */
  readonly complete: boolean;
  readonly summarySent: boolean;
}

export class ReportRunError extends Error {
  override readonly name = 'ReportRunError';
}

/** The end of the period: the schedule's own time when the event carries it (a retry then reports the same period). */
export function periodEnd(event: unknown, nowMs: number): number {
  const scheduled = (event as { scheduledTime?: unknown } | null)?.scheduledTime;
  const ms = typeof scheduled === 'string' ? Date.parse(scheduled) : Number.NaN;
  return Number.isFinite(ms) && ms <= nowMs ? ms : nowMs;
}

/**
 * One scheduled audit report: reads the configured source over the period, writes report.html,
 * report.md, report.json and findings.csv under `YYYY/MM/DD/` in the report bucket (findings.csv streamed
 * to /tmp as findings become final, then uploaded), and sends a short summary to the SNS topic.
 */
export async function runReport(
  event: unknown,
  context: Context | undefined,
  settings: ReportSettings,
  runtime: Runtime,
  ready: Ready,
  deps: ReportRunDeps,
): Promise<ReportRunResult> {
  const { log } = runtime;
  const nowMs = runtime.now();
  const untilMs = periodEnd(event, nowMs);
  const sinceMs = untilMs - settings.ROLEWATCH_REPORT_PERIOD.ms;
  const source = settings.ROLEWATCH_REPORT_SOURCE;
  const bucket = settings.ROLEWATCH_REPORT_BUCKET;
  const since = new Date(sinceMs).toISOString();
  const until = new Date(untilMs).toISOString();
  const describe = `${source} for ${since} – ${until} (ROLEWATCH_REPORT_PERIOD=${settings.ROLEWATCH_REPORT_PERIOD.span})`;

  const opened = (deps.openSource ?? openRemoteSource)(source, {
    period: { sinceMs, untilMs },
    env: deps.env,
    onNote: (line) => log.info('source note', { note: line }),
  });
  if (!opened.ok) throw new ReportRunError(`cannot read ${describe}: ${opened.error}`);
  const s3 = await runtime.s3();
  const prefix = reportPrefix(untilMs);
  const previous = await findPreviousReport(s3, bucket, prefix).catch((e: unknown) => ({
    none: `cannot look for a previous report (${e instanceof Error ? e.message : String(e)})`,
  }));
  if ('none' in previous) log.info('no previous report to compare with', { reason: previous.none });

  const assembler = new ReportAssembler({
    config: ready.config,
    trustFile: {
      name: ready.config.source,
      sha256: ready.trustSha256 ?? createHash('sha256').update(JSON.stringify(ready.config)).digest('hex'),
    },
    sources: [source],
    period: { sinceMs, untilMs },
    nowMs,
    version: VERSION,
    ...('report' in previous ? { previous: previous.report } : {}),
    ...(settings.ROLEWATCH_DASHBOARD_URL === undefined
      ? {}
      : { dashboardUrl: settings.ROLEWATCH_DASHBOARD_URL }),
  });
  const work = mkdtempSync(join(tmpdir(), 'rolewatch-report-'));
  try {
    const csvPath = join(work, 'findings.csv');
    const fd = openSync(csvPath, 'w');
    let totals: Awaited<ReturnType<typeof runScan>>;
    const stops: EarlyStop[] = [];
    try {
      writeSync(fd, csvHeader());
      const remaining = context?.getRemainingTimeInMillis.bind(context) ?? (() => Number.POSITIVE_INFINITY);
      // The state stage of `rolewatch report` (and of a scan without --state): denied-burst and session
      // lineage over the period, in a store that lives as long as this report. Never ROLEWATCH_STATE's
      // store: replaying a week must neither alert again nor teach first-seen-pair what it already knows.
      const state = await openScanState({
        learn: false,
        lockWaitMs: 0,
        config: ready.config,
        engine: createEngine({ config: ready.config, now: () => nowMs }),
        onNote: (line) => log.info('state note', { note: line }),
        wallClock: runtime.now,
      });
      totals = await runScan({
        items: withinTimeBudget(opened.value, {
          remainingMs: remaining,
          reserveMs: deps.reserveMs ?? DEFAULT_RESERVE_MS,
          describe,
          now: Date.now,
          onStop: (why) => stops.push(why),
        }),
        config: ready.config,
        period: { sinceMs, untilMs },
        nowMs,
        workers: 1,
        maxErrors: 1000,
        taps: [activityTap, ...state.taps],
        beforeCollect: state.stage,
        onFindings(findings) {
          assembler.add(findings);
          if (findings.length > 0) writeSync(fd, findings.map((f) => csvRow(scrubFinding(f))).join(''));
        },
      });
      assembler.add(totals.held);
      if (totals.held.length > 0) writeSync(fd, totals.held.map((f) => csvRow(scrubFinding(f))).join(''));
    } finally {
      closeSync(fd);
    }
    const stopped = stops[0];
    if (stopped !== undefined)
      log.error('report incomplete: reading stopped early', { reason: stopped.reason });
    const report = scrubReport(
      assembler.finish(stopped === undefined ? totals : { ...totals, stoppedEarly: stopped.reason }),
    );
    const keys = ['report.html', 'report.md', 'report.json', 'findings.csv'].map(
      (name) => `${prefix}${name}`,
    );
    const [htmlKey = '', mdKey = '', jsonKey = '', csvKey = ''] = keys;
    await putReportFile(s3, bucket, csvKey, { path: csvPath });
    await putReportFile(s3, bucket, mdKey, { text: renderReportMarkdown(report) });
    await putReportFile(s3, bucket, htmlKey, { text: renderReportHtml(report) });
    // report.json last: the next run looks for it, so it appears only when the rest is there.
    await putReportFile(s3, bucket, jsonKey, { text: renderReportJson(report) });
    log.info('report written', {
      bucket,
      prefix,
      credentialEvents: report.totals.credentialEvents,
      findings: report.findings.count,
    });

    // Only a console link: a pre-signed URL signed by this function carries its session token
    // (X-Amz-Security-Token), which must not go out to a topic and its e-mail subscribers.
    const summary = reportSummaryText(report, {
      console: consoleObjectUrl(bucket, htmlKey, deps.env.AWS_REGION),
    });
    const topic = settings.ROLEWATCH_SNS_TOPIC_ARN;
    if (topic === undefined) log.info('report summary', { summary: summary.body });
    else {
      const [sns, { PublishCommand }] = await Promise.all([deps.sns(), import('@aws-sdk/client-sns')]);
      await withRetry(() =>
        sns.send(
          new PublishCommand({
            TopicArn: topic,
            Subject: summary.subject.replace(/[^\x20-\x7e]/g, '?').slice(0, 99),
            Message: summary.body,
            MessageAttributes: { kind: { DataType: 'String', StringValue: 'report' } },
          }),
        ),
      );
    }
    // A failed source may be transient: the invocation fails (Lambda retries; a run that reads it all
    // replaces this report). The time limit is not: a retry would stop at the same place.
    if (stopped?.kind === 'source-failed')
      throw new ReportRunError(`${stopped.reason} An incomplete report was written to ${prefix}.`, {
        cause: stopped.error,
      });
    return {
      bucket,
      keys,
      since,
      until,
      credentialEvents: report.totals.credentialEvents,
      findings: report.findings.count,
      complete: report.completeness?.complete ?? true,
      summarySent: topic !== undefined,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
