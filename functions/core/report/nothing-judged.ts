import { formatCount } from './format-values.ts';
import type { Report } from './report-schema.ts';

/** Said where an empty period would read as a verdict: every principal unused because nothing was judged. */
export function nothingJudged(r: Report): string | undefined {
  if (r.totals.credentialEvents > 0) return undefined;
  const outside = r.totals.outsidePeriod ?? 0;
  return (
    `Nothing was judged in this period${outside > 0 ? ` (the ${formatCount(outside)} credential event(s) read are outside it)` : ''}: ` +
    'every trusted principal shows as unused, which says nothing about the trust file.'
  );
}
