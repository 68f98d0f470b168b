import * as z from 'zod/mini';
import '../core/model/zod-setup.ts';
import { BUCKET_NAME, SNS_TOPIC_ARN } from '../adapters/settings/aws-names.ts';
import {
  type Env,
  invalid,
  parseEnvSettings,
  patternSetting,
  quote,
  setting,
  valid,
} from '../adapters/settings/setting.ts';
import type { Result } from '../core/model/result.ts';

const SPAN = /^(\d{1,4})([hdw])$/;
const SPAN_MS: Readonly<Record<string, number>> = { h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A report period: the span as written and its length. */
export interface ReportPeriod {
  readonly span: string;
  readonly ms: number;
}

/** The `report` function's `ROLEWATCH_*` settings (CONTRACT §6), in the settings format of every function. */
export const ReportSettingsSchema = z.object({
  ROLEWATCH_REPORT_SOURCE: patternSetting(
    /^(s3|logs|athena):\/\/\S+$/,
    'an s3://BUCKET/PREFIX, logs://LOG_GROUP or athena://DATABASE.TABLE source',
    'required: the source the report reads (s3://, logs:// or athena://)',
  ),
  ROLEWATCH_REPORT_BUCKET: patternSetting(
    BUCKET_NAME,
    'an S3 bucket name',
    'required: the bucket the reports go to',
  ),
  ROLEWATCH_REPORT_PERIOD: z._default(
    setting<ReportPeriod>((v) => {
      const m = typeof v === 'string' ? SPAN.exec(v) : null;
      const ms = m === null ? 0 : Number(m[1]) * (SPAN_MS[m[2] ?? ''] ?? 0);
      return ms > 0
        ? valid({ span: String(v), ms })
        : invalid(`${quote(v)} is not a span such as 24h, 7d or 2w`);
    }),
    { span: '7d', ms: 7 * 86_400_000 },
  ),
  /** Where the summary goes; without it the summary is only logged. */
  ROLEWATCH_SNS_TOPIC_ARN: z.optional(patternSetting(SNS_TOPIC_ARN, 'an SNS topic ARN')),
  /** The CloudWatch dashboard the report links to. */
  ROLEWATCH_DASHBOARD_URL: z.optional(patternSetting(/^https:\/\/\S+$/, 'an https:// URL')),
});

export type ReportSettings = z.output<typeof ReportSettingsSchema>;

/** The settings, or one message per problem naming the variable and quoting the value. */
export function parseReportSettings(env: Env): Result<ReportSettings, string[]> {
  return parseEnvSettings(ReportSettingsSchema, env);
}
