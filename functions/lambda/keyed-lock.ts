/**
 * Runs tasks that share a key one after another, and tasks with no key in common at the same time. A task
 * takes all its keys at once or waits holding none, so that two tasks never wait on each other.
 */
export class KeyedLock {
  readonly #held = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    for (;;) {
      const busy = new Set<Promise<void>>();
      for (const key of keys) {
        const held = this.#held.get(key);
        if (held !== undefined) busy.add(held);
      }
      if (busy.size === 0) break;
      await Promise.all(busy);
    }
    // Checked and taken in the same tick: no other task runs in between.
    let release: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const key of keys) this.#held.set(key, done);
    try {
      return await task();
    } finally {
      for (const key of keys) if (this.#held.get(key) === done) this.#held.delete(key);
      release();
    }
  }
}
