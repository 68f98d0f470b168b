import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseSettings, quote, settingProblem } from '../functions/adapters/settings/setting.ts';
import type { SinkName } from '../functions/adapters/sinks/alert-sink.ts';
import type { Severity } from '../functions/core/model/severity.ts';
import { formatConfigIssue } from '../functions/core/trust/describe-trust-config.ts';
import { parseTrustConfig } from '../functions/core/trust/parse-trust-config.ts';
import {
  DEFAULT_DIST_DIR,
  type ParsedProps,
  PROP_NAMES,
  RolewatchPropsSchema,
  S3_URL,
  TRUST_EXTENSION,
} from './props-schema.ts';
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
    readonly slackSecretKmsKeyArn: string | undefined;
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
  // The Athena table reads the same trail: its key prefix and SSE-KMS key apply to it too (a log-archive
  // bucket in another account has the table without S3 ingest).
  const athenaWanted =
    given('athenaAccountIds') && (failed.has('athenaAccountIds') || (p.athenaAccountIds ?? []).length > 0);
  for (const name of ['trailKeyPrefix', 'trailKmsKeyArn', 'createBucketNotification'] as const) {
    const applies = s3Enabled || (athenaWanted && name !== 'createBucketNotification');
    if (given(name) && !applies) problem(name, 'only applies when S3 ingest is enabled');
  }
  if (!eventBridge && !logsEnabled && !s3Enabled) {
    problems.push(
      'no trigger is enabled: set enableEventBridgeTrigger, cloudTrailLogGroupName or trailBucketName',
    );
  }

  // Athena: `athenaAccountIds` asks for the table; the other Athena props only refine it.
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
  if (given('slackSecretKmsKeyArn') && !slack) {
    problem('slackSecretKmsKeyArn', 'only applies with slackWebhookSecretArn');
  }
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
      slackSecretKmsKeyArn: p.slackSecretKmsKeyArn,
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
