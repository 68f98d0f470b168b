import { Duration, aws_sqs as sqs, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface DeadLetterQueueProps {
  /** What lands here, for the queue's purpose in the console and in the cdk-nag reason. */
  readonly purpose: string;
  /**
   * Whether another queue's redrive policy names this one; cdk-nag then knows it is a DLQ. Queues used
   * as Lambda on-failure destinations or EventBridge target DLQs are not recognised and get a reason.
   * @default false
   */
  readonly isRedriveTarget?: boolean;
}

/**
 * An SQS queue that keeps what could not be processed for 14 days (the maximum), encrypted with
 * SQS-managed keys and refusing requests that are not over TLS.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    if (props.isRedriveTarget !== true) {
      Validations.of(this.queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `This queue is itself a dead-letter queue: ${props.purpose}.`,
      });
    }
  }
}
