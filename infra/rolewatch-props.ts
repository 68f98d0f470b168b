import type { Severity } from '../functions/core/model/severity.ts';

/** The log levels Powertools Logger understands (`POWERTOOLS_LOG_LEVEL`). */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/**
 * Everything the rolewatch stack can be told. Flat and readonly; every optional prop documents its
 * default. Exactly one trust-file source (`trustFile`, `trustParameterName`, `trustS3Url`) and at least
 * one trigger are required; `validateRolewatchProps` refuses anything else with one message per problem.
 */
export interface RolewatchProps {
  // ── Trust file: exactly one of the three ─────────────────────────────────────────────────────
  /** A local trust file (YAML or JSON), validated at synthesis and copied into every function bundle. */
  readonly trustFile?: string;
  /** An existing SSM parameter (String or SecureString) holding the trust file, e.g. `/rolewatch/trust`. */
  readonly trustParameterName?: string;
  /** An existing S3 object holding the trust file, `s3://BUCKET/KEY`. */
  readonly trustS3Url?: string;
  /**
   * The customer managed KMS key that encrypts the SecureString parameter or the S3 object.
   * @default - none: the parameter or object uses an AWS managed key (or no encryption)
   */
  readonly trustKmsKeyArn?: string;

  // ── Triggers ─────────────────────────────────────────────────────────────────────────────────
  /**
   * An EventBridge rule on the default bus for `aws.sts` "AWS API Call via CloudTrail" events of the
   * six credential-issuing calls, invoking the `events` function. The rule receives read-only
   * management events (state `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`): STS calls such as
   * AssumeRole are read-only events and are not delivered to an ordinary enabled rule.
   * @default true
   */
  readonly enableEventBridgeTrigger?: boolean;
  /**
   * A CloudWatch Logs subscription filter on the trail's log group, invoking the `stream` function.
   * @default - true when `cloudTrailLogGroupName` is set
   */
  readonly enableLogSubscription?: boolean;
  /** The existing log group a CloudTrail trail delivers to; required by the log subscription. */
  readonly cloudTrailLogGroupName?: string;
  /**
   * S3 ingest: the trail bucket's ObjectCreated notifications go to an SQS queue read by `s3-batch`.
   * @default - true when `trailBucketName` is set
   */
  readonly enableS3Ingest?: boolean;
  /** The existing bucket a CloudTrail trail delivers log files to (same account and region). */
  readonly trailBucketName?: string;
  /**
   * The trail's S3 key prefix (CloudTrail's `S3KeyPrefix`), without the trailing slash.
   * @default '' (log files under `AWSLogs/`)
   */
  readonly trailKeyPrefix?: string;
  /**
   * The KMS key that encrypts the trail's log files (SSE-KMS); `s3-batch` gets `kms:Decrypt` on it.
   * @default - none (SSE-S3)
   */
  readonly trailKmsKeyArn?: string;
  /**
   * Add the ObjectCreated notification to the trail bucket (a CDK custom resource that merges it into
   * the bucket's existing notifications). Set to false when you add the notification yourself.
   * @default true
   */
  readonly createBucketNotification?: boolean;

  // ── Athena: `athena://` scans at organization scale (constructs/athena-trail.ts) ─────────────────
  /**
   * The accounts whose logs an Athena table over `trailBucketName` covers (partition projection
   * enumerates them). Setting it creates the Glue table, an Athena workgroup and its results bucket.
   * @default - no Athena resources
   */
  readonly athenaAccountIds?: readonly string[];
  /** The organization id (`o-…`) of an organization trail. @default - a single-account trail */
  readonly trailOrganizationId?: string;
  /** The Glue database of the Athena table. @default 'rolewatch' */
  readonly athenaDatabaseName?: string;

  // ── Alert sinks ──────────────────────────────────────────────────────────────────────────────
  /**
   * Create an SNS topic for findings, encrypted with a new customer managed KMS key (rotation on).
   * @default true
   */
  readonly createAlertTopic?: boolean;
  /** An e-mail address subscribed to the alert topic. @default - no subscription */
  readonly alertEmail?: string;
  /** A Secrets Manager secret (complete ARN) holding the Slack incoming-webhook URL. @default - no Slack */
  readonly slackWebhookSecretArn?: string;
  /**
   * The customer managed key that encrypts that secret (`kms:Decrypt` through Secrets Manager).
   * @default - the secret uses the AWS managed key, which needs no grant
   */
  readonly slackSecretKmsKeyArn?: string;
  /** Import findings into Security Hub (the account's own `default` product). @default false */
  readonly enableSecurityHub?: boolean;
  /** An existing event bus (name or ARN) to put findings on. @default - no EventBridge sink */
  readonly alertEventBusName?: string;
  /** Write findings to the function's log as `rolewatch.finding` lines. @default true */
  readonly logAlerts?: boolean;
  /** Minimum severity of alerts for every sink. @default - the functions' default, `low` */
  readonly alertMinSeverity?: Severity;
  /** Overrides `alertMinSeverity` for SNS. */
  readonly snsMinSeverity?: Severity;
  /** Overrides `alertMinSeverity` for Slack. */
  readonly slackMinSeverity?: Severity;
  /** Overrides `alertMinSeverity` for Security Hub. */
  readonly securityHubMinSeverity?: Severity;
  /** Overrides `alertMinSeverity` for the EventBridge sink. */
  readonly eventBusMinSeverity?: Severity;
  /** Overrides `alertMinSeverity` for the log sink. */
  readonly logMinSeverity?: Severity;

  // ── Functions and operations ─────────────────────────────────────────────────────────────────
  /**
   * The folder `npm run build` writes the bundles to (`<distDir>/<function>/index.mjs`).
   * @default '<repository>/dist'
   */
  readonly distDir?: string;
  /** Memory of every function, in MB (128–10240). @default 256 */
  readonly memorySizeMb?: number;
  /** Retention of the functions' log groups, in days (a CloudWatch Logs retention value). @default 90 */
  readonly logRetentionDays?: number;
  /** `POWERTOOLS_LOG_LEVEL` of the functions. @default 'INFO' */
  readonly logLevel?: LogLevel;
  /**
   * Extra dimensions of the `Findings` metric (`ROLEWATCH_METRIC_DIMENSIONS`): `role`,
   * `actorAccount`, `recipientAccount`, `awsRegion`. Each distinct value is a billed metric.
   * @default - none
   */
  readonly metricDimensions?: readonly string[];
  /**
   * CloudWatch alarms on each function's `Errors`, on the `ConfigErrors` metric (namespace `rolewatch`)
   * and on messages waiting in each dead-letter queue; they notify the alert topic when there is one.
   * @default true
   */
  readonly enableAlarms?: boolean;

  // ── Audit reports and the dashboard ──────────────────────────────────────────────────────────
  /**
   * The scheduled audit report: the `report` function, an EventBridge Scheduler schedule and the report
   * bucket (encrypted, versioned, TLS only, lifecycle rule).
   * @default - true when a report source is known (`reportSource`, `trailBucketName` or `cloudTrailLogGroupName`)
   */
  readonly enableReport?: boolean;
  /**
   * What the report reads (`ROLEWATCH_REPORT_SOURCE`): `s3://BUCKET/PREFIX`, `logs://LOG_GROUP` or
   * `athena://DATABASE.TABLE?workgroup=W` (organisation scale).
   * @default - `s3://<trailBucketName>/<trailKeyPrefix>/AWSLogs/`, else `logs://<cloudTrailLogGroupName>`
   */
  readonly reportSource?: string;
  /** Athena sources: the bucket the CloudTrail table reads, and the workgroup's results bucket. */
  readonly reportAthenaDataBucketName?: string;
  readonly reportAthenaResultsBucketName?: string;
  /** An EventBridge Scheduler expression. @default 'cron(0 6 ? * MON *)' (Mondays 06:00) */
  readonly reportSchedule?: string;
  /** The schedule's IANA time zone, e.g. `Europe/Berlin`. @default 'UTC' */
  readonly reportTimeZone?: string;
  /** The period each report covers, up to its run (`ROLEWATCH_REPORT_PERIOD`). @default '7d' */
  readonly reportPeriod?: string;
  /** Days reports are kept in the report bucket. @default 400 */
  readonly reportRetentionDays?: number;
  /** Memory of the report function, in MB (more memory is more CPU). @default 1024 */
  readonly reportMemorySizeMb?: number;
  /** The CloudWatch dashboard of the functions' metrics. @default true */
  readonly enableDashboard?: boolean;
  // ── State ────────────────────────────────────────────────────────────────────────────────────
  /**
   * A DynamoDB table for the stateful rules, session lineage and alert de-duplication, shared by every
   * function (`ROLEWATCH_STATE=dynamodb:<table>`). Without it each execution environment keeps state in
   * memory, `first-seen-pair` does not run and duplicates are caught within one environment only.
   * @default true
   */
  readonly createStateTable?: boolean;
  /**
   * `ROLEWATCH_LEARN_UNTIL`: until this ISO date `first-seen-pair` records pairs and reports none.
   * @default - no learning period
   */
  readonly learnUntil?: string;
  /** `ROLEWATCH_DEDUP_HOURS`: a finding is alerted at most once per this many hours (0: off). @default 24 */
  readonly dedupHours?: number;
}
