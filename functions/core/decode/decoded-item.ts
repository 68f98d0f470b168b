import type { InputError, InputErrorKind } from '../model/input-error.ts';
import type { SourceLocation } from '../model/location.ts';

/**
 * One thing found in an input: a CloudTrail record (any `eventSource`; normalisation decides what
 * is STS), a CloudWatch Logs `CONTROL_MESSAGE` (acknowledged and skipped), or an input error.
 */
export type DecodedItem =
  | { readonly kind: 'record'; readonly record: Record<string, unknown>; readonly location: SourceLocation }
  | { readonly kind: 'control'; readonly location: SourceLocation }
  /** A CloudTrail digest file (log-integrity manifest): valid, but it holds no records. */
  | { readonly kind: 'digest'; readonly location: SourceLocation }
  | { readonly kind: 'error'; readonly error: InputError };

export const inputErrorItem = (
  kind: InputErrorKind,
  message: string,
  location: SourceLocation,
): DecodedItem => ({ kind: 'error', error: { kind, message, location } });
