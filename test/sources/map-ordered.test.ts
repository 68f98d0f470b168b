import { describe, expect, it } from 'vitest';
import { mapOrdered } from '../../functions/adapters/sources/map-ordered.ts';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapOrdered', () => {
  it('yields results in item order although later items finish first', async () => {
    const out: number[] = [];
    for await (const v of mapOrdered([30, 5, 20, 1, 10], 3, async (ms) => {
      await delay(ms);
      return ms;
    }))
      out.push(v);

    expect(out).toEqual([30, 5, 20, 1, 10]);
  });

  it('never has more than `concurrency` calls in flight, and pulls items only when there is room', async () => {
    let inFlight = 0;
    let most = 0;
    let pulled = 0;
    async function* items(): AsyncGenerator<number> {
      for (let i = 0; i < 20; i++) {
        pulled++;
        yield i;
      }
    }
    const results = mapOrdered(items(), 4, async (i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await delay(2);
      inFlight--;
      return i;
    });

    const iterator = results[Symbol.asyncIterator]();
    await iterator.next();
    const pulledAfterFirst = pulled;
    for (let n = await iterator.next(); n.done !== true; n = await iterator.next());

    expect(most).toBe(4);
    expect(pulledAfterFirst).toBeLessThanOrEqual(5);
  });

  it('rethrows a failed call when its turn comes, after the results before it', async () => {
    const out: number[] = [];
    const run = async (): Promise<void> => {
      for await (const v of mapOrdered([1, 2, 3], 3, async (i) => {
        if (i === 2) throw new Error('boom');
        return i;
      }))
        out.push(v);
    };

    await expect(run()).rejects.toThrow('boom');
    expect(out).toEqual([1]);
  });
});
