import { z } from 'zod';
import { err, ok, type Result } from '../core/model/result.ts';

const SPAN = /^(\d{1,4})([hdw])$/;
const SPAN_MS: Readonly<Record<string, number>> = { h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The `report` function's `ROLEWATCH_*` settings (CONTRACT §6); unknown variables are not read. */
export const ReportSettingsSchema = z.object({
  ROLEWATCH_REPORT_SOURCE: z
    .string({ error: 'is required: an s3://, logs:// or athena:// source' })
    .regex(
      /^(s3|logs|athena):\/\/\S+$/,
      'must be an s3://BUCKET/PREFIX, logs://LOG_GROUP or athena://DATABASE.TABLE source',
    ),
  ROLEWATCH_REPORT_BUCKET: z
    .string({ error: 'is required: the bucket the reports are written to' })
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
  ROLEWATCH_REPORT_PERIOD: z
    .string()
    .regex(SPAN, 'must be a span such as 24h, 7d or 2w')
    .default('7d')
    .transform((span) => {
      const [, n = '0', unit = 'd'] = SPAN.exec(span) ?? [];
      return { span, ms: Number(n) * (SPAN_MS[unit] ?? 0) };
    })
    .refine((p) => p.ms > 0, 'must be longer than zero'),
  /** Where the summary goes; without it the summary is only logged. */
  ROLEWATCH_SNS_TOPIC_ARN: z.string().startsWith('arn:', 'must be a topic ARN').optional(),
  /** The CloudWatch dashboard the report links to. */
  ROLEWATCH_DASHBOARD_URL: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).optional(),
  /** How long the summary's pre-signed link to report.html is valid (at most 7 days, SigV4's limit). */
  ROLEWATCH_REPORT_LINK_SECONDS: z.coerce.number().int().min(60).max(604_800).default(86_400),
});

export type ReportSettings = z.infer<typeof ReportSettingsSchema>;

/** The settings, or one message per problem naming the variable. */
export function parseReportSettings(
  env: Readonly<Record<string, string | undefined>>,
): Result<ReportSettings, string[]> {
  const parsed = ReportSettingsSchema.safeParse(env);
  if (parsed.success) return ok(parsed.data);
  return err(parsed.error.issues.map((i) => `${String(i.path[0] ?? 'environment')}: ${i.message}`));
}
