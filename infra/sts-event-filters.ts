import type { aws_events as events } from 'aws-cdk-lib';
import { aws_logs as logs } from 'aws-cdk-lib';
import { CREDENTIAL_EVENT_NAMES } from '../functions/core/model/credential-event.ts';

/**
 * EventBridge pattern for CloudTrail's copy of the credential-issuing STS calls (CONTRACT §1), the only
 * ones worth invoking a function for, on the default bus.
 */
export const stsCredentialEventPattern = (): events.EventPattern => ({
  source: ['aws.sts'],
  detailType: ['AWS API Call via CloudTrail'],
  detail: {
    eventSource: ['sts.amazonaws.com'],
    eventName: [...CREDENTIAL_EVENT_NAMES],
  },
});

/**
 * CloudWatch Logs filter for the same calls in a trail's log group, so that the subscription invokes
 * the function only for STS credential events rather than for every API call of the account.
 */
export const stsCredentialFilterPattern = (): logs.IFilterPattern =>
  logs.FilterPattern.all(
    logs.FilterPattern.stringValue('$.eventSource', '=', 'sts.amazonaws.com'),
    logs.FilterPattern.any(
      ...CREDENTIAL_EVENT_NAMES.map((name) => logs.FilterPattern.stringValue('$.eventName', '=', name)),
    ),
  );
