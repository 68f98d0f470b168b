/**
 * Maps each item with `fn`, at most `concurrency` calls in flight, and yields the results in the order
 * of the items (not the order they finish), so that a scan's output does not depend on network timing.
 * Items are pulled only when there is room: with a lazy listing underneath, at most `concurrency`
 * results are held, whatever the number of items. A rejected call is rethrown when its turn comes.
 *
 * @example
 * for await (const bytes of mapOrdered(listKeys(), 8, getObject)) judge(bytes);
 */
export async function* mapOrdered<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  concurrency: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const limit = Math.max(1, Math.floor(concurrency));
  const iterator =
    Symbol.asyncIterator in items
      ? (items as AsyncIterable<T>)[Symbol.asyncIterator]()
      : (items as Iterable<T>)[Symbol.iterator]();
  type Settled = { ok: true; value: R } | { ok: false; error: unknown };
  const inFlight: Promise<Settled>[] = [];
  let done = false;
  const fill = async (): Promise<void> => {
    while (!done && inFlight.length < limit) {
      const next = await iterator.next();
      if (next.done === true) {
        done = true;
        break;
      }
      inFlight.push(
        fn(next.value).then(
          (value): Settled => ({ ok: true, value }),
          (error: unknown): Settled => ({ ok: false, error }),
        ),
      );
    }
  };
  try {
    await fill();
    while (inFlight.length > 0) {
      const settled = await inFlight.shift()!;
      if (!settled.ok) throw settled.error;
      await fill();
      yield settled.value;
    }
  } finally {
    if (!done) await iterator.return?.();
  }
}
