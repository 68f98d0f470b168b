/**
 * AWS naming rules that both the functions (checking their environment) and the CDK app (checking its
 * props before it writes that environment) apply: one copy, so that the two cannot disagree.
 */

export const SNS_TOPIC_ARN = /^arn:[a-z0-9-]+:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
export const SECURITYHUB_PRODUCT_ARN = /^arn:[a-z0-9-]+:securityhub:[a-z0-9-]+:(\d{12})?:product\/[^\s]+$/;
/** An event bus name, or its ARN. */
export const EVENT_BUS_NAME_OR_ARN =
  /^(arn:[a-z0-9-]+:events:[a-z0-9-]+:\d{12}:event-bus\/)?[A-Za-z0-9._\-/]{1,256}$/;
export const SSM_PARAMETER_NAME = /^[a-zA-Z0-9_.\-/]{1,2048}$/;
export const ACCOUNT_ID = /^\d{12}$/;
/** DynamoDB table names: 3–255 of [a-zA-Z0-9_.-]. */
export const DYNAMODB_TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/**
 * How `ROLEWATCH_CONFIG` tells a trust-file path from an SSM parameter name when neither `file:` nor
 * `ssm:` is written: a value ending in `.yaml`, `.yml` or `.json`, or starting with `.`, is a path.
 */
export const LOOKS_LIKE_TRUST_FILE_PATH = /^\.|\.(?:ya?ml|json)$/i;
/** An S3 bucket name (3–63 characters, lower case, digits, dots, hyphens). */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
