import type { TokenBucket } from './token-bucket.ts';

/** How long everyone sharing a bucket waits after the server said "throttled". */
export const THROTTLE_PAUSE_MS = 1000;

interface MiddlewareClient {
  readonly middlewareStack: {
    addRelativeTo(
      middleware: unknown,
      options: { relation: 'before' | 'after'; toMiddleware: string; name: string; override?: boolean },
    ): void;
  };
}

const isThrottling = (e: unknown): boolean => {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as { name?: unknown; $metadata?: { httpStatusCode?: unknown } };
  return (
    (typeof x.name === 'string' && /Throttl|TooManyRequests|RequestLimitExceeded/.test(x.name)) ||
    x.$metadata?.httpStatusCode === 429
  );
};

/**
 * Makes every HTTP attempt of an SDK client take a token from `bucket` first — the SDK's own retries
 * included, since the middleware sits inside its retry loop — and pauses the bucket when the server
 * throttles, so that every caller sharing it slows down, not only the one that was refused.
 */
export function paceClient<C extends MiddlewareClient>(
  client: C,
  bucket: TokenBucket,
  throttlePauseMs: number = THROTTLE_PAUSE_MS,
): C {
  client.middlewareStack.addRelativeTo(
    (next: (args: unknown) => Promise<unknown>) =>
      async (args: unknown): Promise<unknown> => {
        await bucket.take();
        try {
          return await next(args);
        } catch (e) {
          if (isThrottling(e)) bucket.pause(throttlePauseMs);
          throw e;
        }
      },
    { relation: 'after', toMiddleware: 'retryMiddleware', name: 'rolewatchPace', override: true },
  );
  return client;
}
