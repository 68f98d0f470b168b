import type { aws_events as events } from 'aws-cdk-lib';
import { aws_logs as logs } from 'aws-cdk-lib';
import { CREDENTIAL_EVENT_NAMES } from '../functions/core/model/credential-event.ts';
import { TRUST_POLICY_EVENT_NAMES } from '../functions/core/model/trust-policy-event.ts';

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
 * EventBridge pattern for the IAM calls that set a role's trust (CreateRole, UpdateAssumeRolePolicy,
 * UpdateRole), for `trust-policy-changed`. IAM is a global service: CloudTrail delivers its events to
 * EventBridge only in the partition's IAM region ({@link iamEventRegion}).
 */
export const iamTrustPolicyEventPattern = (): events.EventPattern => ({
  source: ['aws.iam'],
  detailType: ['AWS API Call via CloudTrail'],
  detail: {
    eventSource: ['iam.amazonaws.com'],
    eventName: [...TRUST_POLICY_EVENT_NAMES],
  },
});

/** The region where EventBridge receives IAM's CloudTrail events, for the partition of `region`. */
export function iamEventRegion(region: string): string {
  if (region.startsWith('us-gov-')) return 'us-gov-west-1';
  if (region.startsWith('cn-')) return 'cn-north-1';
  return 'us-east-1';
}

/**
 * CloudWatch Logs filter for the same calls in a trail's log group — the STS credential-issuing calls
 * and the IAM trust-policy calls (a multi-region trail logs IAM's global events too) — so that the
 * subscription invokes the function only for them rather than for every API call of the account.
 */
export const judgedEventsFilterPattern = (): logs.IFilterPattern =>
  logs.FilterPattern.any(
    logs.FilterPattern.all(
      logs.FilterPattern.stringValue('$.eventSource', '=', 'sts.amazonaws.com'),
      logs.FilterPattern.any(
        ...CREDENTIAL_EVENT_NAMES.map((name) => logs.FilterPattern.stringValue('$.eventName', '=', name)),
      ),
    ),
    logs.FilterPattern.all(
      logs.FilterPattern.stringValue('$.eventSource', '=', 'iam.amazonaws.com'),
      logs.FilterPattern.any(
        ...TRUST_POLICY_EVENT_NAMES.map((name) => logs.FilterPattern.stringValue('$.eventName', '=', name)),
      ),
    ),
  );
