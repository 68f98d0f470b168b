/**
 * Bounds on what one input (a file, an S3 object, an event) may make the decoder do. Each defends a
 * measured attack: a 175 KB gzip of 60 million `{}` took 4.9 GB and 15 minutes before these existed.
 * Real CloudTrail log files stay far below all of them (a 100 MB log file holds about 70,000 records
 * and 3 million JSON values). The README's Security section lists them; tests lower them through
 * {@link DecodeLimits} to exercise the limit paths on small inputs.
 */
export interface DecodeLimits {
  /** Decompressed bytes of one input; more is an input error and nothing of it is read. */
  readonly maxInputBytes: number;
  /**
   * Records (and record-level errors) read from one input; the rest is not read and one input error
   * says so.
   */
  readonly maxRecords: number;
  /**
   * JSON values (objects, arrays, strings, numbers, literals; not property names) in one top-level JSON
   * value: what `JSON.parse` would allocate. A value with more is an input error and is not parsed.
   */
  readonly maxValues: number;
}

export const MAX_INPUT_BYTES = 256 * 1024 * 1024;
export const MAX_RECORDS_PER_INPUT = 1_000_000;
export const MAX_VALUES_PER_VALUE = 20_000_000;

export const DEFAULT_LIMITS: DecodeLimits = Object.freeze({
  maxInputBytes: MAX_INPUT_BYTES,
  maxRecords: MAX_RECORDS_PER_INPUT,
  maxValues: MAX_VALUES_PER_VALUE,
});

/**
 * Up to this length a JSON text is parsed without counting its values first: every value takes at least
 * one character, so it cannot hold more than `maxValues` of them, and not counting is exact (real log
 * files are far below it, so they are parsed at once).
 */
export const uncountedLength = (limits: DecodeLimits): number => limits.maxValues;

const count = (n: number): string => n.toLocaleString('en-US');

export const tooManyRecordsMessage = (maxRecords: number): string =>
  `more than ${count(maxRecords)} records in one input: the rest of it is not read ` +
  '(a limit against decompression bombs; split the input)';

export const tooManyValuesReason = (maxValues: number): string =>
  `more than ${count(maxValues)} JSON values in one value (a limit against decompression bombs)`;

export const tooLargeMessage = (maxInputBytes: number, gzipped: boolean): string =>
  gzipped
    ? `gzip data decompresses to more than ${count(maxInputBytes)} bytes (a limit against decompression bombs)`
    : `input larger than ${count(maxInputBytes)} bytes: not read (a limit against decompression bombs)`;

/** A nested payload that would take its input past the limit together with what the input already inflated. */
export const sharedLimitMessage = (maxInputBytes: number): string =>
  `not decompressed: with the payloads before it, this input would decompress to more than ${count(maxInputBytes)} ` +
  'bytes (one limit for an input and everything nested in it, against decompression bombs)';
