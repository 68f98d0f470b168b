import type { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { lazily } from '../adapters/lazy-client.ts';
import type { HandlerDeps } from '../lambda/handler-deps.ts';
import { runInvocation } from '../lambda/invocation.ts';
import { parseReportSettings } from '../lambda/report-settings.ts';
import { type OpenSource, type ReportRunResult, runReport } from '../lambda/run-report.ts';
import { ConfigurationError, createRuntime } from '../lambda/runtime.ts';

export interface ReportDeps extends HandlerDeps {
  readonly sns?: SNSClient;
  /** Opens `ROLEWATCH_REPORT_SOURCE`; the remote sources by default. */
  readonly openSource?: OpenSource;
  /** Milliseconds kept for writing the files after the last input (default 60 s). */
  readonly reserveMs?: number;
}

/** The EventBridge Scheduler event: the input the schedule sends (`scheduledTime` when it passes it). */
export type ReportEvent = { readonly scheduledTime?: string } | null | undefined;

export type ReportHandler = (event: ReportEvent, context?: Context) => Promise<ReportRunResult>;

/**
 * The scheduled audit report (CONTRACT §6 `report`): `ROLEWATCH_REPORT_SOURCE` over the last
 * `ROLEWATCH_REPORT_PERIOD`, four files to `s3://ROLEWATCH_REPORT_BUCKET/YYYY/MM/DD/`, a summary to the
 * SNS topic. A run that would not fit in the time limit writes and sends the report of what it read, marked
 * incomplete; a source that cannot be opened fails with an error naming source and period.
 */
export function createHandler(deps: ReportDeps = {}): ReportHandler {
  const env = deps.env ?? process.env;
  const runtime = createRuntime('report', deps);
  const givenSns = deps.sns;
  const sns = lazily(
    async (): Promise<SNSClient> =>
      // One attempt per call: the summary's retries are withRetry's (the one retry layer), not 4 × 3.
      givenSns !== undefined
        ? givenSns
        : new (await import('@aws-sdk/client-sns')).SNSClient({ maxAttempts: 1 }),
  );
  return (event, context) =>
    runInvocation(runtime, context, async (ready) => {
      const settings = parseReportSettings(env);
      if (!settings.ok) {
        runtime.metrics.configError();
        runtime.log.error('report settings are broken', { problems: settings.error });
        throw new ConfigurationError(settings.error);
      }
      return runReport(event, context, settings.value, runtime, ready, {
        sns,
        env,
        ...(deps.openSource === undefined ? {} : { openSource: deps.openSource }),
        ...(deps.reserveMs === undefined ? {} : { reserveMs: deps.reserveMs }),
      });
    });
}

export const handler: ReportHandler = createHandler();
