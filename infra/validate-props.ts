import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Token } from 'aws-cdk-lib';
import { isSeverity, type Severity } from '../functions/core/model/severity.ts';
import { formatConfigIssue } from '../functions/core/trust/describe-trust-config.ts';
import { parseTrustConfig } from '../functions/core/trust/parse-trust-config.ts';
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
    readonly sinkMinSeverity: Readonly<Partial<Record<AlertSinkName, Severity>>>;
  };
  readonly distDir: string;
  readonly memorySizeMb: number;
  readonly logRetentionDays: number;
  readonly logLevel: LogLevel;
  readonly metricDimensions: readonly string[];
  readonly alarms: boolean;
}

export type AlertSinkName = 'sns' | 'slack' | 'securityhub' | 'eventbridge' | 'log';

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

const METRIC_DIMENSIONS = ['role', 'actorAccount', 'recipientAccount', 'awsRegion'];
const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

const SSM_NAME = /^[a-zA-Z0-9_.\-/]{1,2048}$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const KEY_PREFIX = /^[^\s]{0,200}$/;
const KMS_KEY_ARN = /^arn:[a-z0-9-]+:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
// The complete ARN ends in the six random characters Secrets Manager appends to the name.
const SECRET_COMPLETE_ARN =
  /^arn:[a-z0-9-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/;
const EVENT_BUS = /^(arn:[a-z0-9-]+:events:[a-z0-9-]+:\d{12}:event-bus\/)?[A-Za-z0-9._\-/]{1,256}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TRUST_EXTENSION = /^\.(ya?ml|json)$/i;

const known = (v: string | undefined): v is string => v !== undefined && !Token.isUnresolved(v);

/**
 * Checks the props, applies the defaults and reports every problem at once. A local trust file is
 * parsed here, so that a broken file fails `cdk synth` instead of the first invocation.
 * @throws RolewatchPropsError when any prop is wrong
 */
export function validateRolewatchProps(
  props: RolewatchProps,
  now: Date = new Date(),
): ResolvedRolewatchProps {
  const problems: string[] = [];
  const trust = resolveTrust(props, problems, now);
  const check = (value: string | undefined, pattern: RegExp, message: string): void => {
    if (known(value) && !pattern.test(value)) problems.push(message);
  };
  check(props.trustKmsKeyArn, KMS_KEY_ARN, `trustKmsKeyArn: "${props.trustKmsKeyArn}" is not a KMS key ARN`);
  if (props.trustKmsKeyArn !== undefined && trust?.kind === 'file') {
    problems.push('trustKmsKeyArn: only applies to trustParameterName or trustS3Url');
  }

  // Triggers
  const eventBridge = props.enableEventBridgeTrigger ?? true;
  const logsEnabled = props.enableLogSubscription ?? props.cloudTrailLogGroupName !== undefined;
  if (logsEnabled && props.cloudTrailLogGroupName === undefined) {
    problems.push(
      'enableLogSubscription: the log subscription needs cloudTrailLogGroupName (the log group your trail writes to)',
    );
  }
  check(
    props.cloudTrailLogGroupName,
    LOG_GROUP_NAME,
    `cloudTrailLogGroupName: "${props.cloudTrailLogGroupName}" is not a log group name`,
  );
  const s3Enabled = props.enableS3Ingest ?? props.trailBucketName !== undefined;
  if (s3Enabled && props.trailBucketName === undefined) {
    problems.push('enableS3Ingest: S3 ingest needs trailBucketName (the bucket your trail delivers to)');
  }
  check(
    props.trailBucketName,
    BUCKET_NAME,
    `trailBucketName: "${props.trailBucketName}" is not a bucket name`,
  );
  check(props.trailKmsKeyArn, KMS_KEY_ARN, `trailKmsKeyArn: "${props.trailKmsKeyArn}" is not a KMS key ARN`);
  const rawPrefix = props.trailKeyPrefix ?? '';
  check(rawPrefix, KEY_PREFIX, `trailKeyPrefix: "${rawPrefix}" must be at most 200 characters, no spaces`);
  if (known(rawPrefix) && rawPrefix.startsWith('/')) {
    problems.push(`trailKeyPrefix: "${rawPrefix}" must not start with "/" (S3 keys do not)`);
  }
  for (const [name, value] of [
    ['trailKeyPrefix', props.trailKeyPrefix],
    ['trailKmsKeyArn', props.trailKmsKeyArn],
    ['createBucketNotification', props.createBucketNotification],
  ] as const) {
    if (value !== undefined && !s3Enabled) problems.push(`${name}: only applies when S3 ingest is enabled`);
  }
  if (!eventBridge && !logsEnabled && !s3Enabled) {
    problems.push(
      'no trigger is enabled: set enableEventBridgeTrigger, cloudTrailLogGroupName or trailBucketName',
    );
  }

  // Alert sinks
  const topic = props.createAlertTopic ?? true;
  check(props.alertEmail, EMAIL, `alertEmail: "${props.alertEmail}" is not an e-mail address`);
  if (props.alertEmail !== undefined && !topic) {
    problems.push('alertEmail: needs the alert topic (createAlertTopic is false)');
  }
  check(
    props.slackWebhookSecretArn,
    SECRET_COMPLETE_ARN,
    `slackWebhookSecretArn: "${props.slackWebhookSecretArn}" is not a complete Secrets Manager secret ARN ` +
      '(arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX)',
  );
  check(
    props.alertEventBusName,
    EVENT_BUS,
    `alertEventBusName: "${props.alertEventBusName}" is not an event bus name or ARN`,
  );
  const log = props.logAlerts ?? true;
  const securityHub = props.enableSecurityHub ?? false;
  if (
    !topic &&
    !log &&
    !securityHub &&
    props.slackWebhookSecretArn === undefined &&
    props.alertEventBusName === undefined
  ) {
    problems.push('no alert sink is enabled: findings would go nowhere');
  }
  const severity = (name: string, value: Severity | undefined): Severity | undefined => {
    if (value !== undefined && !isSeverity(value)) {
      problems.push(`${name}: "${String(value)}" is not a severity (info, low, medium, high, critical)`);
      return undefined;
    }
    return value;
  };
  const minSeverity = severity('alertMinSeverity', props.alertMinSeverity);
  const sinkMinSeverity: Partial<Record<AlertSinkName, Severity>> = {};
  const perSink: [AlertSinkName, string, Severity | undefined, boolean][] = [
    ['sns', 'snsMinSeverity', props.snsMinSeverity, topic],
    ['slack', 'slackMinSeverity', props.slackMinSeverity, props.slackWebhookSecretArn !== undefined],
    ['securityhub', 'securityHubMinSeverity', props.securityHubMinSeverity, securityHub],
    ['eventbridge', 'eventBusMinSeverity', props.eventBusMinSeverity, props.alertEventBusName !== undefined],
    ['log', 'logMinSeverity', props.logMinSeverity, log],
  ];
  for (const [sink, name, value, enabled] of perSink) {
    const s = severity(name, value);
    if (s === undefined) continue;
    if (!enabled) problems.push(`${name}: the ${sink} sink is not enabled`);
    sinkMinSeverity[sink] = s;
  }

  // Functions
  const memorySizeMb = props.memorySizeMb ?? 256;
  if (!Number.isInteger(memorySizeMb) || memorySizeMb < 128 || memorySizeMb > 10240) {
    problems.push(`memorySizeMb: ${memorySizeMb} must be a whole number from 128 to 10240`);
  }
  const logRetentionDays = props.logRetentionDays ?? 90;
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    problems.push(`logRetentionDays: ${logRetentionDays} is not one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }
  const logLevel = props.logLevel ?? 'INFO';
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`logLevel: "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  const metricDimensions = props.metricDimensions ?? [];
  for (const d of metricDimensions) {
    if (!METRIC_DIMENSIONS.includes(d)) {
      problems.push(`metricDimensions: "${d}" is not one of ${METRIC_DIMENSIONS.join(', ')}`);
    }
  }

  const athena = resolveAthena(props, problems);

  if (problems.length > 0 || trust === undefined) throw new RolewatchPropsError(problems);
  const prefix = rawPrefix.replace(/\/+$/, '');
  return {
    trust,
    trustKmsKeyArn: props.trustKmsKeyArn,
    eventBridge,
    logSubscription:
      logsEnabled && props.cloudTrailLogGroupName !== undefined
        ? { logGroupName: props.cloudTrailLogGroupName }
        : undefined,
    s3Ingest:
      s3Enabled && props.trailBucketName !== undefined
        ? {
            bucketName: props.trailBucketName,
            keyPrefix: prefix === '' ? '' : `${prefix}/`,
            kmsKeyArn: props.trailKmsKeyArn,
            createBucketNotification: props.createBucketNotification ?? true,
          }
        : undefined,
    athena,
    alerts: {
      topic,
      email: props.alertEmail,
      slackWebhookSecretArn: props.slackWebhookSecretArn,
      securityHub,
      eventBusName: props.alertEventBusName,
      log,
      minSeverity,
      sinkMinSeverity,
    },
    distDir: resolve(props.distDir ?? DEFAULT_DIST_DIR),
    memorySizeMb,
    logRetentionDays,
    logLevel,
    metricDimensions: [...new Set(metricDimensions)],
    alarms: props.enableAlarms ?? true,
  };
}

/** `athenaAccountIds` asks for the Athena table; the other Athena props only refine it. */
function resolveAthena(props: RolewatchProps, problems: string[]): ResolvedRolewatchProps['athena'] {
  const accountIds = props.athenaAccountIds;
  if (accountIds === undefined || accountIds.length === 0) {
    for (const name of ['trailOrganizationId', 'athenaDatabaseName'] as const) {
      if (props[name] !== undefined)
        problems.push(`${name}: only applies with athenaAccountIds (the Athena table)`);
    }
    return undefined;
  }
  if (props.trailBucketName === undefined) {
    problems.push(
      'athenaAccountIds: the Athena table needs trailBucketName (the bucket your trail delivers to)',
    );
  }
  for (const id of accountIds) {
    if (!/^\d{12}$/.test(id)) problems.push(`athenaAccountIds: "${id}" is not a 12-digit account id`);
  }
  const org = props.trailOrganizationId;
  if (known(org) && !/^o-[a-z0-9]{10,32}$/.test(org)) {
    problems.push(`trailOrganizationId: "${org}" is not an organization id (o-…)`);
  }
  const db = props.athenaDatabaseName;
  if (known(db) && !/^[a-z0-9_]{1,255}$/.test(db)) {
    problems.push(`athenaDatabaseName: "${db}" must be lower-case letters, digits and '_'`);
  }
  if (props.trailBucketName === undefined) return undefined;
  return {
    bucketName: props.trailBucketName,
    keyPrefix: (props.trailKeyPrefix ?? '').replace(/\/+$/, ''),
    kmsKeyArn: props.trailKmsKeyArn,
    accountIds: [...new Set(accountIds)],
    organizationId: org,
    databaseName: db,
  };
}

function resolveTrust(props: RolewatchProps, problems: string[], now: Date): TrustSource | undefined {
  const given = [
    props.trustFile === undefined ? undefined : 'trustFile',
    props.trustParameterName === undefined ? undefined : 'trustParameterName',
    props.trustS3Url === undefined ? undefined : 'trustS3Url',
  ].filter((n) => n !== undefined);
  if (given.length !== 1) {
    problems.push(
      given.length === 0
        ? 'the trust file is missing: set one of trustFile, trustParameterName or trustS3Url'
        : `set only one of ${given.join(', ')}: the functions read one trust file`,
    );
    return undefined;
  }
  if (props.trustFile !== undefined) return resolveTrustFile(props.trustFile, problems, now);
  if (props.trustParameterName !== undefined) {
    const name = props.trustParameterName;
    if (known(name) && !SSM_NAME.test(name)) {
      problems.push(`trustParameterName: "${name}" is not an SSM parameter name`);
      return undefined;
    }
    return { kind: 'ssm', name };
  }
  const url = props.trustS3Url ?? '';
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(url);
  if (match?.[1] === undefined || match[2] === undefined) {
    problems.push(`trustS3Url: "${url}" must be s3://BUCKET/KEY`);
    return undefined;
  }
  return { kind: 's3', bucket: match[1], key: match[2] };
}

function resolveTrustFile(file: string, problems: string[], now: Date): TrustSource | undefined {
  const path = resolve(file);
  const extension = extname(path);
  if (!TRUST_EXTENSION.test(extension)) {
    problems.push(`trustFile: "${file}" must end in .yaml, .yml or .json`);
    return undefined;
  }
  if (!existsSync(path) || !statSync(path).isFile()) {
    problems.push(`trustFile: "${file}" does not exist`);
    return undefined;
  }
  const parsed = parseTrustConfig(readFileSync(path, 'utf8'), file, { now });
  if (!parsed.ok) {
    problems.push(...parsed.error.map((issue) => `trustFile: ${formatConfigIssue(issue)}`));
    return undefined;
  }
  return { kind: 'file', path, bundleName: `rolewatch-trust${extension.toLowerCase()}` };
}
