import { vi } from 'vitest';

/**
 * Points the real SDK clients at loopback stand-ins the way a user would: through the SDK's own
 * environment settings (`AWS_ENDPOINT_URL_<SERVICE>`), with dummy credentials from the environment and
 * no shared config or credentials file, so that nothing on this machine leaks in. Undo with
 * `vi.unstubAllEnvs()`.
 */
export function stubAwsEnv(endpoints: Readonly<Record<string, string>>, region = 'us-east-1'): void {
  // s3rver accepts only this key pair; the JSON stand-ins accept any.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
  vi.stubEnv('AWS_SESSION_TOKEN', undefined);
  vi.stubEnv('AWS_PROFILE', undefined);
  vi.stubEnv('AWS_REGION', region);
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/rolewatch-test-aws-config');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/rolewatch-test-aws-credentials');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_ENDPOINT_URL', undefined);
  vi.stubEnv('AWS_MAX_ATTEMPTS', undefined);
  vi.stubEnv('AWS_RETRY_MODE', undefined);
  for (const [service, url] of Object.entries(endpoints)) vi.stubEnv(`AWS_ENDPOINT_URL_${service}`, url);
}
