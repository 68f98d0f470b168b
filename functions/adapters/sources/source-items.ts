import type { InputError } from '../../core/model/input-error.ts';
import type { SourceItem } from '../../core/pipeline/source-item.ts';
import { describeError } from '../describe-error.ts';

const encoder = new TextEncoder();

/** An item a source fetched: its bytes (or a JSON value, serialised) under the name locations show. */
export function inputItem(name: string, content: Uint8Array | unknown): SourceItem {
  const bytes = content instanceof Uint8Array ? content : encoder.encode(JSON.stringify(content));
  return { input: { name, bytes } };
}

/** Something a source could not read, named so that a person can find it again. */
export function readErrorItem(name: string, message: string): SourceItem & { readonly error: InputError } {
  return { error: { kind: 'read', message, location: { file: name } } };
}

/**
 * An SDK error in one line that never quotes request data: its name, HTTP status and, when nothing
 * else identifies it, its message (AWS error messages name the resource, never the credentials).
 */
export const describeAwsError = (e: unknown): string => describeError(e, 'fallback');

/**
 * Errors about the caller's credentials, in S3's spelling and in the JSON services' (CloudTrail, Logs,
 * Athena: `InvalidSignatureException` for a wrong secret key). Not `UnrecognizedClientException`: an
 * opt-in region that the account has not enabled answers that too, and the other regions may still work.
 */
const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'IncompleteSignature',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'MissingAuthenticationToken',
  'SignatureDoesNotMatch',
  'TokenRefreshRequired',
]);

/** What a fatal error is about: the caller's region or credentials, which no retry or next page mends. */
function fatalCause(e: unknown): 'region' | 'credentials' | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { name, message } = e as { name?: unknown; message?: unknown };
  if (typeof name === 'string' && CREDENTIAL_ERRORS.has(name)) return 'credentials';
  return typeof message === 'string' && /^Region is missing/.test(message) ? 'region' : undefined;
}

const FATAL_HINT = {
  region: 'set AWS_REGION (or a region in your AWS profile), or give --region',
  credentials:
    'check the AWS credentials (AWS_PROFILE, or AWS_ACCESS_KEY_ID and its secret, or an SSO login)',
} as const;

/**
 * Errors after which nothing more can be read with these credentials or this configuration: a source
 * stops with one error that says so, instead of one error per object or page.
 */
export const isFatalAwsError = (e: unknown): boolean => fatalCause(e) !== undefined;

/**
 * An error in one line, with what to do about it when it is fatal: the SDK's own message ("Region is
 * missing") does not say where to set what is missing.
 */
export function describeFatalAwsError(e: unknown): string {
  const cause = fatalCause(e);
  const text = describeAwsError(e);
  return cause === undefined ? text : `${text}: ${FATAL_HINT[cause]}`;
}

/** A progress line at most every `minIntervalMs` (a terminal redraw per page or object is noise). */
export function throttledProgress(
  onProgress: ((line: string) => void) | undefined,
  now: () => number = Date.now,
  minIntervalMs = 250,
): (line: () => string) => void {
  if (onProgress === undefined) return () => undefined;
  let last = Number.NEGATIVE_INFINITY;
  return (line) => {
    const t = now();
    if (t - last < minIntervalMs) return;
    last = t;
    onProgress(line());
  };
}
