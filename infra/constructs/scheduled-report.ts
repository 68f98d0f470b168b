import {
  ArnFormat,
  aws_iam as iam,
  type aws_lambda as lambda,
  Stack,
  type aws_s3 as s3,
  aws_scheduler as scheduler,
  type aws_sqs as sqs,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { AthenaTrail } from './athena-trail.ts';
import { FunctionInvokeTarget } from './function-invoke-target.ts';
import type { ReportBucket } from './report-bucket.ts';

export interface ScheduledReportProps {
  /** The `report` function. */
  readonly handler: lambda.IFunction;
  readonly reportBucket: ReportBucket;
  /** `ROLEWATCH_REPORT_SOURCE`: `s3://BUCKET/PREFIX`, `logs://LOG_GROUP` or `athena://DB.TABLE?workgroup=W`. */
  readonly source: string;
  /** The KMS key of SSE-KMS trail log files (s3:// sources). @default - none */
  readonly sourceKmsKeyArn?: string;
  /** Athena sources: the trail bucket the table reads, and the bucket the workgroup writes results to. */
  readonly athenaDataBucketName?: string;
  readonly athenaResultsBucketName?: string;
  /**
   * The stack's own Athena table (`athenaAccountIds`): an `athena://` source naming its database, table and
   * workgroup is granted with {@link AthenaTrail.grantQuery} (its results bucket has a generated name, and
   * its trail key is known). @default - none
   */
  readonly athenaTrail?: AthenaTrail;
  /**
   * Where Scheduler puts a run it could not invoke the function for after its retries (throttled,
   * permission lost, function gone); its role gets `sqs:SendMessage` on it. @default - none: dropped
   */
  readonly deadLetterQueue?: sqs.IQueue;
  /** An EventBridge Scheduler expression. @default 'cron(0 6 ? * MON *)' (Mondays 06:00) */
  readonly scheduleExpression?: string;
  /** IANA time zone of the expression. @default 'UTC' */
  readonly timeZone?: string;
}

export const DEFAULT_REPORT_SCHEDULE = 'cron(0 6 ? * MON *)';

/** What `ROLEWATCH_REPORT_SOURCE` names, for grants. */
export type ReportSource =
  | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string }
  | { readonly kind: 'logs'; readonly logGroup: string }
  | {
      readonly kind: 'athena';
      readonly database: string;
      readonly table: string;
      readonly workgroup: string;
    };

/** Parses a report source URL, or says what is wrong with it. */
export function parseReportSource(url: string): ReportSource | { readonly error: string } {
  const s3 = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(\S*))?$/.exec(url);
  if (s3) return { kind: 's3', bucket: s3[1] ?? '', prefix: s3[2] ?? '' };
  const logs = /^logs:\/\/([.\-_/#A-Za-z0-9]{1,512})$/.exec(url);
  if (logs) return { kind: 'logs', logGroup: logs[1] ?? '' };
  const athena = /^athena:\/\/([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)(?:\?workgroup=([A-Za-z0-9._-]{1,128}))?$/.exec(
    url,
  );
  if (athena)
    return {
      kind: 'athena',
      database: athena[1] ?? '',
      table: athena[2] ?? '',
      workgroup: athena[3] ?? 'primary',
    };
  return {
    error: `'${url}' is not an s3://BUCKET/PREFIX, logs://LOG_GROUP or athena://DATABASE.TABLE?workgroup=W source`,
  };
}

/**
 * The scheduled audit report: an EventBridge Scheduler schedule (weekly by default) invoking the
 * `report` function with the schedule's time, and exactly the permissions the run needs: read the
 * source, list and read earlier reports, write new ones.
 */
export class ScheduledReport extends Construct {
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: ScheduledReportProps) {
    super(scope, id);
    const source = parseReportSource(props.source);
    if ('error' in source) throw new Error(`ScheduledReport: ${source.error}`);
    const fn = props.handler;
    const stack = Stack.of(this);
    const bucket = props.reportBucket.bucket;
    // Write reports and read earlier ones (the change section): no delete, no ACLs.
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [bucket.arnForObjects('*')],
      }),
    );
    const wildcards = [`Resource::<${stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`];
    wildcards.push(...grantSourceRead(this, fn, source, props));
    const role = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'rolewatch: lets the report schedule invoke the report function',
    });

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'rolewatch: the scheduled audit report',
      schedule: scheduler.ScheduleExpression.expression(
        props.scheduleExpression ?? DEFAULT_REPORT_SCHEDULE,
        TimeZone.of(props.timeZone ?? 'UTC'),
      ),
      target: new FunctionInvokeTarget(fn, {
        // The schedule's own time: the report covers the period ending then, also on a retry.
        input: scheduler.ScheduleTargetInput.fromObject({
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
          scheduleArn: scheduler.ContextAttribute.scheduleArn,
        }),
        retryAttempts: 2,
        role,
        ...(props.deadLetterQueue === undefined ? {} : { deadLetterQueue: props.deadLetterQueue }),
      }),
    });
    if (fn.role !== undefined) {
      for (const w of wildcards) {
        Validations.of(fn.role).acknowledge({
          id: `AwsSolutions-IAM5[${w}]`,
          reason:
            'Reports are objects under date prefixes (YYYY/MM/DD/) of the report bucket, and trail log files are ' +
            'objects under the source prefix: object-level wildcards within one bucket, get or put only.',
        });
      }
    }
  }
}

/** Grants reading the source; returns the cdk-nag wildcard findings the grants cause. */
function grantSourceRead(
  scope: Construct,
  fn: lambda.IFunction,
  source: ReportSource,
  props: ScheduledReportProps,
): string[] {
  const wildcards: string[] = [];
  const stack = Stack.of(scope);
  const add = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions, resources, ...(conditions ? { conditions } : {}) }),
    );
  const bucketArn = (name: string) =>
    stack.formatArn({ service: 's3', region: '', account: '', resource: name });
  const readBucket = (name: string, prefix: string, objects = `${prefix}*`) => {
    add(
      ['s3:ListBucket'],
      [bucketArn(name)],
      prefix === '' ? undefined : { StringLike: { 's3:prefix': [`${prefix}*`] } },
    );
    add(['s3:GetObject'], [`${bucketArn(name)}/${objects}`]);
    wildcards.push(`Resource::arn:<AWS::Partition>:s3:::${name}/${objects}`);
  };
  switch (source.kind) {
    case 's3': {
      // From an `AWSLogs/` folder (the default source) the s3:// walk reads only `<account>/CloudTrail/` and
      // `o-…/<account>/CloudTrail/` below it, never the Config, ELB or VPC flow logs a log-archive bucket keeps
      // beside them: S3's `*` spans `/`, so `AWSLogs/*/CloudTrail/*` covers both layouts and nothing else.
      const awsLogs = /(?:^|\/)AWSLogs\/?$/.test(source.prefix);
      const folder = source.prefix.endsWith('/') ? source.prefix : `${source.prefix}/`;
      readBucket(source.bucket, source.prefix, awsLogs ? `${folder}*/CloudTrail/*` : `${source.prefix}*`);
      if (props.sourceKmsKeyArn !== undefined) add(['kms:Decrypt'], [props.sourceKmsKeyArn]);
      break;
    }
    case 'logs': {
      const logGroup = stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: source.logGroup,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      add(['logs:StartQuery'], [logGroup, `${logGroup}:*`]);
      // GetQueryResults and StopQuery take a query id, not a resource: IAM allows only '*' for them.
      add(['logs:GetQueryResults', 'logs:StopQuery'], ['*']);
      wildcards.push(
        'Resource::*',
        `Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:${source.logGroup}:*`,
      );
      break;
    }
    case 'athena': {
      const own = props.athenaTrail;
      if (
        own !== undefined &&
        fn.role !== undefined &&
        own.databaseName === source.database &&
        own.tableName === source.table &&
        own.workGroupName === source.workgroup
      ) {
        // The calls, the table's log objects, the results bucket and the trail key, as for any reader.
        own.grantQuery(fn.role);
        break;
      }
      add(
        [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
        ],
        [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: source.workgroup })],
      );
      // The source reads the table's columns first; the action is authorised on the data catalog.
      add(
        ['athena:GetTableMetadata'],
        [stack.formatArn({ service: 'athena', resource: 'datacatalog', resourceName: 'AwsDataCatalog' })],
      );
      add(
        ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
        [
          stack.formatArn({ service: 'glue', resource: 'catalog' }),
          stack.formatArn({ service: 'glue', resource: 'database', resourceName: source.database }),
          stack.formatArn({
            service: 'glue',
            resource: 'table',
            resourceName: `${source.database}/${source.table}`,
          }),
        ],
      );
      if (props.athenaDataBucketName !== undefined) {
        readBucket(props.athenaDataBucketName, '');
        add(['s3:GetBucketLocation'], [bucketArn(props.athenaDataBucketName)]);
      }
      if (props.athenaResultsBucketName !== undefined) {
        const results = bucketArn(props.athenaResultsBucketName);
        // What Athena does with the caller's credentials in the results location: bucket-level actions on
        // the bucket, object-level ones on its objects (as AthenaTrail.grantQuery).
        add(['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], [results]);
        add(
          ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          [`${results}/*`],
        );
        wildcards.push(`Resource::arn:<AWS::Partition>:s3:::${props.athenaResultsBucketName}/*`);
      }
      break;
    }
  }
  return wildcards;
}
