import { bytesToText } from './bytes-to-text.ts';
import type { DecodedItem } from './decoded-item.ts';
import { scanJsonValue, skipWhitespace } from './json-scan.ts';
import { logFileElement } from './unwrap-value.ts';

/**
 * A file whose gzip stream was cut short (a download or copy interrupted) still holds whole records before
 * the cut: they are judged, the rest is one input error. This reads the decompressed beginning of such a
 * file — `{"Records": [` and its complete elements, or the complete lines of JSON Lines — and never
 * anything the cut touched.
 */

/** The text of the bytes before the cut, less a UTF-8 character the cut split; `undefined` if not UTF-8. */
export function textBeforeCut(bytes: Uint8Array): string | undefined {
  let end = bytes.length;
  // Back over the continuation bytes (10xxxxxx) of a last character, to its lead byte.
  let k = end - 1;
  while (k >= 0 && end - k <= 4 && (bytes[k]! & 0xc0) === 0x80) k--;
  if (k >= 0) {
    const lead = bytes[k]!;
    const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (end - k < length) end = k;
  }
  const text = bytesToText(bytes.subarray(0, end));
  if (!text.ok) return undefined;
  return text.value.charCodeAt(0) === 0xfeff ? text.value.slice(1) : text.value;
}

const ENVELOPE_START = /^\s*\{\s*"Records"\s*:\s*\[/;

/**
 * The complete elements of a log file's `Records` array before the cut, as items; `undefined` when the
 * text is not a log file (then its complete lines are read instead: {@link linesBeforeCut}).
 */
export function recordsBeforeCut(
  text: string,
  file: string,
  maxValues: number,
): Iterable<DecodedItem> | undefined {
  const start = ENVELOPE_START.exec(text)?.[0].length;
  if (start === undefined) return undefined;
  return (function* () {
    let i = start;
    for (let index = 0; ; index++) {
      i = skipWhitespace(text, i);
      const scan = scanJsonValue(text, i, { maxValues });
      if (!scan.ok) return;
      yield logFileElement(JSON.parse(text.slice(i, scan.end)), { file, path: `Records[${index}]` });
      i = skipWhitespace(text, scan.end);
      if (text.charCodeAt(i) !== 0x2c) return;
      i++;
    }
  })();
}

/** JSON Lines (or any values one per line): the lines before the one the cut split. */
export function linesBeforeCut(text: string): string {
  return text.slice(0, text.lastIndexOf('\n') + 1);
}
