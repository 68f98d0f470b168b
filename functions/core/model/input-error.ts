import type { SourceLocation } from './location.ts';

/**
 * Why an input could not be read as CloudTrail:
 * - `read`: the file or object could not be read at all;
 * - `gzip`: compressed data that does not decompress;
 * - `json`: text that is not JSON (truncated, not JSON Lines either);
 * - `shape`: valid JSON that is none of the accepted shapes, or a record without `eventSource`/`eventName`.
 */
export type InputErrorKind = 'read' | 'gzip' | 'json' | 'shape';

export interface InputError {
  readonly kind: InputErrorKind;
  /** Human-readable; never contains record content beyond a short, sanitised excerpt. */
  readonly message: string;
  readonly location: SourceLocation;
}
