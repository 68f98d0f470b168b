import { isJsonWhitespace } from './json-whitespace.ts';

/**
 * A JSON grammar checker over UTF-8 bytes that skips values without building them: the inner loop of
 * selective parsing. It accepts exactly what `JSON.parse` accepts (RFC 8259: whitespace is space, tab,
 * CR and LF; numbers without leading zeros; the escapes `\" \\ \/ \b \f \n \r \t \uXXXX`; no control
 * characters in strings; any nesting depth), so that a record it skips would also have parsed. UTF-8
 * validity is checked apart, once per input (`isUtf8`), since bytes ≥ 0x80 only occur inside strings.
 *
 * Offsets are byte offsets. A skip returns the offset after the value, {@link ERR} where the bytes
 * stop being JSON, or {@link MORE} when they end first (a stream feeds more and tries again).
 */

/** The bytes are not JSON. */
export const ERR = -1;
/** The bytes end inside the value. */
export const MORE = -2;

const OBJECT = 1;
const ARRAY = 2;

/** 1 for the bytes that end a run of plain string content: `"`, `\` and control characters. */
export const STRING_STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
STRING_STOP[0x22] = 1;
STRING_STOP[0x5c] = 1;

/** Which escapes may follow a backslash (besides `u`). */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;

const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

export class JsonSkipper {
  /** JSON values skipped since the last reset (objects, arrays and scalars; property names not counted). */
  values = 0;
  /** Whether the last string skipped held a backslash escape. */
  escaped = false;
  private stack_ = new Uint8Array(64);

  /** The first offset at or after `i` that is not JSON whitespace (`n` at the end). */
  skipWs(b: Uint8Array, i: number, n: number): number {
    while (i < n && isJsonWhitespace(b[i]!)) i++;
    return i;
  }

  /**
   * Skips the rest of a string from `i` (anywhere after its opening quote); sets {@link escaped} when an
   * escape is met from `i` on.
   */
  skipString(b: Uint8Array, i: number, n: number): number {
    let escaped = false;
    for (;;) {
      while (i < n && STRING_STOP[b[i]!] === 0) i++;
      if (i >= n) return MORE;
      const c = b[i]!;
      if (c === 0x22) {
        this.escaped = escaped;
        return i + 1;
      }
      if (c !== 0x5c) return ERR; // a control character
      escaped = true;
      if (i + 1 >= n) return MORE;
      const e = b[i + 1]!;
      if (e === 0x75) {
        for (let k = 2; k < 6; k++) {
          if (i + k >= n) return MORE;
          if (HEX[b[i + k]!] === 0) return ERR;
        }
        i += 6;
      } else if (SIMPLE_ESCAPE[e] === 1) {
        i += 2;
      } else {
        return ERR;
      }
    }
  }

  private skipNumberAt(b: Uint8Array, i: number, n: number): number {
    if (b[i] === 0x2d) i++;
    if (i >= n) return MORE;
    if (b[i] === 0x30) i++;
    else if (isDigit(b[i]!)) while (i < n && isDigit(b[i]!)) i++;
    else return ERR;
    if (i < n && b[i] === 0x2e) {
      i++;
      if (i >= n) return MORE;
      if (!isDigit(b[i]!)) return ERR;
      while (i < n && isDigit(b[i]!)) i++;
    }
    if (i < n && (b[i] === 0x65 || b[i] === 0x45)) {
      i++;
      if (i < n && (b[i] === 0x2b || b[i] === 0x2d)) i++;
      if (i >= n) return MORE;
      if (!isDigit(b[i]!)) return ERR;
      while (i < n && isDigit(b[i]!)) i++;
    }
    // A number that reaches the end of the bytes might go on in the next chunk.
    return i >= n ? MORE : i;
  }

  private skipLiteralAt(b: Uint8Array, i: number, n: number, word: readonly number[]): number {
    for (let k = 0; k < word.length; k++) {
      if (i + k >= n) return MORE;
      if (b[i + k] !== word[k]) return ERR;
    }
    return i + word.length;
  }

  /** Skips a property name and its colon, from the opening quote at `i`; returns where the value starts. */
  private skipKeyAt(b: Uint8Array, i: number, n: number): number {
    if (i >= n) return MORE;
    if (b[i] !== 0x22) return ERR;
    i++;
    while (i < n && STRING_STOP[b[i]!] === 0) i++;
    if (i < n && b[i] === 0x22) i++;
    else {
      i = this.skipString(b, i, n);
      if (i < 0) return i;
    }
    if (i < n && b[i] === 0x3a) i++;
    else {
      while (i < n && isJsonWhitespace(b[i]!)) i++;
      if (i >= n) return MORE;
      if (b[i] !== 0x3a) return ERR;
      i++;
    }
    while (i < n && isJsonWhitespace(b[i]!)) i++;
    return i;
  }

  /** Skips one value starting exactly at `i` (no leading whitespace), counting the values in it. */
  skipValue(b: Uint8Array, i: number, n: number): number {
    let depth = 0;
    let stack = this.stack_;
    for (;;) {
      // A value starts at i.
      if (i >= n) return MORE;
      const c = b[i]!;
      this.values++;
      if (c === 0x22) {
        // Plain string content inline (most of a record's bytes); escapes and errors in skipString.
        i++;
        while (i < n && STRING_STOP[b[i]!] === 0) i++;
        if (i < n && b[i] === 0x22) i++;
        else {
          i = this.skipString(b, i, n);
          if (i < 0) return i;
        }
      } else if (c === 0x7b || c === 0x5b) {
        i = this.skipWs(b, i + 1, n);
        if (i >= n) return MORE;
        const close = c === 0x7b ? 0x7d : 0x5d;
        if (b[i] === close) {
          i++;
        } else {
          if (depth === stack.length) {
            const grown = new Uint8Array(stack.length * 2);
            grown.set(stack);
            this.stack_ = stack = grown;
          }
          stack[depth++] = c === 0x7b ? OBJECT : ARRAY;
          if (c === 0x7b) {
            i = this.skipKeyAt(b, i, n);
            if (i < 0) return i;
          }
          continue;
        }
      } else if (c === 0x2d || isDigit(c)) {
        i = this.skipNumberAt(b, i, n);
        if (i < 0) return i;
      } else if (c === 0x74) {
        i = this.skipLiteralAt(b, i, n, TRUE);
        if (i < 0) return i;
      } else if (c === 0x66) {
        i = this.skipLiteralAt(b, i, n, FALSE);
        if (i < 0) return i;
      } else if (c === 0x6e) {
        i = this.skipLiteralAt(b, i, n, NULL);
        if (i < 0) return i;
      } else {
        return ERR;
      }
      // After a complete value: close containers until one continues with ','.
      for (;;) {
        if (depth === 0) return i;
        while (i < n && isJsonWhitespace(b[i]!)) i++;
        if (i >= n) return MORE;
        const d = b[i]!;
        const top = stack[depth - 1];
        if (d === 0x2c) {
          i++;
          while (i < n && isJsonWhitespace(b[i]!)) i++;
          if (top === OBJECT) {
            i = this.skipKeyAt(b, i, n);
            if (i < 0) return i;
          }
          break;
        }
        if (d === (top === OBJECT ? 0x7d : 0x5d)) {
          i++;
          depth--;
          continue;
        }
        return ERR;
      }
    }
  }
}
