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

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'TokenRefreshRequired',
]);

/**
 * Errors after which nothing more can be read with these credentials or this configuration: a source
 * stops with one error that says so, instead of one error per object or page.
 */
export function isFatalAwsError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { name, message } = e as { name?: unknown; message?: unknown };
  if (typeof name === 'string' && CREDENTIAL_ERRORS.has(name)) return true;
  return typeof message === 'string' && /^Region is missing/.test(message);
}

/**
 * A fatal error in one line with what to do about it: a missing region or unusable credentials are the
 * caller's configuration, and the message the SDK gives ("Region is missing") does not say where to set it.
 */
export function describeFatalAwsError(e: unknown): string {
  const text = describeAwsError(e);
  const { name, message } = (typeof e === 'object' && e !== null ? e : {}) as {
    name?: unknown;
    message?: unknown;
  };
  if (typeof message === 'string' && /^Region is missing/.test(message)) {
    return `${text}: set AWS_REGION (or a region in your AWS profile), or give --region`;
  }
  if (typeof name === 'string' && CREDENTIAL_ERRORS.has(name)) {
    return `${text}: check the AWS credentials (AWS_PROFILE, or AWS_ACCESS_KEY_ID and its secret, or an SSO login)`;
  }
  return text;
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
