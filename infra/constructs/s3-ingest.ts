import {
  Duration,
  aws_iam as iam,
  aws_kms as kms,
  type aws_lambda as lambda,
  aws_s3_notifications as notifications,
  Stack,
  aws_s3 as s3,
  aws_lambda_event_sources as sources,
  aws_sqs as sqs,
  Validations,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.ts';

export interface S3IngestProps {
  /** The existing trail bucket, in the stack's account and region. */
  readonly bucketName: string;
  /** '' or `PREFIX/`: what precedes `AWSLogs/` in the trail's object keys. @default '' */
  readonly keyPrefix?: string;
  /** The key of SSE-KMS log files; the consumer may decrypt with it. @default - none */
  readonly kmsKeyArn?: string;
  /** Add the ObjectCreated notification to the bucket. @default true */
  readonly createBucketNotification?: boolean;
  /** The `s3-batch` function; its timeout sets the queue's visibility timeout. */
  readonly consumer: lambda.Function;
  /** Messages per invocation (1–10). @default 10 */
  readonly batchSize?: number;
  /** Deliveries of one message before it goes to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
}

/**
 * New CloudTrail log files → SQS → the `s3-batch` function, which reports partial batch failures so
 * that only the failed messages come back (and, after `maxReceiveCount`, land in the dead-letter queue).
 * The function may read CloudTrail log files under the trail's `AWSLogs/` prefix (`AWSLogs/…/CloudTrail/…`,
 * organization trails included) and nothing else of the bucket: a log-archive bucket keeps Config, ELB and
 * VPC flow logs under the same prefix, which the handler acknowledges unread.
 */
export class S3Ingest extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: DeadLetterQueue;
  /** Where the trail writes its log files (organization trails included): `[PREFIX/]AWSLogs/`. */
  readonly objectPrefix: string;

  constructor(scope: Construct, id: string, props: S3IngestProps) {
    super(scope, id);
    const bucket = s3.Bucket.fromBucketName(this, 'TrailBucket', props.bucketName);
    this.objectPrefix = `${props.keyPrefix ?? ''}AWSLogs/`;

    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetters', {
      purpose: 'notifications of log files that s3-batch could not process',
      isRedriveTarget: true,
    });
    const timeout = props.consumer.timeout ?? Duration.seconds(3);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Lambda's advice for SQS event sources: six times the function timeout.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue.queue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });

    if (props.createBucketNotification ?? true) {
      bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new notifications.SqsDestination(this.queue), {
        prefix: this.objectPrefix,
      });
      acknowledgeNotificationHandler(Stack.of(this));
    }

    props.consumer.addEventSource(
      new sources.SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? 10,
        reportBatchItemFailures: true,
      }),
    );
    // S3's `*` spans `/`: `AWSLogs/*/CloudTrail/*` covers `<account>/CloudTrail/` and `o-…/<account>/CloudTrail/`
    // but not `CloudTrail-Digest/`, `Config/` or `elasticloadbalancing/`.
    const logFiles = `${this.objectPrefix}*/CloudTrail/*`;
    iam.Grant.addToPrincipal({
      grantee: props.consumer,
      actions: ['s3:GetObject'],
      resourceArns: [bucket.arnForObjects(logFiles)],
    });
    if (props.kmsKeyArn !== undefined)
      kms.Key.fromKeyArn(this, 'TrailKey', props.kmsKeyArn).grantDecrypt(props.consumer);
    // The grant lands in the role's default policy, so the acknowledgement goes on the role.
    Validations.of(props.consumer.role ?? props.consumer).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${props.bucketName}/${logFiles}]`,
      reason:
        'CloudTrail writes one object per delivery with a generated name; reading is limited to the ' +
        "CloudTrail folders under the trail's AWSLogs/ prefix of this one bucket.",
    });
  }
}

/** The handler CDK deploys (once per stack) to put notifications on a bucket it does not own. */
const NOTIFICATIONS_HANDLER = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

function acknowledgeNotificationHandler(stack: Stack): void {
  const handler = stack.node.tryFindChild(NOTIFICATIONS_HANDLER);
  if (handler === undefined) return;
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      "CDK's own bucket-notifications custom resource writes its logs through AWSLambdaBasicExecutionRole; " +
      'its only other permission is s3:PutBucketNotification on the trail bucket.',
  });
}
