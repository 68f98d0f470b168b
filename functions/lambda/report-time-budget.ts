import { describeError } from '../adapters/describe-error.ts';
import type { SourceItem } from '../core/pipeline/source-item.ts';

/** Time kept for rendering and writing the four files after the last input. */
export const DEFAULT_RESERVE_MS = 60_000;

/** Why reading ended before the source did: the time limit (the run goes on to write), or a failed source. */
export type EarlyStop =
  | { readonly kind: 'time-limit'; readonly reason: string }
  | { readonly kind: 'source-failed'; readonly reason: string; readonly error: unknown };

/**
 * Reads `items` while the invocation has time left. When fewer than `reserveMs` remain (or fewer than the
 * inputs read so far suggest the next would take), or when the source fails midway, it stops and says why
 * through `onStop`: the report of what was read is then written and marked incomplete, rather than the
 * platform killing the run mid-write with nothing to show, or a report over part of the period looking
 * whole.
 */
export async function* withinTimeBudget(
  items: AsyncIterable<SourceItem>,
  options: {
    readonly remainingMs: () => number;
    readonly reserveMs: number;
    readonly describe: string;
    readonly now: () => number;
    readonly onStop: (stop: EarlyStop) => void;
  },
): AsyncGenerator<SourceItem> {
  const started = options.now();
  let read = 0;
  const progress = (): string => `${read} input(s) read in ${Math.round((options.now() - started) / 1000)} s`;
  try {
    for await (const item of items) {
      const left = options.remainingMs() - options.reserveMs;
      // The average input so far is the guess for the next one.
      const perInput = read === 0 ? 0 : (options.now() - started) / read;
      if (left <= 0 || left < perInput) {
        options.onStop({
          kind: 'time-limit',
          reason:
            `the report of ${options.describe} would not finish within the Lambda time limit: ${progress()}, ` +
            `${Math.max(0, Math.round(options.remainingMs() / 1000))} s left, the rest of the period was not read. Use an athena:// ` +
            'source for organisation-scale periods, a shorter ROLEWATCH_REPORT_PERIOD, or more memory (faster CPU).',
        });
        return;
      }
      read++;
      yield item;
    }
  } catch (e) {
    options.onStop({
      kind: 'source-failed',
      reason: `reading ${options.describe} failed after ${progress()} (${describeError(e, 'fallback')}); the rest was not read.`,
      error: e,
    });
  }
}
