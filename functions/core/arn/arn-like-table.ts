import { compileArnLike } from './arn-like.ts';

/** Distinct ARNs an {@link ArnLikeTable} remembers before it forgets them all. */
const DEFAULT_CACHE_LIMIT = 10_000;

/**
 * An ordered list of ArnLike patterns, each with a value: {@link ArnLikeTable.first} gives the value of the
 * first pattern that matches an ARN (as the trust file's "first matching entry applies").
 *
 * @example
 * const table = new ArnLikeTable([['arn:aws:iam::*:role/app-*', 'apps']]);
 * table.first('arn:aws:iam::111122223333:role/app-web'); // 'apps'
 */
export class ArnLikeTable<T> {
  readonly #rows: readonly { readonly matches: (arn: string) => boolean; readonly value: T }[];
  readonly #limit: number;
  // A trail names the same few roles over and over, so each distinct ARN is matched against every pattern
  // once; the cache forgets everything at its limit, so memory stays bounded whatever the input.
  readonly #cache = new Map<string, T | undefined>();

  constructor(rows: Iterable<readonly [pattern: string, value: T]>, options: { cacheLimit?: number } = {}) {
    this.#rows = [...rows].map(([pattern, value]) => ({ matches: compileArnLike(pattern), value }));
    this.#limit = options.cacheLimit ?? DEFAULT_CACHE_LIMIT;
  }

  /** The value of the first pattern that matches `arn`, or undefined. */
  first(arn: string): T | undefined {
    if (this.#cache.has(arn)) return this.#cache.get(arn);
    const value = this.#rows.find((row) => row.matches(arn))?.value;
    if (this.#cache.size >= this.#limit) this.#cache.clear();
    this.#cache.set(arn, value);
    return value;
  }
}
