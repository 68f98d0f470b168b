import { scrubSecrets } from '../core/text/scrub-secrets.ts';
import { RetryableError } from './retry.ts';

/**
 * How much of an error's own message a description may repeat: `always` (file system and SDK errors
 * whose text helps and names only what the caller named), `fallback` (only when neither a name, a code
 * nor an HTTP status identifies the error), or `never` (errors whose message may quote a URL that is a
 * credential or data from a request). Messages are scrubbed of token-shaped strings in every case.
 */
export type ErrorMessagePolicy = 'always' | 'fallback' | 'never';

interface ErrorLike {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

/**
 * A short, single-line description of an error from the AWS SDK, Node's fs, zlib or fetch: its name,
 * code and HTTP status (`NoSuchKey, HTTP 404`), then — as `policy` allows — its message.
 *
 * @example
 * describeError(e, 'always') // "ENOENT: no such file or directory, open 'trust.yaml'"
 */
export function describeError(error: unknown, policy: ErrorMessagePolicy = 'never'): string {
  if (typeof error !== 'object' || error === null) {
    return policy === 'never' || error === undefined ? 'unknown error' : scrubSecrets(String(error));
  }
  // Our own retry signals carry messages we wrote (counts and error codes only).
  if (error instanceof RetryableError) return error.message;
  const e = error as ErrorLike;
  const parts: string[] = [];
  if (typeof e.name === 'string' && e.name !== 'Error') parts.push(e.name);
  if (typeof e.code === 'string' && e.code !== e.name) parts.push(e.code);
  if (typeof e.$metadata?.httpStatusCode === 'number') parts.push(`HTTP ${e.$metadata.httpStatusCode}`);
  const message = typeof e.message === 'string' ? scrubSecrets(e.message.split('\n')[0] ?? '').trim() : '';
  if (message !== '' && (policy === 'always' || (policy === 'fallback' && parts.length === 0))) {
    // Node's fs errors already start with their code ("ENOENT: no such file…").
    const own = parts.filter((p) => !message.startsWith(`${p}:`));
    return own.length > 0 ? `${own.join(', ')}: ${message}` : message;
  }
  return parts.length > 0 ? parts.join(', ') : 'error';
}
