// What the remote-source tests share: reading a source to the end, and a pace clock with short waits.
import type { PaceClock } from '../../functions/adapters/sources/token-bucket.ts';
import type { SourceItem } from '../../functions/core/pipeline/source-item.ts';

/** Every item a source yields, in order. */
export async function collect(items: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  const all: SourceItem[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Real waits, 50 times shorter: backoff and polling run their course quickly. */
export const QUICK: PaceClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / 50)),
};

/**
 * A pace clock whose waits take no time: each `sleep` moves its time on at once. A scan paced by it
 * makes its calls as fast as they go, and the pace it kept is read on this clock (a server stamping
 * calls with `now` sees the spacing the scan asked for).
 */
export function virtualClock(): PaceClock {
  let t = 0;
  return {
    now: () => t,
    sleep: (ms) => {
      t += Math.max(0, ms);
      return Promise.resolve();
    },
  };
}
