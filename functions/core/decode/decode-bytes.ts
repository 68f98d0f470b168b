import { isUtf8 } from 'node:buffer';
import type { Result } from '../model/result.ts';
import { bytesToText } from './bytes-to-text.ts';
import type { DecodedItem } from './decoded-item.ts';
import { inputErrorItem } from './decoded-item.ts';
import { DecompressionBudget } from './decompression-budget.ts';
import { gunzip, gunzipTruncated, isGzip, otherCompression, TRUNCATED } from './gunzip.ts';
import { DEFAULT_LIMITS, type DecodeLimits, tooLargeMessage, uncountedLength } from './input-limits.ts';
import { scanJsonValue, skipWhitespace } from './json-scan.ts';
import { decodeJsonSequence } from './json-sequence.ts';
import { limitRecords } from './limit-records.ts';
import { linesBeforeCut, recordsBeforeCut, textBeforeCut } from './salvage-truncated.ts';
import { selectiveItems } from './selective-items.ts';
import { planSelective } from './selective-plan.ts';
import { unwrapValue } from './unwrap-value.ts';

/**
 * How records are read: `full` parses every record (and yields each as a `record` item); `selective`
 * parses only the records that can matter (the candidate calls) and counts the others as `skipped`
 * runs, for the same judgement at a fraction of the cost, checking the bytes with the WebAssembly
 * scanner where it runs; `selective-js` does the same with the JavaScript scanner only (for benchmarks
 * and tests). All give the same findings, counts and errors (a property test holds them to it).
 */
export type ParseMode = 'selective' | 'selective-js' | 'full';

export interface DecodeOptions {
  /** Default `full`: a decoder yields every record unless told that skipped ones will only be counted. */
  readonly parse?: ParseMode;
  /** Input errors described in full; later ones are only counted (default: all). */
  readonly maxErrors?: number;
  readonly limits?: DecodeLimits;
}

/**
 * The bytes of one input file once decompressed (`gzipped` says whether they were), or the error item
 * that says why they could not be.
 */
export type Inflated =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly gzipped: boolean }
  | {
      readonly ok: false;
      readonly error: DecodedItem;
      /** Of gzip data cut short: what inflates before the cut (its whole records are still read). */
      readonly beforeCut?: Uint8Array;
    };

/**
 * Decompresses the bytes of one input file when they are gzip (by its magic bytes, whatever the name);
 * other compressed formats are an error that names them; so is more than `maxInputBytes`. Never throws.
 */
export function inflate(data: Uint8Array, file: string, limits: DecodeLimits = DEFAULT_LIMITS): Inflated {
  if (isGzip(data)) return gunzipped(data, gunzip(data, limits.maxInputBytes), file, limits);
  return plain(data, file, limits);
}

function gunzipped(
  data: Uint8Array,
  inflated: Result<Uint8Array, string>,
  file: string,
  limits: DecodeLimits,
): Inflated {
  if (inflated.ok) return { ok: true, bytes: inflated.value, gzipped: true };
  const error = inputErrorItem('gzip', inflated.error, { file });
  if (inflated.error !== TRUNCATED) return { ok: false, error };
  return { ok: false, error, beforeCut: gunzipTruncated(data, limits.maxInputBytes) };
}

function plain(data: Uint8Array, file: string, limits: DecodeLimits): Inflated {
  const other = otherCompression(data);
  if (other !== undefined) {
    return {
      ok: false,
      error: inputErrorItem('gzip', `${other}: only gzip-compressed input is supported`, { file }),
    };
  }
  if (data.length > limits.maxInputBytes) {
    return {
      ok: false,
      error: inputErrorItem('read', tooLargeMessage(limits.maxInputBytes, false), { file }),
    };
  }
  return { ok: true, bytes: data, gzipped: false };
}

/**
 * Decodes the bytes of one input file: gzip (by its magic bytes, whatever the name), a UTF-8 BOM,
 * then {@link decodeText}. Lazy: nothing is decompressed until the result is iterated. Never throws.
 */
export function* decodeBytes(
  data: Uint8Array,
  file: string,
  options: DecodeOptions = {},
): Iterable<DecodedItem> {
  yield* decodeInflated(inflate(data, file, options.limits ?? DEFAULT_LIMITS), file, options);
}

/** {@link decodeBytes} of a file already decompressed by {@link inflate}. */
export function* decodeInflated(
  inflated: Inflated,
  file: string,
  options: DecodeOptions = {},
): Iterable<DecodedItem> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (!inflated.ok) {
    if (inflated.beforeCut !== undefined) yield* salvaged(inflated.beforeCut, file, options, limits);
    else yield inflated.error;
    return;
  }
  const { bytes, gzipped } = inflated;
  // A `.gz` name without gzip magic is read as text; only if that fails too is the name mentioned.
  const misnamed = !gzipped && /\.gz$/i.test(file);
  // One decompression allowance for the input: what its own gzip produced counts against it.
  const budget = new DecompressionBudget(
    limits.maxInputBytes - (gzipped ? bytes.length : 0),
    limits.maxInputBytes,
  );
  const items = limitRecords(decodeBody(bytes, gzipped, file, options, budget), limits.maxRecords, file);
  yield* misnamed ? explainMisnamed(items) : items;
}

/**
 * A gzip file cut short: the whole records before the cut (a log file's complete `Records` elements, or
 * complete lines), then one error that says how many were read and that the rest is lost. The same in
 * every parse mode.
 */
function* salvaged(
  beforeCut: Uint8Array,
  file: string,
  options: DecodeOptions,
  limits: DecodeLimits,
): Generator<DecodedItem> {
  const text = textBeforeCut(beforeCut);
  const budget = new DecompressionBudget(limits.maxInputBytes - beforeCut.length, limits.maxInputBytes);
  const items =
    text === undefined
      ? []
      : (recordsBeforeCut(text, file, limits.maxValues) ??
        decodeText(linesBeforeCut(text), file, { ...options, parse: 'full' }, budget, false));
  let read = 0;
  for (const item of limitRecords(items, limits.maxRecords, file)) {
    if (item.kind === 'record') read++;
    yield item;
  }
  const kept =
    read === 0 ? 'nothing before the cut could be read' : `the ${read} record(s) before the cut were read`;
  yield inputErrorItem('gzip', `${TRUNCATED}; ${kept}, the rest of the file is lost`, { file });
}

function* decodeBody(
  bytes: Uint8Array,
  gzipped: boolean,
  file: string,
  options: DecodeOptions,
  budget: DecompressionBudget,
): Generator<DecodedItem> {
  if (options.parse === 'selective' || options.parse === 'selective-js') {
    const start = utf8Start(bytes);
    const scanner = options.parse === 'selective' ? 'wasm' : 'js';
    // Invalid UTF-8, UTF-16, a syntax error, an odd shape: full parsing says what is wrong.
    const plan =
      start === -1 ? undefined : planSelective(bytes, start, options.limits ?? DEFAULT_LIMITS, scanner);
    if (plan !== undefined) {
      yield* selectiveItems(plan, bytes, file, budget);
      return;
    }
  }
  const text = bytesToText(bytes);
  if (!text.ok) {
    const { message, line } = text.error;
    const location = line === undefined ? { file } : { file, line };
    yield inputErrorItem('json', gzipped ? `decompressed data is ${message}` : message, location);
    return;
  }
  yield* decodeText(text.value, file, options, budget);
}

/** Where the JSON of valid UTF-8 bytes starts (after one BOM), or -1 when only a text decoder can say. */
function utf8Start(b: Uint8Array): number {
  const bom = (at: number): boolean => b[at] === 0xef && b[at + 1] === 0xbb && b[at + 2] === 0xbf;
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return -1;
  const start = bom(0) ? 3 : 0;
  if (bom(start)) return -1;
  return isUtf8(b.subarray(start)) ? start : -1;
}

/**
 * Decodes one text: a single JSON value (parsed once, as a whole), or else JSON Lines / a sequence
 * of values; then finds the records in each value with {@link unwrapValue}. An empty or
 * whitespace-only text yields one error, "empty file". A long text is scanned before it is parsed
 * whole, so that one holding more than `maxValues` values is never handed to `JSON.parse`.
 */
export function* decodeText(
  text: string,
  file: string,
  options: DecodeOptions = {},
  budget?: DecompressionBudget,
  /** Whether an empty text is an error ("empty file"); not for the lines before a cut. */
  whole = true,
): Iterable<DecodedItem> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const allowance = budget ?? new DecompressionBudget(limits.maxInputBytes);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (skipWhitespace(body, 0) === body.length) {
    if (whole) yield inputErrorItem('json', 'empty file', { file });
    return;
  }
  if (body.length <= uncountedLength(limits) || isOneValue(body, limits.maxValues)) {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      value = NOT_PARSED;
    }
    if (value !== NOT_PARSED) {
      yield* unwrapValue(value, { file }, { skipMessages: options.parse === 'selective', budget: allowance });
      return;
    }
  }
  yield* decodeJsonSequence(body, file, {
    limits,
    maxErrors: options.maxErrors ?? Number.POSITIVE_INFINITY,
    budget: allowance,
  });
}

const NOT_PARSED = Symbol('not parsed');

function isOneValue(text: string, maxValues: number): boolean {
  const scan = scanJsonValue(text, 0, { maxValues });
  return scan.ok && skipWhitespace(text, scan.end) === text.length;
}

/** A `.gz` file that is neither gzip nor JSON gets one error that says both. */
function* explainMisnamed(items: Iterable<DecodedItem>): Generator<DecodedItem> {
  const iterator = items[Symbol.iterator]();
  const held: DecodedItem[] = [];
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    const item = next.value;
    if (item.kind === 'error' && item.error.kind === 'json') {
      held.push(item);
      continue;
    }
    // Something was read, so this is text after all: report everything as it is.
    yield* held;
    yield item;
    for (let rest = iterator.next(); !rest.done; rest = iterator.next()) yield rest.value;
    return;
  }
  const first = held[0];
  if (first === undefined || first.kind !== 'error' || first.error.message === 'empty file') {
    yield* held;
    return;
  }
  yield inputErrorItem('gzip', `not gzip data and not JSON (${first.error.message})`, first.error.location);
}
