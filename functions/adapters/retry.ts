/**
 * The one retry layer for alert delivery: exponential backoff with full jitter.
 *
 * SDK clients for sinks are created with `maxAttempts: 1` so that retries are counted, delayed and
 * tested in one place, and so that partial failures (entries a batch call rejected) and whole-call
 * failures share the same budget.
 */

import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';

/** The error type of the SDK's classifiers. */
type SdkError = Parameters<typeof isThrottlingError>[0];

export interface RetryOptions {
  /** Total attempts, the first included. Default 4. */
  readonly attempts?: number;
  /** Upper bound of the first delay. Default 200 ms. */
  readonly baseDelayMs?: number;
  /** Cap on any computed delay. Default 5000 ms. */
  readonly maxDelayMs?: number;
  /** Cap on a server-requested delay (`Retry-After`), so a Lambda does not sleep past its timeout. */
  readonly maxRetryAfterMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1); `Math.random` by default. */
  readonly random?: () => number;
  /** Which errors are worth another attempt; {@link isRetryableError} by default. */
  readonly isRetryable?: (error: unknown) => boolean;
}

export const DEFAULT_RETRY_ATTEMPTS = 4;
const DEFAULT_BASE_DELAY_MS = 200;
const DEFAULT_MAX_DELAY_MS = 5000;
const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;

export const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Thrown by an operation to ask for another attempt: a batch call whose entries partly failed, an
 * HTTP 429. `retryAfterMs` carries a delay the server asked for.
 */
export class RetryableError extends Error {
  override readonly name: string = 'RetryableError';
  readonly retryAfterMs?: number;

  constructor(message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

// fetch (undici) reports socket failures as `TypeError: fetch failed` whose `cause` carries one of these
// codes; the SDK's classifiers know Node's own socket codes (ECONNRESET, …) but not undici's.
const UNDICI_NETWORK_CODES = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

interface ErrorLike {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly cause?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

const asErrorLike = (e: unknown): ErrorLike | undefined =>
  typeof e === 'object' && e !== null ? (e as ErrorLike) : undefined;

/** The HTTP status an SDK error carries in `$metadata`, if any. */
export const httpStatusOf = (error: unknown): number | undefined => {
  const status = asErrorLike(error)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
};

/**
 * Throttling, 5xx and network errors are retryable; everything else (validation, access denied,
 * not found) is not, since a second attempt would fail the same way. The judgement is the AWS SDK's
 * own (`@smithy/core/retry`: throttling error codes and HTTP 429, transient codes and 5xx, Node socket
 * errors, `$retryable` traits, causes), plus our {@link RetryableError} and fetch's socket errors.
 */
export function isRetryableError(error: unknown, depth = 0): boolean {
  if (error instanceof RetryableError) return true;
  const e = asErrorLike(error);
  if (e === undefined || e.name === 'AbortError') return false;
  const sdk = error as SdkError;
  if (isThrottlingError(sdk) || isTransientError(sdk) || isServerError(sdk)) return true;
  if (typeof e.code === 'string' && UNDICI_NETWORK_CODES.has(e.code)) return true;
  return e.cause !== undefined && depth < 5 && isRetryableError(e.cause, depth + 1);
}

/** Full jitter: a uniform delay in [0, min(max, base · 2^(attempt−1))). */
export function backoffDelayMs(
  attempt: number,
  options: { baseDelayMs?: number; maxDelayMs?: number; random?: () => number } = {},
): number {
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const max = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Runs `operation` until it succeeds, throws a non-retryable error, or `attempts` are used up; the
 * last error is rethrown. `operation` receives the 1-based attempt number.
 *
 * @example
 * await withRetry(() => client.send(new PublishCommand(input)), { attempts: 4 });
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = Math.max(1, Math.floor(options.attempts ?? DEFAULT_RETRY_ATTEMPTS));
  const sleep = options.sleep ?? defaultSleep;
  const isRetryable = options.isRetryable ?? isRetryableError;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      const jitter = backoffDelayMs(attempt, options);
      const requested = error instanceof RetryableError ? error.retryAfterMs : undefined;
      await sleep(requested === undefined ? jitter : Math.min(maxRetryAfterMs, Math.max(requested, jitter)));
    }
  }
}
