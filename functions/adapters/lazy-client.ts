/**
 * An AWS SDK client, or a function that creates it on first use. Lambda bundles import the SDK
 * dynamically so that a cold start loads only the client modules an invocation actually needs;
 * tests (and callers that already have a client) pass the instance itself.
 */
export type ClientSource<T extends object> = T | (() => Promise<T>);

/** The client of a {@link ClientSource}: the instance itself, or the one its getter creates. */
export async function resolveClient<T extends object>(source: ClientSource<T>): Promise<T> {
  return typeof source === 'function' ? (source as () => Promise<T>)() : source;
}

/**
 * Memoises an async factory: the first call creates, later calls share the result, so a client is
 * created once per execution environment. A failed creation is not cached, so the next call retries.
 */
export function lazily<T>(create: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= create().catch((e: unknown) => {
      pending = undefined;
      throw e;
    });
    return pending;
  };
}
