/**
 * What is left of one input's decompression allowance. The input's own gzip and every gzip payload nested
 * in it (a CloudWatch Logs subscription whose log messages are subscriptions again, JSON Lines of them)
 * share one limit, the input limit: a 23 KB file must not make rolewatch inflate gigabytes, one 256 MiB
 * payload at a time.
 */
export class DecompressionBudget {
  #left: number;

  /** `bytes`: what the input may still decompress (its limit, less what its own gzip produced). */
  constructor(
    bytes: number,
    /** The whole input's limit, for messages. */
    readonly limit: number = bytes,
  ) {
    this.#left = Math.max(0, bytes);
  }

  get left(): number {
    return this.#left;
  }

  /** Records `bytes` decompressed. */
  spend(bytes: number): void {
    this.#left = Math.max(0, this.#left - bytes);
  }

  /** Whether the allowance, not the payload's own size, is what a payload ran into. */
  get spent(): boolean {
    return this.#left < this.limit;
  }
}
