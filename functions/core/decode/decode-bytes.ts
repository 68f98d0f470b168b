import type { Result } from '../model/result.ts';
import { bytesToText } from './bytes-to-text.ts';
import type { DecodedItem } from './decoded-item.ts';
import { inputErrorItem } from './decoded-item.ts';
import { gunzip, isGzip, otherCompression } from './gunzip.ts';
import { skipWhitespace } from './json-scan.ts';
import { decodeJsonSequence } from './json-sequence.ts';
import { unwrapValue } from './unwrap-value.ts';

/**
 * The bytes of one input file once decompressed (`gzipped` says whether they were), or the error item
 * that says why they could not be.
 */
export type Inflated =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly gzipped: boolean }
  | { readonly ok: false; readonly error: DecodedItem };

/**
 * Decompresses the bytes of one input file when they are gzip (by its magic bytes, whatever the name);
 * other compressed formats are an error that names them. Never throws.
 */
export function inflate(data: Uint8Array, file: string): Inflated {
  if (isGzip(data)) return gunzipped(gunzip(data), file);
  return plain(data, file);
}

function gunzipped(inflated: Result<Uint8Array, string>, file: string): Inflated {
  return inflated.ok
    ? { ok: true, bytes: inflated.value, gzipped: true }
    : { ok: false, error: inputErrorItem('gzip', inflated.error, { file }) };
}

function plain(data: Uint8Array, file: string): Inflated {
  const other = otherCompression(data);
  if (other === undefined) return { ok: true, bytes: data, gzipped: false };
  return {
    ok: false,
    error: inputErrorItem('gzip', `${other}: only gzip-compressed input is supported`, { file }),
  };
}

/**
 * Decodes the bytes of one input file: gzip (by its magic bytes, whatever the name), a UTF-8 BOM,
 * then {@link decodeText}. Lazy: nothing is decompressed until the result is iterated. Never throws.
 */
export function* decodeBytes(data: Uint8Array, file: string): Iterable<DecodedItem> {
  yield* decodeInflated(inflate(data, file), file);
}

/** {@link decodeBytes} of a file already decompressed by {@link inflate}. */
export function* decodeInflated(inflated: Inflated, file: string): Iterable<DecodedItem> {
  if (!inflated.ok) {
    yield inflated.error;
    return;
  }
  const { bytes, gzipped } = inflated;
  // A `.gz` name without gzip magic is read as text; only if that fails too is the name mentioned.
  const misnamed = !gzipped && /\.gz$/i.test(file);
  const text = bytesToText(bytes);
  if (!text.ok) {
    const { message, line } = text.error;
    const location = line === undefined ? { file } : { file, line };
    if (misnamed) yield inputErrorItem('gzip', `not gzip data and not JSON (${message})`, location);
    else yield inputErrorItem('json', gzipped ? `decompressed data is ${message}` : message, location);
    return;
  }
  yield* misnamed ? explainMisnamed(decodeText(text.value, file)) : decodeText(text.value, file);
}

/**
 * Decodes one text: a single JSON value (parsed once, as a whole), or else JSON Lines / a sequence
 * of values; then finds the records in each value with {@link unwrapValue}. An empty or
 * whitespace-only text yields one error, "empty file".
 */
export function* decodeText(text: string, file: string): Iterable<DecodedItem> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (skipWhitespace(body, 0) === body.length) {
    yield inputErrorItem('json', 'empty file', { file });
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    yield* decodeJsonSequence(body, file);
    return;
  }
  yield* unwrapValue(value, { file });
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
