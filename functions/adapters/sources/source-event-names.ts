import { CREDENTIAL_EVENT_NAMES } from '../../core/model/credential-event.ts';

/** The STS calls remote sources select (CONTRACT §1): the six credential-issuing calls. */
export const STS_EVENT_NAMES: readonly string[] = CREDENTIAL_EVENT_NAMES;

/**
 * IAM calls that change a role's trust (CONTRACT §1, rule `trust-policy-changed`). IAM is a global
 * service: CloudTrail logs these in us-east-1 (in the aws partition).
 */
export const IAM_TRUST_EVENT_NAMES: readonly string[] = [
  'CreateRole',
  'UpdateAssumeRolePolicy',
  'UpdateRole',
];

export const STS_EVENT_SOURCE = 'sts.amazonaws.com';
export const IAM_EVENT_SOURCE = 'iam.amazonaws.com';
