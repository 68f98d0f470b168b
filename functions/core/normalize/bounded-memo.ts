/**
 * Memoises a pure function of a string. A trail repeats the same few hundred ARNs, addresses and
 * service names, so remembering what they parse to saves most of the work of normalising; the cache
 * forgets everything once it holds `limit` entries, so memory stays bounded whatever the input.
 * Results are shared between callers and must be treated as immutable.
 */
export function boundedMemo<V>(compute: (key: string) => V, limit = 10_000): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as V;
    const value = compute(key);
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
    return value;
  };
}
