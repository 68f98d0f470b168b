import {
  aws_logs_destinations as destinations,
  type aws_lambda as lambda,
  aws_logs as logs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { judgedEventsFilterPattern } from '../sts-event-filters.ts';

export interface LogSubscriptionTriggerProps {
  /** The existing log group a CloudTrail trail delivers to. */
  readonly logGroupName: string;
  /** The `stream` function. */
  readonly handler: lambda.IFunction;
}

/**
 * A subscription filter on the trail's log group that passes only STS credential-issuing calls and the
 * IAM trust-policy calls to the function. A log group takes at most two subscription filters.
 */
export class LogSubscriptionTrigger extends Construct {
  readonly subscription: logs.SubscriptionFilter;

  constructor(scope: Construct, id: string, props: LogSubscriptionTriggerProps) {
    super(scope, id);
    const logGroup = logs.LogGroup.fromLogGroupName(this, 'TrailLogGroup', props.logGroupName);
    this.subscription = new logs.SubscriptionFilter(this, 'Subscription', {
      logGroup,
      destination: new destinations.LambdaDestination(props.handler),
      filterPattern: judgedEventsFilterPattern(),
    });
  }
}
