import {
  Annotations,
  Duration,
  aws_events as events,
  type aws_lambda as lambda,
  Stack,
  Token,
  aws_events_targets as targets,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  iamEventRegion,
  iamTrustPolicyEventPattern,
  stsCredentialEventPattern,
} from '../sts-event-filters.ts';
import type { DeadLetterQueue } from './dead-letter-queue.ts';

export interface EventBridgeTriggerProps {
  /** The `events` function. */
  readonly handler: lambda.IFunction;
  /** Where events that EventBridge could not deliver to the function go. */
  readonly deadLetterQueue: DeadLetterQueue;
}

/**
 * Two rules on the default bus for CloudTrail's "AWS API Call via CloudTrail" events:
 * - `rule`: the six STS credential-issuing calls. CloudTrail marks these calls read-only, and EventBridge
 *   delivers read-only management events only to rules in the state
 *   `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`, which the L2 `Rule` cannot express yet. The events
 *   arrive in the region where STS served the call.
 * - `iamRule`: IAM CreateRole, UpdateAssumeRolePolicy and UpdateRole, for `trust-policy-changed`. IAM is
 *   global: its events reach EventBridge only in us-east-1 (us-gov-west-1, cn-north-1 in those
 *   partitions). In a stack of another region the rule never fires, and synthesis warns.
 */
export class EventBridgeTrigger extends Construct {
  readonly rule: events.Rule;
  readonly iamRule: events.Rule;

  constructor(scope: Construct, id: string, props: EventBridgeTriggerProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description: 'rolewatch: STS credential-issuing calls recorded by CloudTrail',
      eventPattern: stsCredentialEventPattern(),
      targets: [
        new targets.LambdaFunction(props.handler, {
          deadLetterQueue: props.deadLetterQueue.queue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(4),
        }),
      ],
    });
    (this.rule.node.defaultChild as events.CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

    this.iamRule = new events.Rule(this, 'IamRule', {
      description: 'rolewatch: IAM role trust changes recorded by CloudTrail (global: us-east-1 only)',
      eventPattern: iamTrustPolicyEventPattern(),
      targets: [
        new targets.LambdaFunction(props.handler, {
          deadLetterQueue: props.deadLetterQueue.queue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(4),
        }),
      ],
    });
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== iamEventRegion(region)) {
      Annotations.of(this).addWarningV2(
        'rolewatch:iam-events-region',
        `IAM is global: its CloudTrail events reach EventBridge only in ${iamEventRegion(region)}, so in ` +
          `${region} the IAM trust-policy rule never fires and trust-policy-changed sees no change in real ` +
          `time. Deploy a rolewatch stack in ${iamEventRegion(region)} too (or use the log subscription of a ` +
          'multi-region trail).',
      );
    }
  }
}
