/**
 * Time arithmetic of `denied-burst`. Denied calls are kept per actor in buckets one window long
 * (`[k·W, (k+1)·W)`); a burst is `count` distinct calls within any window `(t − W, t]`. A window that
 * ends in bucket k lies in buckets k−1 and k, so two buckets answer for it, whatever order the calls
 * arrive in.
 */

export const bucketStartMs = (timeMs: number, windowMs: number): number =>
  Math.floor(timeMs / windowMs) * windowMs;

/** A denied call as a bucket stores it: `EPOCH_SECONDS:IDENTITY` (CloudTrail times are whole seconds). */
export const denialEntry = (timeMs: number, identity: string): string =>
  `${Math.floor(timeMs / 1000)}:${identity}`;

const entryTimeMs = (entry: string): number => Number(entry.slice(0, entry.indexOf(':'))) * 1000;

export interface DenseWindow {
  readonly count: number;
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * The window `(t − W, t]` with the most distinct denied calls among those ending at a call in the bucket
 * that starts at `bucketStartMs`; the earliest such window on a tie. `entries` may repeat.
 */
export function densestWindow(
  entries: Iterable<string>,
  bucketStart: number,
  windowMs: number,
): DenseWindow | undefined {
  const times = [...new Set(entries)].map(entryTimeMs).sort((a, b) => a - b);
  let best: DenseWindow | undefined;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    const end = times[last] as number;
    while ((times[first] as number) <= end - windowMs) first++;
    if (end < bucketStart || end >= bucketStart + windowMs) continue;
    const count = last - first + 1;
    if (best === undefined || count > best.count) best = { count, fromMs: times[first] as number, toMs: end };
  }
  return best;
}
