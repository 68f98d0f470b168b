import { formatCount } from './format-values.ts';
import type { Completeness, Report } from './report-schema.ts';

/**
 * A report over partial data must say so where a reader looks first, never only in a count at the
 * bottom: inputs that could not be read (an unreadable S3 object, a source that stopped midway and said
 * so) and a run that stopped before its sources ended make it incomplete.
 */
export function reportCompleteness(inputErrors: number, stoppedEarly: string | undefined): Completeness {
  const reasons: string[] = [];
  if (stoppedEarly !== undefined)
    reasons.push(`Reading stopped before the end of the sources: ${stoppedEarly}`);
  if (inputErrors > 0)
    reasons.push(
      `${formatCount(inputErrors)} input(s) or record(s) could not be read: the calls in them are not counted or judged (see Input errors).`,
    );
  return {
    complete: reasons.length === 0,
    reasons,
    ...(stoppedEarly === undefined ? {} : { stoppedEarly }),
  };
}

/** The banner's sentences, or undefined for a complete report (one read before the field existed: its input errors). */
export function incompleteReasons(r: Report): readonly string[] | undefined {
  const c = r.completeness ?? reportCompleteness(r.inputErrors.count, undefined);
  return c.complete ? undefined : c.reasons;
}
