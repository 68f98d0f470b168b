import { formatCount } from './format-values.ts';
import type { Report } from './report-schema.ts';

/**
 * The activity table of denied-call spots keeps 5,000 of them (`ACTIVITY_LIMITS.denied`): past that,
 * `deniedHotSpotCount` stops at the limit and the denied calls of further spots are only counted
 * (`activity.notItemised.denied`). The HTML caption and the Markdown section say so, so that "the first
 * N of M" is not read as the whole.
 */
export function notItemisedDenied(r: Report): string {
  const n = r.activity.notItemised.denied ?? 0;
  return n > 0 ? `; ${formatCount(n)} denied calls in further spots not itemised` : '';
}
