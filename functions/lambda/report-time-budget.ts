import type { SourceItem } from '../core/pipeline/source-item.ts';

/** A report that would not finish within the Lambda time limit. Names the source and the period. */
export class ReportTimeBudgetError extends Error {
  override readonly name = 'ReportTimeBudgetError';
}

/** Time kept for rendering and writing the four files after the last input. */
export const DEFAULT_RESERVE_MS = 60_000;

/**
 * Reads `items` while the invocation has time left; when fewer than `reserveMs` remain (or fewer than the
 * inputs read so far suggest the rest would take), it stops with an error that names the source, the
 * period and how far it got, instead of being killed by the platform mid-write with nothing to show.
 */
export async function* withinTimeBudget(
  items: AsyncIterable<SourceItem>,
  options: {
    readonly remainingMs: () => number;
    readonly reserveMs: number;
    readonly describe: string;
    readonly now: () => number;
  },
): AsyncGenerator<SourceItem> {
  const started = options.now();
  let read = 0;
  for await (const item of items) {
    const left = options.remainingMs() - options.reserveMs;
    // The average input so far is the guess for the next one.
    const perInput = read === 0 ? 0 : (options.now() - started) / read;
    if (left <= 0 || left < perInput) {
      const seconds = Math.round((options.now() - started) / 1000);
      throw new ReportTimeBudgetError(
        `the report of ${options.describe} would not finish within the Lambda time limit: ${read} input(s) read in ` +
          `${seconds} s, ${Math.max(0, Math.round(options.remainingMs() / 1000))} s left. Use an athena:// source for ` +
          'organisation-scale periods, a shorter ROLEWATCH_REPORT_PERIOD, or more memory (faster CPU).',
      );
    }
    read++;
    yield item;
  }
}
