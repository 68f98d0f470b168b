import { describe, expect, it } from 'vitest';
import {
  addDuration,
  bucketOf,
  DURATION_BUCKET_EDGES_SECONDS,
  emptyHistogram,
  medianSeconds,
  mergeHistograms,
  removeDuration,
} from '../../functions/core/report/duration-histogram.ts';

// README: durations go into fixed buckets (15 min … 36 h) with the exact maximum, and the median is the
// upper edge of the bucket holding the middle session (exact for whole quarter hours, never above the maximum).

const histogram = (...seconds: number[]) => {
  const h = emptyHistogram();
  for (const s of seconds) addDuration(h, s);
  return h;
};

describe('granted-duration histogram', () => {
  it('buckets from 15 minutes to 36 hours, a session up to a minute over an edge still in its bucket', () => {
    expect(DURATION_BUCKET_EDGES_SECONDS[0]).toBe(900);
    expect(DURATION_BUCKET_EDGES_SECONDS.at(-1)).toBe(129_600);
    // Granted = expiration − eventTime may be a few seconds over what was asked for.
    expect([bucketOf(900), bucketOf(960), bucketOf(961)]).toEqual([0, 0, 1]);
    expect([bucketOf(3600), bucketOf(3601), bucketOf(3660), bucketOf(3661)]).toEqual([3, 3, 3, 4]);
    expect(bucketOf(129_661)).toBe(DURATION_BUCKET_EDGES_SECONDS.length);
  });

  it('counts every finite non-negative duration and keeps the exact longest', () => {
    const h = histogram(0, 900, 43_201, 3600, Number.NaN, -5);
    expect(h.count).toBe(4);
    expect(h.counts[0]).toBe(2);
    expect(h.maxSeconds).toBe(43_201);
  });

  it('takes the upper edge of the bucket holding the middle session as the median', () => {
    // Odd count: the 2nd of 3.
    expect(medianSeconds(histogram(900, 3600, 3600))).toBe(3600);
    // Even count: the lower middle (the 1st of 2, the 2nd of 4).
    expect(medianSeconds(histogram(900, 3600))).toBe(900);
    expect(medianSeconds(histogram(900, 900, 3600, 3600))).toBe(900);
    expect(medianSeconds(histogram(900, 900, 1800))).toBe(900);
    expect(medianSeconds(emptyHistogram())).toBeUndefined();
  });

  it('never gives a median above the longest session, in the open last bucket too', () => {
    expect(medianSeconds(histogram(1000))).toBe(1000);
    expect(medianSeconds(histogram(200_000, 300_000))).toBe(300_000);
  });

  it('merges counts and the longest of both; removing a second delivery leaves the longest', () => {
    const merged = mergeHistograms(histogram(900), histogram(7200, 3600));
    expect([merged.count, merged.maxSeconds, medianSeconds(merged)]).toEqual([3, 7200, 3600]);
    removeDuration(merged, 7200);
    expect([merged.count, merged.maxSeconds, merged.counts[4]]).toEqual([2, 7200, 0]);
  });
});
