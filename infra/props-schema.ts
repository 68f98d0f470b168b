import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Token } from 'aws-cdk-lib';
import * as z from 'zod/mini';
import { reject } from '../functions/core/model/reject-value.ts';
import '../functions/core/model/zod-setup.ts';
import { OPTIONAL_DIMENSIONS } from '../functions/adapters/metrics/metric-dimensions.ts';
import { EVENT_BUS_NAME_OR_ARN, SSM_PARAMETER_NAME } from '../functions/adapters/settings/aws-names.ts';
import {
  booleanSetting,
  invalid,
  listSetting,
  oneOfSetting,
  patternSetting,
  quote,
  type SettingsOf,
  setting,
  severitySetting,
  stringSetting,
  valid,
  wholeNumberSetting,
} from '../functions/adapters/settings/setting.ts';
import { StateSettingsSchema } from '../functions/lambda/state-setting.ts';
import type { LogLevel, RolewatchProps } from './rolewatch-props.ts';

/** Where `npm run build` puts the function bundles. */
export const DEFAULT_DIST_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const satisfies readonly LogLevel[];

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const KMS_KEY_ARN = /^arn:[a-z0-9-]+:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
// The complete ARN ends in the six random characters Secrets Manager appends to the name.
const SECRET_COMPLETE_ARN =
  /^arn:[a-z0-9-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/;
export const TRUST_EXTENSION = /^\.(ya?ml|json)$/i;

/** A string setting that a CDK token (resolved at deploy time) passes unchecked. */
const unlessToken = <T extends z.ZodMiniType<string | undefined>>(schema: T) =>
  z.pipe(
    z.unknown(),
    z.transform((value, ctx) => {
      if (typeof value === 'string' && Token.isUnresolved(value)) return value;
      const r = schema.safeParse(value);
      if (r.success) return r.data as z.output<T>;
      for (const issue of r.error.issues) reject(ctx, issue.message);
      return undefined as never;
    }),
  );

const namePattern = (pattern: RegExp, what: string) => unlessToken(z.optional(patternSetting(pattern, what)));

const retentionDays = () =>
  setting<number>((v) => {
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    return (LOG_RETENTION_DAYS as readonly unknown[]).includes(n)
      ? valid(n as number)
      : invalid(`${quote(v)} is not a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(', ')})`);
  });

/** Account ids, as an array or a comma list; every malformed one is reported in one message. */
const accountIdList = () =>
  setting<string[]>((v) => {
    const items: readonly unknown[] | undefined =
      typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : undefined;
    if (items === undefined || !items.every((i) => typeof i === 'string')) {
      return invalid(`${quote(v)} is not a list of account ids`);
    }
    const ids = items.map((i) => i.trim()).filter((i) => i !== '');
    const bad = ids.filter((id) => !/^\d{12}$/.test(id));
    if (bad.length > 0)
      return invalid(
        `${bad.map(quote).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not a 12-digit account id`,
      );
    return valid([...new Set(ids)]);
  });

const keyPrefix = () =>
  setting<string>((v) => {
    if (typeof v !== 'string' || !/^[^\s]{0,200}$/.test(v)) {
      return invalid(`${quote(v)} must be at most 200 characters, no spaces`);
    }
    if (v.startsWith('/')) return invalid(`${quote(v)} must not start with "/" (S3 keys do not)`);
    return valid(v);
  });

/**
 * Every prop of {@link RolewatchProps}: its type, its checks and its default (documented on the prop).
 * Context values (`-c key=value`) arrive as strings and are read here too: booleans as `true`/`false`,
 * numbers as digits, lists comma-separated. Checks across props are in {@link checkRolewatchProps}.
 */
export const RolewatchPropsSchema = z.object({
  trustFile: z.optional(stringSetting()),
  trustParameterName: namePattern(SSM_PARAMETER_NAME, 'an SSM parameter name'),
  trustS3Url: unlessToken(
    z.optional(
      setting<string>((v) =>
        typeof v === 'string' && S3_URL.test(v) ? valid(v) : invalid(`${quote(v)} must be s3://BUCKET/KEY`),
      ),
    ),
  ),
  trustKmsKeyArn: namePattern(KMS_KEY_ARN, 'a KMS key ARN'),
  enableEventBridgeTrigger: z._default(booleanSetting(), true),
  enableLogSubscription: z.optional(booleanSetting()),
  cloudTrailLogGroupName: namePattern(LOG_GROUP_NAME, 'a log group name'),
  enableS3Ingest: z.optional(booleanSetting()),
  trailBucketName: namePattern(BUCKET_NAME, 'a bucket name'),
  trailKeyPrefix: unlessToken(z.optional(keyPrefix())),
  trailKmsKeyArn: namePattern(KMS_KEY_ARN, 'a KMS key ARN'),
  createBucketNotification: z.optional(booleanSetting()),
  athenaAccountIds: z.optional(accountIdList()),
  trailOrganizationId: namePattern(/^o-[a-z0-9]{10,32}$/, 'an organization id (o-…)'),
  athenaDatabaseName: namePattern(
    /^[a-z0-9_]{1,255}$/,
    "a Glue database name (lower-case letters, digits and '_')",
  ),
  createAlertTopic: z._default(booleanSetting(), true),
  alertEmail: namePattern(EMAIL, 'an e-mail address'),
  slackWebhookSecretArn: namePattern(
    SECRET_COMPLETE_ARN,
    'a complete Secrets Manager secret ARN (arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX)',
  ),
  slackSecretKmsKeyArn: namePattern(KMS_KEY_ARN, 'a KMS key ARN'),
  enableSecurityHub: z._default(booleanSetting(), false),
  alertEventBusName: namePattern(EVENT_BUS_NAME_OR_ARN, 'an event bus name or ARN'),
  logAlerts: z._default(booleanSetting(), true),
  alertMinSeverity: z.optional(severitySetting()),
  snsMinSeverity: z.optional(severitySetting()),
  slackMinSeverity: z.optional(severitySetting()),
  securityHubMinSeverity: z.optional(severitySetting()),
  eventBusMinSeverity: z.optional(severitySetting()),
  logMinSeverity: z.optional(severitySetting()),
  distDir: z._default(stringSetting(), DEFAULT_DIST_DIR),
  memorySizeMb: z._default(wholeNumberSetting(128, 10240), 256),
  logRetentionDays: z._default(retentionDays(), 90),
  logLevel: z._default(oneOfSetting(LOG_LEVELS, 'a log level'), 'INFO'),
  metricDimensions: z._default(listSetting(OPTIONAL_DIMENSIONS, 'a metric dimension'), []),
  enableAlarms: z._default(booleanSetting(), true),
  // Audit reports and the dashboard: checked across props (and defaulted) in report-props.ts.
  enableReport: z.optional(booleanSetting()),
  reportSource: z.optional(stringSetting()),
  reportAthenaDataBucketName: namePattern(BUCKET_NAME, 'a bucket name'),
  reportAthenaResultsBucketName: namePattern(BUCKET_NAME, 'a bucket name'),
  reportSchedule: z.optional(stringSetting()),
  reportTimeZone: z.optional(stringSetting()),
  reportPeriod: z.optional(stringSetting()),
  reportRetentionDays: z.optional(wholeNumberSetting(1, 36_500)),
  reportMemorySizeMb: z.optional(wholeNumberSetting(128, 10240)),
  enableDashboard: z.optional(booleanSetting()),
  createStateTable: z._default(booleanSetting(), true),
  // The functions check these too (functions/lambda/state-setting.ts); checked here so that synth fails.
  learnUntil: z.optional(
    setting((v) => {
      const checked = StateSettingsSchema.shape.ROLEWATCH_LEARN_UNTIL.safeParse(v);
      return checked.success && typeof v === 'string'
        ? valid(v)
        : invalid(`${quote(v)} is not an ISO 8601 date (2027-01-15)`);
    }),
  ),
  dedupHours: z._default(
    setting((v) => {
      const checked = StateSettingsSchema.shape.ROLEWATCH_DEDUP_HOURS.safeParse(
        typeof v === 'number' ? String(v) : v,
      );
      return checked.success
        ? valid(checked.data)
        : invalid(`${quote(v)} must be a number of hours from 0 (off) to 720`);
    }),
    24,
  ),
} satisfies Record<keyof RolewatchProps, z.ZodMiniType>);

/** The names of every prop, for "unknown key" checks of context and props files. */
export const PROP_NAMES = Object.keys(RolewatchPropsSchema.shape) as (keyof RolewatchProps)[];

export type ParsedProps = Partial<SettingsOf<typeof RolewatchPropsSchema.shape>>;
