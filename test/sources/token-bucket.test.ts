import { describe, expect, it } from 'vitest';
import { type PaceClock, TokenBucket } from '../../functions/adapters/sources/token-bucket.ts';

/** A clock that only moves when someone sleeps: pacing is checked exactly and instantly. */
function fakeClock(): PaceClock & { readonly slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe('the token bucket', () => {
  it('spaces takers at least one interval apart, first come first served', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ intervalMs: 520, clock });
    const times: number[] = [];

    await Promise.all([1, 2, 3, 4].map(() => bucket.take().then(() => times.push(clock.now()))));

    expect(times).toEqual([0, 520, 1040, 1560]);
  });

  it('lets a burst of `capacity` through, then paces', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ intervalMs: 100, capacity: 3, clock });
    const times: number[] = [];

    for (let i = 0; i < 5; i++) {
      await bucket.take();
      times.push(clock.now());
    }

    expect(times).toEqual([0, 0, 0, 100, 200]);
  });

  it('hands out nothing while paused, and starts empty after the pause', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ intervalMs: 500, clock });
    await bucket.take();

    bucket.pause(2000);
    await bucket.take();
    const first = clock.now();
    await bucket.take();

    expect(first).toBe(2500);
    expect(clock.now()).toBe(3000);
  });

  it('refuses a non-positive interval', () => {
    expect(() => new TokenBucket({ intervalMs: 0 })).toThrow(RangeError);
  });
});
