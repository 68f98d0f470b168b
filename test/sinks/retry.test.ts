import { ThrottlingException } from '@aws-sdk/client-eventbridge';
import { InternalErrorException } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  isRetryableError,
  RetryableError,
  withRetry,
} from '../../functions/adapters/retry.ts';
import { fakeSleep } from './finding-fixtures.ts';

const throttling = () =>
  new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
const internal = () =>
  new InternalErrorException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } });

describe('isRetryableError', () => {
  it('treats throttling, 5xx and network errors as retryable', () => {
    expect(isRetryableError(throttling())).toBe(true);
    expect(isRetryableError(internal())).toBe(true);
    expect(isRetryableError(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 } }))).toBe(
      true,
    );
    expect(
      isRetryableError(
        new TypeError('fetch failed', { cause: Object.assign(new Error(), { code: 'ECONNRESET' }) }),
      ),
    ).toBe(true);
    expect(isRetryableError(new RetryableError('partial'))).toBe(true);
  });

  it('treats validation and access errors as final', () => {
    const denied = Object.assign(new Error('denied'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    const invalid = Object.assign(new Error('bad'), {
      name: 'InvalidParameterException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(isRetryableError(denied)).toBe(false);
    expect(isRetryableError(invalid)).toBe(false);
    expect(isRetryableError('a string')).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  it('grows exponentially up to the cap, scaled by the random draw (full jitter)', () => {
    const top = () => 0.999999;
    expect(backoffDelayMs(1, { baseDelayMs: 100, random: top })).toBe(99);
    expect(backoffDelayMs(3, { baseDelayMs: 100, random: top })).toBe(399);
    expect(backoffDelayMs(10, { baseDelayMs: 100, maxDelayMs: 1000, random: top })).toBe(999);
    expect(backoffDelayMs(3, { baseDelayMs: 100, random: () => 0 })).toBe(0);
    expect(backoffDelayMs(2, { baseDelayMs: 100, random: () => 0.5 })).toBe(100);
  });
});

describe('withRetry', () => {
  it('retries a throttled call with jittered backoff until it succeeds', async () => {
    const { sleep, delays } = fakeSleep();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw throttling();
        return 'delivered';
      },
      { sleep, random: () => 0.5, baseDelayMs: 100 },
    );
    expect(result).toBe('delivered');
    expect(calls).toBe(3);
    expect(delays).toEqual([50, 100]);
  });

  it('gives up after the configured attempts and rethrows the last error', async () => {
    const { sleep, delays } = fakeSleep();
    let calls = 0;
    const run = withRetry(
      async () => {
        calls++;
        throw internal();
      },
      { attempts: 4, sleep, random: () => 0 },
    );
    await expect(run).rejects.toBeInstanceOf(InternalErrorException);
    expect(calls).toBe(4);
    expect(delays).toHaveLength(3);
  });

  it('does not retry an error that a second attempt would repeat', async () => {
    let calls = 0;
    const denied = Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
    await expect(
      withRetry(
        async () => {
          calls++;
          throw denied;
        },
        { sleep: async () => {} },
      ),
    ).rejects.toBe(denied);
    expect(calls).toBe(1);
  });

  it('waits at least as long as the server asked, within the cap', async () => {
    const { sleep, delays } = fakeSleep();
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls === 1) throw new RetryableError('HTTP 429', { retryAfterMs: 2000 });
        if (calls === 2) throw new RetryableError('HTTP 429', { retryAfterMs: 120_000 });
      },
      { sleep, random: () => 0, maxRetryAfterMs: 30_000 },
    );
    expect(delays).toEqual([2000, 30_000]);
  });
});
