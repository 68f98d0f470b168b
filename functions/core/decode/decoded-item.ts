import type { InputError, InputErrorKind } from '../model/input-error.ts';
import type { SourceLocation } from '../model/location.ts';

/**
 * One thing found in an input: a CloudTrail record (any `eventSource`; normalisation decides what
 * is STS), a run of records that selective parsing counted without parsing (none of them can matter),
 * a CloudWatch Logs `CONTROL_MESSAGE` (acknowledged and skipped), a digest or Insights record
 * (acknowledged), or an input error.
 */
export type DecodedItem =
  | { readonly kind: 'record'; readonly record: Record<string, unknown>; readonly location: SourceLocation }
  /** `count` CloudTrail records, each with plain `eventSource`/`eventName` strings naming no candidate call. */
  | { readonly kind: 'skipped'; readonly count: number }
  | { readonly kind: 'control'; readonly location: SourceLocation }
  /** A CloudTrail digest file (log-integrity manifest): valid, but it holds no records. */
  | { readonly kind: 'digest'; readonly location: SourceLocation }
  /** A CloudTrail Insights record (`insightDetails`): valid, not a call to judge. */
  | { readonly kind: 'insight'; readonly location: SourceLocation }
  | { readonly kind: 'error'; readonly error: InputError };

export const inputErrorItem = (
  kind: InputErrorKind,
  message: string,
  location: SourceLocation,
): DecodedItem => ({ kind: 'error', error: { kind, message, location } });

/**
 * Stands for every input error after the first `maxErrors` of an input: those are counted but never
 * kept, so describing them (line, column, excerpt) would be work thrown away.
 */
export const UNDESCRIBED_ERROR: DecodedItem = Object.freeze({
  kind: 'error',
  error: Object.freeze({
    kind: 'json',
    message: 'input error (not described: over --max-errors)',
    location: {},
  }),
});
