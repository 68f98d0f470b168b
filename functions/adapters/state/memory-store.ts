import type { StateStore, SyncStateStore } from '../../core/state/run-state-stage.ts';
import { isExpired, type StateItem } from '../../core/state/state-item.ts';
import { applyOp, keyOfOp, type OpResult, type StateOp } from '../../core/state/state-op.ts';

const DAY_MS = 86_400_000;

export interface MemoryStoreOptions {
  /**
   * The store's clock, which decides what has expired. `events` (the default): the latest event time
   * judged, so that a trail from last year ages by its own time, never more than a day ahead of
   * `wallClock` (a record with a forged future time cannot expire the whole state). A function: that
   * clock (a Lambda execution environment uses the wall clock, as DynamoDB's TTL does).
   */
  readonly clock?: 'events' | (() => number);
  readonly wallClock?: () => number;
}

/**
 * State held in this process: for one scan without `--state`, for `ROLEWATCH_STATE=memory` (one Lambda
 * execution environment), and as the working copy of a state file. Ops are applied with `applyOp`, the
 * semantics every store shares.
 */
export class MemoryStateStore implements StateStore, SyncStateStore {
  readonly #items = new Map<string, StateItem>();
  readonly #clock: (() => number) | undefined;
  readonly #wallClock: () => number;
  #eventClockMs = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.#clock = typeof options.clock === 'function' ? options.clock : undefined;
    this.#wallClock = options.wallClock ?? Date.now;
  }

  /** Epoch ms by which expiry is judged (see {@link MemoryStoreOptions.clock}). */
  get clockMs(): number {
    return this.#clock === undefined ? this.#eventClockMs : this.#clock();
  }

  observe(eventTimeMs: number): void {
    if (this.#clock !== undefined) return;
    const bounded = Math.min(eventTimeMs, this.#wallClock() + DAY_MS);
    if (bounded > this.#eventClockMs) this.#eventClockMs = bounded;
  }

  readSync(keys: readonly string[]): ReadonlyMap<string, StateItem> {
    const now = this.clockMs;
    const found = new Map<string, StateItem>();
    for (const key of keys) {
      const item = this.#items.get(key);
      if (item !== undefined && !isExpired(item, now)) found.set(key, item);
    }
    return found;
  }

  writeSync(ops: readonly StateOp[]): readonly OpResult[] {
    const now = this.clockMs;
    return ops.map((op) => {
      const key = keyOfOp(op);
      const { item, result } = applyOp(this.#items.get(key), op, now);
      if (item === undefined) this.#items.delete(key);
      else this.#items.set(key, item);
      return result;
    });
  }

  async read(keys: readonly string[]): Promise<ReadonlyMap<string, StateItem>> {
    return this.readSync(keys);
  }

  async write(ops: readonly StateOp[]): Promise<readonly OpResult[]> {
    return this.writeSync(ops);
  }

  /** Every item, expired ones included, in key order. */
  items(): StateItem[] {
    return [...this.#items.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  get size(): number {
    return this.#items.size;
  }

  /** Loads items (a state file's) and the event clock they were saved at. */
  load(items: Iterable<StateItem>, eventClockMs: number): void {
    for (const item of items) this.#items.set(item.key, item);
    this.#eventClockMs = Math.max(this.#eventClockMs, eventClockMs);
  }

  /** Drops expired items; returns how many. */
  prune(): number {
    const now = this.clockMs;
    let dropped = 0;
    for (const [key, item] of this.#items) {
      if (isExpired(item, now)) {
        this.#items.delete(key);
        dropped++;
      }
    }
    return dropped;
  }
}
