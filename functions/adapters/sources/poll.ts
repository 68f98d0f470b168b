import { type PaceClock, realClock } from './token-bucket.ts';

export interface PollOptions {
  readonly clock?: PaceClock;
  /** Wait before the first check. @default 250 ms */
  readonly firstDelayMs?: number;
  /** Waits grow by half each time up to this. @default 2000 ms */
  readonly maxDelayMs?: number;
  /** Give up after this long. @default 15 minutes */
  readonly timeoutMs?: number;
}

export const DEFAULT_POLL_TIMEOUT_MS = 15 * 60_000;

/**
 * Calls `check` until it returns a value (not `undefined`), waiting a little longer each time: a query
 * runs for seconds to minutes, so the first checks come soon and later ones less often.
 * Returns `{timedOut: true}` when `timeoutMs` passed first.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  options: PollOptions = {},
): Promise<{ readonly timedOut: false; readonly value: T } | { readonly timedOut: true }> {
  const clock = options.clock ?? realClock;
  const maxDelayMs = options.maxDelayMs ?? 2000;
  const timeoutMs = options.timeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
  const started = clock.now();
  let delay = options.firstDelayMs ?? 250;
  for (;;) {
    await clock.sleep(delay);
    const value = await check();
    if (value !== undefined) return { timedOut: false, value };
    if (clock.now() - started >= timeoutMs) return { timedOut: true };
    delay = Math.min(maxDelayMs, delay * 1.5);
  }
}
