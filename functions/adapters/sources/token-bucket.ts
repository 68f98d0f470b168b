import { performance } from 'node:perf_hooks';

/** Time for pacing: a monotonic clock and a way to wait. Tests pass a fake one. */
export interface PaceClock {
  /** Milliseconds on a monotonic clock. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const realClock: PaceClock = {
  now: () => performance.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      setTimeout(resolve, Math.max(0, ms));
    }),
};

export interface TokenBucketOptions {
  /** Milliseconds for one token to accrue. */
  readonly intervalMs: number;
  /** Tokens the bucket holds at most (a burst). @default 1 */
  readonly capacity?: number;
  readonly clock?: PaceClock;
}

/**
 * A token bucket shared by everyone who calls one rate-limited API: `take()` resolves when a token is
 * available, in the order callers asked. With capacity 1 it spaces calls at least `intervalMs` apart,
 * which is what "at most N requests per second" means when the server counts in any 1-second window.
 * `pause()` empties it for a while after the server said "slow down".
 */
export class TokenBucket {
  readonly #intervalMs: number;
  readonly #capacity: number;
  readonly #clock: PaceClock;
  #tokens: number;
  #updatedMs: number;
  #pausedUntilMs = Number.NEGATIVE_INFINITY;
  #queue: Promise<void> = Promise.resolve();

  constructor(options: TokenBucketOptions) {
    if (!(options.intervalMs > 0)) throw new RangeError('intervalMs must be positive');
    this.#intervalMs = options.intervalMs;
    this.#capacity = Math.max(1, options.capacity ?? 1);
    this.#clock = options.clock ?? realClock;
    this.#tokens = this.#capacity;
    this.#updatedMs = this.#clock.now();
  }

  /** Waits for a token and takes it. Callers are served first come, first served. */
  take(): Promise<void> {
    const turn = this.#queue.then(() => this.#acquire());
    this.#queue = turn;
    return turn;
  }

  /** No token is handed out for `ms` from now, and the bucket starts empty after that. */
  pause(ms: number): void {
    const until = this.#clock.now() + ms;
    if (until > this.#pausedUntilMs) this.#pausedUntilMs = until;
  }

  async #acquire(): Promise<void> {
    for (;;) {
      const now = this.#clock.now();
      if (now < this.#pausedUntilMs) {
        await this.#clock.sleep(this.#pausedUntilMs - now);
        this.#tokens = 0;
        this.#updatedMs = this.#clock.now();
        continue;
      }
      this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#updatedMs) / this.#intervalMs);
      this.#updatedMs = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await this.#clock.sleep((1 - this.#tokens) * this.#intervalMs);
    }
  }
}
