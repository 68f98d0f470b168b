import { isJsonWhitespace } from './json-whitespace.ts';

/**
 * A JSON syntax scanner used only after `JSON.parse` has failed (or to split a stream of
 * concatenated values): it finds where one value ends, or where and why the text stops being
 * JSON. V8's own messages are not used because they quote the input and often give no position.
 */

export type JsonScan =
  | { readonly ok: true; readonly end: number }
  | {
      readonly ok: false;
      /** Offset of the first character that cannot continue the value (the text length when truncated). */
      readonly offset: number;
      /** The text ended before the value was complete. */
      readonly truncated: boolean;
      /** What went wrong, in words; never quotes the input. */
      readonly reason: string;
      /** The value holds more than `maxValues` values (the scan stopped there). */
      readonly tooManyValues?: true;
    };

export interface ScanOptions {
  /** Scan as if the text ended here (a stream decoder's resynchronisation point). */
  readonly end?: number;
  /** Stop with a `tooManyValues` failure past this many values (see DecodeLimits.maxValues). */
  readonly maxValues?: number;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** The first offset at or after `from` (and before `end`) that is not JSON whitespace. */
export function skipWhitespace(text: string, from: number, end: number = text.length): number {
  let i = from;
  while (i < end && isJsonWhitespace(text.charCodeAt(i))) i++;
  return i;
}

type Failure = Extract<JsonScan, { ok: false }>;
const fail = (offset: number, reason: string, truncated = false): Failure => ({
  ok: false,
  offset,
  truncated,
  reason,
});

/**
 * Scans one JSON value starting at `start` (leading whitespace allowed); returns where it ends. Linear in
 * the length scanned, whatever the nesting.
 */
export function scanJsonValue(text: string, start: number, options: ScanOptions = {}): JsonScan {
  const n = Math.min(options.end ?? text.length, text.length);
  const maxValues = options.maxValues ?? Number.POSITIVE_INFINITY;
  let values = 0;
  const stack: number[] = []; // 0x7b '{' or 0x5b '['
  let i = skipWhitespace(text, start, n);
  let state: 'value' | 'key' | 'after' = 'value';

  for (;;) {
    if (state === 'value') {
      i = skipWhitespace(text, i, n);
      if (i >= n) return fail(n, 'the text ends where a value was expected', true);
      if (++values > maxValues) return { ...fail(i, 'too many values'), tooManyValues: true };
      const c = text.charCodeAt(i);
      if (c === 0x7b || c === 0x5b) {
        stack.push(c);
        i = skipWhitespace(text, i + 1, n);
        const close = c === 0x7b ? 0x7d : 0x5d;
        if (i < n && text.charCodeAt(i) === close) {
          stack.pop();
          i++;
          state = 'after';
        } else {
          state = c === 0x7b ? 'key' : 'value';
        }
        continue;
      }
      const r =
        c === 0x22
          ? scanString(text, i, n)
          : c === 0x2d || isDigit(c)
            ? scanNumber(text, i, n)
            : scanLiteral(text, i, n);
      if (!r.ok) return r;
      i = r.end;
      state = 'after';
      continue;
    }
    if (state === 'key') {
      i = skipWhitespace(text, i, n);
      if (i >= n) return fail(n, 'the text ends where a property name was expected', true);
      if (text.charCodeAt(i) !== 0x22) return fail(i, 'expected a double-quoted property name');
      const r = scanString(text, i, n);
      if (!r.ok) return r;
      i = skipWhitespace(text, r.end, n);
      if (i >= n) return fail(n, "the text ends where ':' was expected", true);
      if (text.charCodeAt(i) !== 0x3a) return fail(i, "expected ':' after a property name");
      i++;
      state = 'value';
      continue;
    }
    // after a complete value
    const top = stack.at(-1);
    if (top === undefined) return { ok: true, end: i };
    i = skipWhitespace(text, i, n);
    if (i >= n) return fail(n, 'the text ends inside an unfinished object or array', true);
    const c = text.charCodeAt(i);
    if (c === 0x2c) {
      i++;
      state = top === 0x7b ? 'key' : 'value';
    } else if ((top === 0x7b && c === 0x7d) || (top === 0x5b && c === 0x5d)) {
      stack.pop();
      i++;
    } else {
      return fail(i, top === 0x7b ? "expected ',' or '}' after a property value" : "expected ',' or ']'");
    }
  }
}

function scanString(text: string, start: number, n: number): JsonScan {
  let i = start + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return { ok: true, end: i + 1 };
    if (c < 0x20) return fail(i, 'unescaped control character (such as a line break) inside a string');
    if (c === 0x5c) {
      if (i + 1 >= n) break;
      const e = text.charCodeAt(i + 1);
      if (e === 0x75) {
        for (let k = 2; k < 6; k++) {
          if (i + k >= n) return fail(n, 'the text ends inside a string', true);
          if (!isHex(text.charCodeAt(i + k))) return fail(i + k, 'invalid \\u escape in a string');
        }
        i += 6;
        continue;
      }
      if ('"\\/bfnrt'.indexOf(text.charAt(i + 1)) === -1) return fail(i + 1, 'invalid escape in a string');
      i += 2;
      continue;
    }
    i++;
  }
  return fail(n, 'the text ends inside a string', true);
}

function scanNumber(text: string, start: number, n: number): JsonScan {
  let i = start;
  if (text.charCodeAt(i) === 0x2d) i++;
  const digits = (): boolean => {
    const from = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    return i > from;
  };
  if (i >= n) return fail(n, 'the text ends inside a number', true);
  if (text.charCodeAt(i) === 0x30) i++;
  else if (!digits()) return fail(i, 'invalid number');
  if (i < n && text.charCodeAt(i) === 0x2e) {
    i++;
    if (i >= n) return fail(n, 'the text ends inside a number', true);
    if (!digits()) return fail(i, 'invalid number');
  }
  if (i < n && (text.charCodeAt(i) === 0x65 || text.charCodeAt(i) === 0x45)) {
    i++;
    if (i < n && (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d)) i++;
    if (i >= n) return fail(n, 'the text ends inside a number', true);
    if (!digits()) return fail(i, 'invalid number');
  }
  return { ok: true, end: i };
}

function scanLiteral(text: string, start: number, n: number): JsonScan {
  for (const word of ['true', 'false', 'null']) {
    if (text.charAt(start) !== word.charAt(0)) continue;
    for (let k = 1; k < word.length; k++) {
      if (start + k >= n) return fail(n, `the text ends inside '${word}'`, true);
      if (text.charAt(start + k) !== word.charAt(k)) return fail(start + k, 'unexpected character');
    }
    return { ok: true, end: start + word.length };
  }
  return fail(start, 'unexpected character where a value was expected');
}

/**
 * Why a whole string is not one JSON value: the value's own error, or data after the value.
 * Returns `undefined` when the text is valid JSON.
 */
export function findJsonSyntaxError(text: string): Failure | undefined {
  const r = scanJsonValue(text, 0);
  if (!r.ok) return r;
  const rest = skipWhitespace(text, r.end);
  return rest < text.length ? fail(rest, 'unexpected data after the JSON value') : undefined;
}
