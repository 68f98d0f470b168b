// A remote source that cannot go on says why and what to do (README quick start: `scan s3://BUCKET`
// without a region used to end with only "Region is missing").
import { describe, expect, it } from 'vitest';
import { describeFatalAwsError, isFatalAwsError } from '../../functions/adapters/sources/source-items.ts';

const sdkError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('fatal AWS errors', () => {
  it('tell where to set a missing region', () => {
    const e = new Error('Region is missing');

    expect(isFatalAwsError(e)).toBe(true);
    expect(describeFatalAwsError(e)).toBe(
      'Region is missing: set AWS_REGION (or a region in your AWS profile), or give --region',
    );
  });

  it('point at the credentials when the SDK refuses them, without quoting them', () => {
    const e = sdkError('InvalidAccessKeyId', 'The AWS Access Key Id AKIAIOSFODNN7EXAMPLE does not exist');

    expect(isFatalAwsError(e)).toBe(true);
    expect(describeFatalAwsError(e)).toBe(
      'InvalidAccessKeyId: check the AWS credentials (AWS_PROFILE, or AWS_ACCESS_KEY_ID and its secret, or an SSO login)',
    );
  });

  it('leave other errors as they are', () => {
    const e = sdkError('NoSuchBucket', 'The specified bucket does not exist');

    expect(isFatalAwsError(e)).toBe(false);
    expect(describeFatalAwsError(e)).toBe('NoSuchBucket');
  });
});
