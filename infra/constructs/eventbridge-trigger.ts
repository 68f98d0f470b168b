import {
  Duration,
  aws_events as events,
  type aws_lambda as lambda,
  aws_events_targets as targets,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { stsCredentialEventPattern } from '../sts-event-filters.ts';
import type { DeadLetterQueue } from './dead-letter-queue.ts';

export interface EventBridgeTriggerProps {
  /** The `events` function. */
  readonly handler: lambda.IFunction;
  /** Where events that EventBridge could not deliver to the function go. */
  readonly deadLetterQueue: DeadLetterQueue;
}

/**
 * A rule on the default bus for CloudTrail's "AWS API Call via CloudTrail" events of the six STS
 * credential-issuing calls. CloudTrail marks these calls read-only, and EventBridge delivers read-only
 * management events only to rules in the state `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`,
 * which the L2 `Rule` cannot express yet. The events arrive in the region where STS served the call.
 */
export class EventBridgeTrigger extends Construct {
  readonly rule: events.Rule;

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
  }
}
