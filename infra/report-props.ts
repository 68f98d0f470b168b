import { DEFAULT_REPORT_SCHEDULE, parseReportSource } from './constructs/scheduled-report.ts';
import type { RolewatchProps } from './rolewatch-props.ts';
import { type ResolvedRolewatchProps, RolewatchPropsError } from './validate-props.ts';

/** The report and dashboard props with their defaults applied. */
export interface ResolvedReportProps {
  readonly report:
    | {
        readonly source: string;
        readonly athenaDataBucketName: string | undefined;
        readonly athenaResultsBucketName: string | undefined;
        readonly schedule: string;
        readonly timeZone: string;
        readonly period: string;
        readonly retentionDays: number;
        readonly memorySizeMb: number;
      }
    | undefined;
  readonly dashboard: boolean;
}

const SCHEDULE = /^(cron|rate)\(.+\)$/;
const TIME_ZONE = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/;
const SPAN = /^\d{1,4}[hdw]$/;

/**
 * Validates the report and dashboard props (one message per problem, naming the prop) and applies the
 * defaults: the report reads the trail bucket (or the log group) the stack already knows.
 * @throws RolewatchPropsError
 */
export function resolveReportProps(
  props: RolewatchProps,
  settings: ResolvedRolewatchProps,
): ResolvedReportProps {
  const problems: string[] = [];
  const s3 = settings.s3Ingest;
  const known =
    props.reportSource ??
    (s3 !== undefined
      ? `s3://${s3.bucketName}/${s3.keyPrefix}AWSLogs/`
      : settings.logSubscription !== undefined
        ? `logs://${settings.logSubscription.logGroupName}`
        : undefined);
  const enabled = props.enableReport ?? known !== undefined;
  if (enabled && known === undefined) {
    problems.push(
      'enableReport: the report needs reportSource (or trailBucketName / cloudTrailLogGroupName)',
    );
  }
  if (known !== undefined) {
    const parsed = parseReportSource(known);
    if ('error' in parsed) problems.push(`reportSource: ${parsed.error}`);
  }
  const schedule = props.reportSchedule ?? DEFAULT_REPORT_SCHEDULE;
  if (!SCHEDULE.test(schedule))
    problems.push(`reportSchedule: "${schedule}" is not a cron(...) or rate(...) expression`);
  const timeZone = props.reportTimeZone ?? 'UTC';
  if (!TIME_ZONE.test(timeZone))
    problems.push(`reportTimeZone: "${timeZone}" is not an IANA time zone such as Europe/Berlin`);
  const period = props.reportPeriod ?? '7d';
  if (!SPAN.test(period)) problems.push(`reportPeriod: "${period}" is not a span such as 24h, 7d or 2w`);
  const retentionDays = props.reportRetentionDays ?? 400;
  if (!Number.isInteger(retentionDays) || retentionDays < 1)
    problems.push('reportRetentionDays: a whole number ≥ 1');
  const memorySizeMb = props.reportMemorySizeMb ?? 1024;
  if (!Number.isInteger(memorySizeMb) || memorySizeMb < 128 || memorySizeMb > 10240) {
    problems.push('reportMemorySizeMb: a whole number from 128 to 10240');
  }
  if (problems.length > 0) throw new RolewatchPropsError(problems);
  return {
    report:
      enabled && known !== undefined
        ? {
            source: known,
            athenaDataBucketName: props.reportAthenaDataBucketName,
            athenaResultsBucketName: props.reportAthenaResultsBucketName,
            schedule,
            timeZone,
            period,
            retentionDays,
            memorySizeMb,
          }
        : undefined,
    dashboard: props.enableDashboard ?? true,
  };
}
