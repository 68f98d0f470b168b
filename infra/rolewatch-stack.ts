import { Annotations, Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Alerting } from './constructs/alerting.ts';
import { AthenaTrail } from './constructs/athena-trail.ts';
import { DeadLetterQueue } from './constructs/dead-letter-queue.ts';
import { EventBridgeTrigger } from './constructs/eventbridge-trigger.ts';
import { LogSubscriptionTrigger } from './constructs/log-subscription-trigger.ts';
import { MonitoringDashboard } from './constructs/monitoring-dashboard.ts';
import { OperationalAlarms } from './constructs/operational-alarms.ts';
import { ReportBucket } from './constructs/report-bucket.ts';
import { RolewatchFunction, type RolewatchFunctionProps } from './constructs/rolewatch-function.ts';
import { S3Ingest } from './constructs/s3-ingest.ts';
import { ScheduledReport } from './constructs/scheduled-report.ts';
import { SecurityAlarms } from './constructs/security-alarms.ts';
import { StateTable } from './constructs/state-table.ts';
import { TrustConfigSource } from './constructs/trust-config-source.ts';
import { resolveReportProps } from './report-props.ts';
import type { RolewatchProps } from './rolewatch-props.ts';
import { type ResolvedRolewatchProps, validateRolewatchProps } from './validate-props.ts';

export interface RolewatchStackProps extends StackProps, RolewatchProps {}

type FunctionOptions = Pick<
  RolewatchFunctionProps,
  'bundle' | 'description' | 'timeout' | 'onFailure' | 'retryAttempts' | 'maxEventAge' | 'memorySizeMb'
> & {
  readonly extraEnvironment?: Readonly<Record<string, string>>;
  /**
   * The scheduled report: it sends one summary to the topic and keeps no state, so it gets the topic's
   * publish grant and the trust file only — not the other sinks, the state table or their settings.
   */
  readonly summaryOnly?: boolean;
};

/**
 * The rolewatch Lambda functions, their triggers and alert sinks. Only the functions whose trigger is
 * enabled are deployed: `events` (EventBridge rule), `stream` (CloudWatch Logs subscription) and
 * `s3-batch` (S3 notifications through SQS). Each piece is a construct of its own; what an operator
 * looks up after deploying (the topic, queues, function names) is a stack output.
 * @throws RolewatchPropsError when the props are wrong (all problems at once)
 */
export class RolewatchStack extends Stack {
  /** The props after validation, with every default applied. */
  readonly settings: ResolvedRolewatchProps;
  readonly alerting: Alerting;
  readonly trustConfig: TrustConfigSource;
  readonly alarms: OperationalAlarms | undefined;
  readonly eventsFunction: RolewatchFunction | undefined;
  readonly streamFunction: RolewatchFunction | undefined;
  readonly s3BatchFunction: RolewatchFunction | undefined;
  readonly s3Ingest: S3Ingest | undefined;
  /** The Athena table and workgroup for `athena://` scans, when `athenaAccountIds` is set. */
  readonly athena: AthenaTrail | undefined;
  readonly reportFunction: RolewatchFunction | undefined;
  readonly reportBucket: ReportBucket | undefined;
  readonly scheduledReport: ScheduledReport | undefined;
  readonly dashboard: MonitoringDashboard | undefined;
  readonly securityAlarms: SecurityAlarms | undefined;
  /** The DynamoDB table of the stateful rules, when `createStateTable` (the default). */
  readonly stateTable: StateTable | undefined;

  constructor(scope: Construct, id: string, props: RolewatchStackProps) {
    super(scope, id, {
      description: 'rolewatch: audits STS credential-issuing calls recorded by CloudTrail',
      ...props,
    });
    const settings = validateRolewatchProps(props);
    this.settings = settings;
    const reporting = resolveReportProps(props, settings);

    this.trustConfig = new TrustConfigSource(this, 'TrustConfig', {
      source: settings.trust,
      ...(settings.trustKmsKeyArn === undefined ? {} : { kmsKeyArn: settings.trustKmsKeyArn }),
    });
    const a = settings.alerts;
    this.alerting = new Alerting(this, 'Alerting', {
      topic: a.topic,
      securityHub: a.securityHub,
      log: a.log,
      sinkMinSeverity: a.sinkMinSeverity,
      ...(a.email === undefined ? {} : { email: a.email }),
      ...(a.slackWebhookSecretArn === undefined ? {} : { slackWebhookSecretArn: a.slackWebhookSecretArn }),
      ...(a.slackSecretKmsKeyArn === undefined ? {} : { slackSecretKmsKeyArn: a.slackSecretKmsKeyArn }),
      ...(a.eventBusName === undefined ? {} : { eventBusName: a.eventBusName }),
      ...(a.minSeverity === undefined ? {} : { minSeverity: a.minSeverity }),
    });
    const topic = this.alerting.topic;
    if (topic !== undefined) {
      this.output('AlertTopicArn', topic.topicArn, 'SNS topic that receives findings and alarms');
      if (a.email === undefined) {
        Annotations.of(topic).addWarningV2(
          'rolewatch:topic-without-subscriber',
          'The alert topic has no subscriber, so findings sent to it reach nobody: set alertEmail, or ' +
            'subscribe to the topic in the AlertTopicArn output after deploying.',
        );
      }
    }
    this.alarms = settings.alarms
      ? new OperationalAlarms(this, 'Alarms', topic === undefined ? {} : { topic })
      : undefined;

    this.stateTable = settings.state.table ? new StateTable(this, 'State') : undefined;
    if (this.stateTable !== undefined) {
      this.output('StateTableName', this.stateTable.table.tableName, 'DynamoDB table of the stateful rules');
    }
    const common: Record<string, string> = {
      ROLEWATCH_CONFIG: this.trustConfig.configValue,
      POWERTOOLS_LOG_LEVEL: settings.logLevel,
    };
    if (settings.metricDimensions.length > 0) {
      common.ROLEWATCH_METRIC_DIMENSIONS = settings.metricDimensions.join(',');
    }
    const environment: Record<string, string> = {
      ...common,
      // Without the table each execution environment keeps its own state (first-seen-pair off).
      ROLEWATCH_STATE: this.stateTable?.environmentValue ?? 'memory',
      ROLEWATCH_DEDUP_HOURS: String(settings.state.dedupHours),
      ...(settings.state.learnUntil === undefined
        ? {}
        : { ROLEWATCH_LEARN_UNTIL: settings.state.learnUntil }),
      ...this.alerting.environment,
    };
    const createFunction = (id: string, options: FunctionOptions): RolewatchFunction => {
      const { extraEnvironment, summaryOnly, ...fnOptions } = options;
      const base = summaryOnly === true ? { ...common, ...this.alerting.summaryEnvironment } : environment;
      const fn = new RolewatchFunction(this, id, {
        ...fnOptions,
        distDir: settings.distDir,
        environment: { ...base, ...extraEnvironment },
        memorySizeMb: options.memorySizeMb ?? settings.memorySizeMb,
        logRetentionDays: settings.logRetentionDays,
        ...(this.trustConfig.bundledFile === undefined ? {} : { trustFile: this.trustConfig.bundledFile }),
      });
      this.trustConfig.grantRead(fn.function);
      if (summaryOnly === true) this.alerting.grantSummary(fn.function);
      else this.alerting.grantSend(fn.function);
      // Only the functions that judge calls keep state; the report function does not touch the table.
      if (options.bundle !== 'report') this.stateTable?.grantState(fn.function);
      // stream and events throw AlertsHeldError to be retried; s3-batch reports the message instead.
      const heldAlerts = options.bundle === 'stream' || options.bundle === 'events';
      this.alarms?.watchFunction(fn, options.bundle, { heldAlerts });
      this.output(`${id}Name`, fn.function.functionName, `the ${options.bundle} function`);
      return fn;
    };

    if (settings.eventBridge) {
      const deadLetters = new DeadLetterQueue(this, 'EventsDeadLetters', {
        purpose: 'STS events the events function could not be invoked for or failed on',
      });
      this.eventsFunction = createFunction('EventsFunction', {
        bundle: 'events',
        description: 'rolewatch: judges STS credential events delivered by EventBridge',
        timeout: Duration.seconds(30),
        onFailure: deadLetters.queue,
        retryAttempts: 2,
      });
      new EventBridgeTrigger(this, 'EventBridgeTrigger', {
        handler: this.eventsFunction.function,
        deadLetterQueue: deadLetters,
      });
      this.alarms?.watchDeadLetterQueue(deadLetters.queue, 'EventsDeadLetterQueue');
      this.output(
        'EventsDeadLetterQueueUrl',
        deadLetters.queue.queueUrl,
        'events the events function could not take',
      );
    }

    if (settings.logSubscription !== undefined) {
      const deadLetters = new DeadLetterQueue(this, 'StreamDeadLetters', {
        purpose: 'CloudWatch Logs batches the stream function failed on',
      });
      this.streamFunction = createFunction('StreamFunction', {
        bundle: 'stream',
        description: 'rolewatch: judges STS credential events from a CloudTrail log group subscription',
        timeout: Duration.seconds(60),
        onFailure: deadLetters.queue,
        retryAttempts: 2,
      });
      new LogSubscriptionTrigger(this, 'LogSubscriptionTrigger', {
        logGroupName: settings.logSubscription.logGroupName,
        handler: this.streamFunction.function,
      });
      this.alarms?.watchDeadLetterQueue(deadLetters.queue, 'StreamDeadLetterQueue');
      this.output(
        'StreamDeadLetterQueueUrl',
        deadLetters.queue.queueUrl,
        'batches the stream function failed on',
      );
    }

    if (settings.s3Ingest !== undefined) {
      const s3 = settings.s3Ingest;
      this.s3BatchFunction = createFunction('S3BatchFunction', {
        bundle: 's3-batch',
        description: 'rolewatch: judges STS credential events in new CloudTrail log files',
        // A busy organization trail writes files of tens of MB; ten of them per batch.
        timeout: Duration.minutes(5),
      });
      this.s3Ingest = new S3Ingest(this, 'S3Ingest', {
        bucketName: s3.bucketName,
        keyPrefix: s3.keyPrefix,
        createBucketNotification: s3.createBucketNotification,
        consumer: this.s3BatchFunction.function,
        ...(s3.kmsKeyArn === undefined ? {} : { kmsKeyArn: s3.kmsKeyArn }),
      });
      this.alarms?.watchDeadLetterQueue(this.s3Ingest.deadLetterQueue.queue, 'S3BatchDeadLetterQueue');
      this.output(
        'S3IngestQueueUrl',
        this.s3Ingest.queue.queueUrl,
        'notifications of new CloudTrail log files',
      );
      this.output(
        'S3BatchDeadLetterQueueUrl',
        this.s3Ingest.deadLetterQueue.queue.queueUrl,
        'notifications the s3-batch function failed on 5 times',
      );
    }

    const athena = settings.athena;
    this.athena =
      athena === undefined
        ? undefined
        : new AthenaTrail(this, 'Athena', {
            trailBucketName: athena.bucketName,
            trailKeyPrefix: athena.keyPrefix,
            accountIds: athena.accountIds,
            ...(athena.organizationId === undefined ? {} : { organizationId: athena.organizationId }),
            ...(athena.databaseName === undefined ? {} : { databaseName: athena.databaseName }),
            ...(athena.kmsKeyArn === undefined ? {} : { trailKmsKeyArn: athena.kmsKeyArn }),
          });
    if (this.athena !== undefined) {
      this.output(
        'AthenaSource',
        this.athena.sourceUrl,
        'rolewatch scan SOURCE for the Athena table (grant readers AthenaTrail.grantQuery)',
      );
    }

    const live = [
      ...(this.streamFunction ? ['stream'] : []),
      ...(this.eventsFunction ? ['events'] : []),
      ...(this.s3BatchFunction ? ['s3-batch'] : []),
    ];
    const findingDimensions = settings.metricDimensions;
    this.dashboard = reporting.dashboard
      ? new MonitoringDashboard(this, 'Dashboard', {
          liveFunctions: live,
          allFunctions: [...live, ...(reporting.report ? ['report'] : [])],
          findingDimensions,
          dashboardName: this.stackName,
        })
      : undefined;
    if (this.dashboard !== undefined)
      this.output('DashboardName', this.dashboard.dashboardName, 'the CloudWatch dashboard');
    this.securityAlarms =
      settings.alarms && live.length > 0
        ? new SecurityAlarms(this, 'SecurityAlarms', {
            liveFunctions: live,
            findingDimensions,
            ...(topic === undefined ? {} : { topic }),
          })
        : undefined;

    const report = reporting.report;
    if (report !== undefined) {
      this.reportBucket = new ReportBucket(this, 'ReportBucket', { retentionDays: report.retentionDays });
      const dashboardUrl =
        this.dashboard === undefined
          ? {}
          : {
              ROLEWATCH_DASHBOARD_URL: `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards:name=${this.dashboard.dashboardName}`,
            };
      // EventBridge Scheduler invokes the function asynchronously: its own retry policy covers only the
      // Invoke call, so a failed run is retried by Lambda (twice, for the same period: the schedule's time
      // is the input) and then kept in a dead-letter queue that alarms. The same queue is the schedule's
      // own DLQ, for an Invoke that still fails after Scheduler's retries (otherwise dropped).
      const reportDeadLetters = new DeadLetterQueue(this, 'ReportDeadLetters', {
        purpose: 'scheduled report runs that failed after their retries',
      });
      this.reportFunction = createFunction('ReportFunction', {
        bundle: 'report',
        description: 'rolewatch: the scheduled audit report (report.html, .md, .json, findings.csv)',
        timeout: Duration.minutes(15),
        memorySizeMb: report.memorySizeMb,
        onFailure: reportDeadLetters.queue,
        retryAttempts: 2,
        summaryOnly: true,
        extraEnvironment: {
          ROLEWATCH_REPORT_SOURCE: report.source,
          ROLEWATCH_REPORT_BUCKET: this.reportBucket.bucket.bucketName,
          ROLEWATCH_REPORT_PERIOD: report.period,
          ...dashboardUrl,
        },
      });
      this.alarms?.watchDeadLetterQueue(reportDeadLetters.queue, 'ReportDeadLetterQueue');
      this.output(
        'ReportDeadLetterQueueUrl',
        reportDeadLetters.queue.queueUrl,
        'scheduled report runs that failed after their retries',
      );
      this.output(
        'ReportBucketName',
        this.reportBucket.bucket.bucketName,
        'where the audit reports are written (YYYY/MM/DD/)',
      );
      this.scheduledReport = new ScheduledReport(this, 'ScheduledReport', {
        handler: this.reportFunction.function,
        reportBucket: this.reportBucket,
        deadLetterQueue: reportDeadLetters.queue,
        source: report.source,
        scheduleExpression: report.schedule,
        timeZone: report.timeZone,
        ...(settings.s3Ingest?.kmsKeyArn === undefined
          ? {}
          : { sourceKmsKeyArn: settings.s3Ingest.kmsKeyArn }),
        ...(report.athenaDataBucketName === undefined
          ? {}
          : { athenaDataBucketName: report.athenaDataBucketName }),
        ...(report.athenaResultsBucketName === undefined
          ? {}
          : { athenaResultsBucketName: report.athenaResultsBucketName }),
        ...(this.athena === undefined ? {} : { athenaTrail: this.athena }),
      });
    }
  }

  /** A stack output, for operators and for other stacks (`cdk deploy` prints them). */
  protected output(id: string, value: string, description: string): CfnOutput {
    return new CfnOutput(this, id, { value, description: `rolewatch: ${description}` });
  }
}
