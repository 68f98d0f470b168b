import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Token } from 'aws-cdk-lib';
import { z } from 'zod';
import { OPTIONAL_DIMENSIONS } from '../functions/adapters/metrics/metric-dimensions.ts';
import { EVENT_BUS_NAME_OR_ARN, SSM_PARAMETER_NAME } from '../functions/adapters/settings/aws-names.ts';
import {
  booleanSetting,
  invalid,
  listSetting,
  oneOfSetting,
  parseSettings,
  patternSetting,
  quote,
  type SettingsOf,
  setting,
  settingProblem,
  severitySetting,
  stringSetting,
  valid,
  wholeNumberSetting,
} from '../functions/adapters/settings/setting.ts';
import type { SinkName } from '../functions/adapters/sinks/alert-sink.ts';
import type { Severity } from '../functions/core/model/severity.ts';
import { formatConfigIssue } from '../functions/core/trust/describe-trust-config.ts';
import { parseTrustConfig } from '../functions/core/trust/parse-trust-config.ts';
import { StateSettingsSchema } from '../functions/lambda/state-setting.ts';
import type { LogLevel, RolewatchProps } from './rolewatch-props.ts';

/** Where the functions read the trust file from, once validated. */
export type TrustSource =
  | { readonly kind: 'file'; readonly path: string; readonly bundleName: string }
  | { readonly kind: 'ssm'; readonly name: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string };

/** The props with every default applied; only `validateRolewatchProps` builds one. */
export interface ResolvedRolewatchProps {
  readonly trust: TrustSource;
  readonly trustKmsKeyArn: string | undefined;
  readonly eventBridge: boolean;
  readonly logSubscription: { readonly logGroupName: string } | undefined;
  readonly s3Ingest:
    | {
        readonly bucketName: string;
        /** '' or `PREFIX/`: what precedes `AWSLogs/` in the object keys. */
        readonly keyPrefix: string;
        readonly kmsKeyArn: string | undefined;
        readonly createBucketNotification: boolean;
      }
    | undefined;
  /** The Athena table and workgroup for `athena://` (over the S3 trail), when asked for. */
  readonly athena:
    | {
        readonly bucketName: string;
        /** '' or `PREFIX` (no slash). */
        readonly keyPrefix: string;
        readonly kmsKeyArn: string | undefined;
        readonly accountIds: readonly string[];
        readonly organizationId: string | undefined;
        readonly databaseName: string | undefined;
      }
    | undefined;
  readonly alerts: {
    readonly topic: boolean;
    readonly email: string | undefined;
    readonly slackWebhookSecretArn: string | undefined;
    readonly securityHub: boolean;
    readonly eventBusName: string | undefined;
    readonly log: boolean;
    readonly minSeverity: Severity | undefined;
    readonly sinkMinSeverity: Readonly<Partial<Record<SinkName, Severity>>>;
  };
  readonly distDir: string;
  readonly memorySizeMb: number;
  readonly logRetentionDays: number;
  readonly logLevel: LogLevel;
  readonly metricDimensions: readonly string[];
  readonly alarms: boolean;
  readonly state: {
    readonly table: boolean;
    readonly learnUntil: string | undefined;
    readonly dedupHours: number;
  };
}

/** Props that cannot be deployed; `problems` has one sentence per problem, each naming the prop. */
export class RolewatchPropsError extends Error {
  override readonly name = 'RolewatchPropsError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`rolewatch: invalid props:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

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
const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/;
const TRUST_EXTENSION = /^\.(ya?ml|json)$/i;

/** A string setting that a CDK token (resolved at deploy time) passes unchecked. */
const unlessToken = <T extends z.ZodType<string | undefined>>(schema: T) =>
  z.unknown().transform((value, ctx) => {
    if (typeof value === 'string' && Token.isUnresolved(value)) return value;
    const r = schema.safeParse(value);
    if (r.success) return r.data as z.output<T>;
    for (const issue of r.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, input: value });
    return z.NEVER;
  });

const namePattern = (pattern: RegExp, what: string) => unlessToken(patternSetting(pattern, what).optional());

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
  trustFile: stringSetting().optional(),
  trustParameterName: namePattern(SSM_PARAMETER_NAME, 'an SSM parameter name'),
  trustS3Url: unlessToken(
    setting<string>((v) =>
      typeof v === 'string' && S3_URL.test(v) ? valid(v) : invalid(`${quote(v)} must be s3://BUCKET/KEY`),
    ).optional(),
  ),
  trustKmsKeyArn: namePattern(KMS_KEY_ARN, 'a KMS key ARN'),
  enableEventBridgeTrigger: booleanSetting().default(true),
  enableLogSubscription: booleanSetting().optional(),
  cloudTrailLogGroupName: namePattern(LOG_GROUP_NAME, 'a log group name'),
  enableS3Ingest: booleanSetting().optional(),
  trailBucketName: namePattern(BUCKET_NAME, 'a bucket name'),
  trailKeyPrefix: unlessToken(keyPrefix().optional()),
  trailKmsKeyArn: namePattern(KMS_KEY_ARN, 'a KMS key ARN'),
  createBucketNotification: booleanSetting().optional(),
  athenaAccountIds: accountIdList().optional(),
  trailOrganizationId: namePattern(/^o-[a-z0-9]{10,32}$/, 'an organization id (o-…)'),
  athenaDatabaseName: namePattern(
    /^[a-z0-9_]{1,255}$/,
    "a Glue database name (lower-case letters, digits and '_')",
  ),
  createAlertTopic: booleanSetting().default(true),
  alertEmail: namePattern(EMAIL, 'an e-mail address'),
  slackWebhookSecretArn: namePattern(
    SECRET_COMPLETE_ARN,
    'a complete Secrets Manager secret ARN (arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX)',
  ),
  enableSecurityHub: booleanSetting().default(false),
  alertEventBusName: namePattern(EVENT_BUS_NAME_OR_ARN, 'an event bus name or ARN'),
  logAlerts: booleanSetting().default(true),
  alertMinSeverity: severitySetting().optional(),
  snsMinSeverity: severitySetting().optional(),
  slackMinSeverity: severitySetting().optional(),
  securityHubMinSeverity: severitySetting().optional(),
  eventBusMinSeverity: severitySetting().optional(),
  logMinSeverity: severitySetting().optional(),
  distDir: stringSetting().default(DEFAULT_DIST_DIR),
  memorySizeMb: wholeNumberSetting(128, 10240).default(256),
  logRetentionDays: retentionDays().default(90),
  logLevel: oneOfSetting(LOG_LEVELS, 'a log level').default('INFO'),
  metricDimensions: listSetting(OPTIONAL_DIMENSIONS, 'a metric dimension').default([]),
  enableAlarms: booleanSetting().default(true),
  // Audit reports and the dashboard: checked across props (and defaulted) in report-props.ts.
  enableReport: booleanSetting().optional(),
  reportSource: stringSetting().optional(),
  reportAthenaDataBucketName: namePattern(BUCKET_NAME, 'a bucket name'),
  reportAthenaResultsBucketName: namePattern(BUCKET_NAME, 'a bucket name'),
  reportSchedule: stringSetting().optional(),
  reportTimeZone: stringSetting().optional(),
  reportPeriod: stringSetting().optional(),
  reportRetentionDays: wholeNumberSetting(1, 36_500).optional(),
  reportMemorySizeMb: wholeNumberSetting(128, 10240).optional(),
  enableDashboard: booleanSetting().optional(),
  createStateTable: booleanSetting().default(true),
  // The functions check these too (functions/lambda/state-setting.ts); checked here so that synth fails.
  learnUntil: setting((v) => {
    const checked = StateSettingsSchema.shape.ROLEWATCH_LEARN_UNTIL.safeParse(v);
    return checked.success && typeof v === 'string'
      ? valid(v)
      : invalid(`${quote(v)} is not an ISO 8601 date (2027-01-15)`);
  }).optional(),
  dedupHours: setting((v) => {
    const checked = StateSettingsSchema.shape.ROLEWATCH_DEDUP_HOURS.safeParse(
      typeof v === 'number' ? String(v) : v,
    );
    return checked.success
      ? valid(checked.data)
      : invalid(`${quote(v)} must be a number of hours from 0 (off) to 720`);
  }).default(24),
} satisfies Record<keyof RolewatchProps, z.ZodType>);

/** The names of every prop, for "unknown key" checks of context and props files. */
export const PROP_NAMES = Object.keys(RolewatchPropsSchema.shape) as (keyof RolewatchProps)[];

type ParsedProps = Partial<SettingsOf<typeof RolewatchPropsSchema.shape>>;

/**
 * Checks raw props (typed values, or the strings of CDK context) prop by prop and across props, and
 * returns every problem, each naming its prop and quoting the bad value; with none, the resolved props
 * (defaults applied) and the typed props. A local trust file is parsed here, so that a broken file fails
 * `cdk synth` instead of the first invocation.
 */
export function checkRolewatchProps(
  raw: Readonly<Record<string, unknown>>,
  now: Date = new Date(),
): {
  readonly problems: string[];
  readonly resolved?: ResolvedRolewatchProps;
  readonly props: RolewatchProps;
} {
  const input = Object.fromEntries(PROP_NAMES.map((k) => [k, raw[k]]));
  const { value: p, problems, failed } = parseSettings(RolewatchPropsSchema.shape, input);
  const given = (k: keyof RolewatchProps): boolean => raw[k] !== undefined;
  const resolved = resolveAcrossProps(p, given, failed, problems, now);
  const props = p as RolewatchProps;
  return problems.length > 0 || resolved === undefined ? { problems, props } : { problems, resolved, props };
}

/**
 * Checks the props, applies the defaults and reports every problem at once.
 * @throws RolewatchPropsError when any prop is wrong
 */
export function validateRolewatchProps(
  props: RolewatchProps,
  now: Date = new Date(),
): ResolvedRolewatchProps {
  const checked = checkRolewatchProps(props as Readonly<Record<string, unknown>>, now);
  if (checked.resolved === undefined) throw new RolewatchPropsError(checked.problems);
  return checked.resolved;
}

function resolveAcrossProps(
  p: ParsedProps,
  given: (k: keyof RolewatchProps) => boolean,
  failed: ReadonlySet<string>,
  problems: string[],
  now: Date,
): ResolvedRolewatchProps | undefined {
  const problem = (name: string, message: string) => problems.push(settingProblem(name, message));
  const trust = resolveTrust(p, given, failed, problem, now);
  if (given('trustKmsKeyArn') && given('trustFile')) {
    problem('trustKmsKeyArn', 'only applies to trustParameterName or trustS3Url');
  }

  // Triggers: the log subscription and S3 ingest are on when their resource is named.
  const eventBridge = p.enableEventBridgeTrigger ?? true;
  const logsEnabled = p.enableLogSubscription ?? given('cloudTrailLogGroupName');
  if (logsEnabled && !given('cloudTrailLogGroupName')) {
    problem(
      'enableLogSubscription',
      'the log subscription needs cloudTrailLogGroupName (the log group your trail writes to)',
    );
  }
  const s3Enabled = p.enableS3Ingest ?? given('trailBucketName');
  if (s3Enabled && !given('trailBucketName')) {
    problem('enableS3Ingest', 'S3 ingest needs trailBucketName (the bucket your trail delivers to)');
  }
  for (const name of ['trailKeyPrefix', 'trailKmsKeyArn', 'createBucketNotification'] as const) {
    if (given(name) && !s3Enabled) problem(name, 'only applies when S3 ingest is enabled');
  }
  if (!eventBridge && !logsEnabled && !s3Enabled) {
    problems.push(
      'no trigger is enabled: set enableEventBridgeTrigger, cloudTrailLogGroupName or trailBucketName',
    );
  }

  // Athena: `athenaAccountIds` asks for the table; the other Athena props only refine it.
  const athenaWanted =
    given('athenaAccountIds') && (failed.has('athenaAccountIds') || (p.athenaAccountIds ?? []).length > 0);
  if (!athenaWanted) {
    for (const name of ['trailOrganizationId', 'athenaDatabaseName'] as const) {
      if (given(name)) problem(name, 'only applies with athenaAccountIds (the Athena table)');
    }
  } else if (!given('trailBucketName')) {
    problem('athenaAccountIds', 'the Athena table needs trailBucketName (the bucket your trail delivers to)');
  }

  // Alert sinks
  const topic = p.createAlertTopic ?? true;
  if (given('alertEmail') && !topic)
    problem('alertEmail', 'needs the alert topic (createAlertTopic is false)');
  const log = p.logAlerts ?? true;
  const securityHub = p.enableSecurityHub ?? false;
  const slack = given('slackWebhookSecretArn');
  const eventBus = given('alertEventBusName');
  if (!topic && !log && !securityHub && !slack && !eventBus) {
    problems.push('no alert sink is enabled: findings would go nowhere');
  }
  const sinkMinSeverity: Partial<Record<SinkName, Severity>> = {};
  const perSink = [
    ['sns', 'snsMinSeverity', topic],
    ['slack', 'slackMinSeverity', slack],
    ['securityhub', 'securityHubMinSeverity', securityHub],
    ['eventbridge', 'eventBusMinSeverity', eventBus],
    ['log', 'logMinSeverity', log],
  ] as const;
  for (const [sink, name, enabled] of perSink) {
    const severity = p[name];
    if (severity === undefined) continue;
    if (!enabled) problem(name, `the ${sink} sink is not enabled`);
    sinkMinSeverity[sink] = severity;
  }

  if (problems.length > 0 || trust === undefined) return undefined;
  const prefix = (p.trailKeyPrefix ?? '').replace(/\/+$/, '');
  return {
    trust,
    trustKmsKeyArn: p.trustKmsKeyArn,
    eventBridge,
    logSubscription:
      logsEnabled && p.cloudTrailLogGroupName !== undefined
        ? { logGroupName: p.cloudTrailLogGroupName }
        : undefined,
    s3Ingest:
      s3Enabled && p.trailBucketName !== undefined
        ? {
            bucketName: p.trailBucketName,
            keyPrefix: prefix === '' ? '' : `${prefix}/`,
            kmsKeyArn: p.trailKmsKeyArn,
            createBucketNotification: p.createBucketNotification ?? true,
          }
        : undefined,
    athena:
      athenaWanted && p.trailBucketName !== undefined
        ? {
            bucketName: p.trailBucketName,
            keyPrefix: prefix,
            kmsKeyArn: p.trailKmsKeyArn,
            accountIds: p.athenaAccountIds ?? [],
            organizationId: p.trailOrganizationId,
            databaseName: p.athenaDatabaseName,
          }
        : undefined,
    alerts: {
      topic,
      email: p.alertEmail,
      slackWebhookSecretArn: p.slackWebhookSecretArn,
      securityHub,
      eventBusName: p.alertEventBusName,
      log,
      minSeverity: p.alertMinSeverity,
      sinkMinSeverity,
    },
    distDir: resolve(p.distDir ?? DEFAULT_DIST_DIR),
    memorySizeMb: p.memorySizeMb ?? 256,
    logRetentionDays: p.logRetentionDays ?? 90,
    logLevel: p.logLevel ?? 'INFO',
    metricDimensions: p.metricDimensions ?? [],
    alarms: p.enableAlarms ?? true,
    state: {
      table: p.createStateTable ?? true,
      learnUntil: p.learnUntil,
      dedupHours: p.dedupHours ?? 24,
    },
  };
}

function resolveTrust(
  p: ParsedProps,
  given: (k: keyof RolewatchProps) => boolean,
  failed: ReadonlySet<string>,
  problem: (name: string, message: string) => void,
  now: Date,
): TrustSource | undefined {
  const names = (['trustFile', 'trustParameterName', 'trustS3Url'] as const).filter(given);
  if (names.length !== 1) {
    if (names.length === 0) {
      problem('the trust file is missing', 'set one of trustFile, trustParameterName or trustS3Url');
    } else problem(`set only one of ${names.join(', ')}`, 'the functions read one trust file');
    return undefined;
  }
  if (names.some((n) => failed.has(n))) return undefined;
  if (p.trustFile !== undefined) return resolveTrustFile(p.trustFile, problem, now);
  if (p.trustParameterName !== undefined) return { kind: 'ssm', name: p.trustParameterName };
  const match = S3_URL.exec(p.trustS3Url ?? '');
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { kind: 's3', bucket: match[1], key: match[2] };
}

function resolveTrustFile(
  file: string,
  problem: (name: string, message: string) => void,
  now: Date,
): TrustSource | undefined {
  const path = resolve(file);
  const extension = extname(path);
  if (!TRUST_EXTENSION.test(extension)) {
    problem('trustFile', `${quote(file)} must end in .yaml, .yml or .json`);
    return undefined;
  }
  if (!existsSync(path) || !statSync(path).isFile()) {
    problem('trustFile', `${quote(file)} does not exist`);
    return undefined;
  }
  const parsed = parseTrustConfig(readFileSync(path, 'utf8'), file, { now });
  if (!parsed.ok) {
    for (const issue of parsed.error) problem('trustFile', formatConfigIssue(issue));
    return undefined;
  }
  return { kind: 'file', path, bundleName: `rolewatch-trust${extension.toLowerCase()}` };
}
