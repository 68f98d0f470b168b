import type { StateStore, SyncStateStore } from '../../core/state/run-state-stage.ts';
import { isExpired, type StateItem } from '../../core/state/state-item.ts';
import { applyOp, keyOfOp, type OpResult, type StateOp } from '../../core/state/state-op.ts';

const DAY_MS = 86_400_000;
/**
 * While a scan runs, items expired this long before the latest call are dropped once the store is large:
 * a scan that reads one region after another, or files out of order, still finds what it wrote a week
 * of trail time earlier, while memory stays bounded by about a week of activity.
 */
export const LATENESS_MS = 7 * DAY_MS;
const COLLECT_ABOVE_ITEMS = 100_000;

export interface MemoryStoreOptions {
  /** Bounds the trail's clock: never more than a day ahead of it (a forged future time forgets nothing). */
  readonly wallClock?: () => number;
}

/**
 * State held in this process: for one scan without `--state`, for `ROLEWATCH_STATE=memory` (one Lambda
 * execution environment), and as the working copy of a state file. Ops are applied with `applyOp`, the
 * semantics every store shares. Its clock is the trail's: the latest call time judged (see `prune`).
 */
export class MemoryStateStore implements StateStore, SyncStateStore {
  readonly #items = new Map<string, StateItem>();
  readonly #wallClock: () => number;
  #clockMs = 0;
  #collectAbove = COLLECT_ABOVE_ITEMS;

  constructor(options: MemoryStoreOptions = {}) {
    this.#wallClock = options.wallClock ?? Date.now;
  }

  /** The latest call time judged (epoch ms): what `prune` judges expiry by. */
  get clockMs(): number {
    return this.#clockMs;
  }

  observe(eventTimeMs: number): void {
    const bounded = Math.min(eventTimeMs, this.#wallClock() + DAY_MS);
    if (bounded > this.#clockMs) this.#clockMs = bounded;
  }

  readSync(keys: readonly string[], asOfMs: number): ReadonlyMap<string, StateItem> {
    const found = new Map<string, StateItem>();
    for (const key of keys) {
      const item = this.#items.get(key);
      if (item !== undefined && !isExpired(item, asOfMs)) found.set(key, item);
    }
    return found;
  }

  writeSync(ops: readonly StateOp[], asOfMs: number): readonly OpResult[] {
    const results = ops.map((op) => {
      const key = keyOfOp(op);
      const { item, result } = applyOp(this.#items.get(key), op, asOfMs);
      if (item === undefined) this.#items.delete(key);
      else this.#items.set(key, item);
      return result;
    });
    if (this.#items.size > this.#collectAbove) {
      this.prune(this.#clockMs - LATENESS_MS);
      // Still large after collecting: what is left is live; look again when it has doubled.
      this.#collectAbove = Math.max(COLLECT_ABOVE_ITEMS, this.#items.size * 2);
    }
    return results;
  }

  async read(keys: readonly string[], asOfMs: number): Promise<ReadonlyMap<string, StateItem>> {
    return this.readSync(keys, asOfMs);
  }

  async write(ops: readonly StateOp[], asOfMs: number): Promise<readonly OpResult[]> {
    return this.writeSync(ops, asOfMs);
  }

  /** Every item, expired ones included, in key order. */
  items(): StateItem[] {
    return [...this.#items.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  get size(): number {
    return this.#items.size;
  }

  /** Loads items (a state file's) and the clock they were saved at. */
  load(items: Iterable<StateItem>, clockMs: number): void {
    for (const item of items) this.#items.set(item.key, item);
    this.#clockMs = Math.max(this.#clockMs, clockMs);
  }

  /** Drops the items expired at `asOfMs` (default: the store's clock); returns how many. */
  prune(asOfMs = this.#clockMs): number {
    let dropped = 0;
    for (const [key, item] of this.#items) {
      if (isExpired(item, asOfMs)) {
        this.#items.delete(key);
        dropped++;
      }
    }
    return dropped;
  }
}
