// AssemblyScript, not TypeScript: compiled to WebAssembly (SIMD) by build-record-scanner.mjs, and
// excluded from tsc and the linter. The WebAssembly twin of record-analyzer.ts and json-skipper.ts:
// same grammar, same value count, same answers (the exactness property test runs both).
//
// Memory: [0, 64) result slots, [64, 1024) the container stack, [1024, 1024 + n) the input, then at
// least PADDING zero bytes. A zero byte stops every loop (it is not whitespace, not a digit, and a
// control character inside a string), so no loop tests the input's length: the end of the input is a
// syntax error like any other. The caller (wasm-record-analyzer.ts) treats every failure alike — it
// plans nothing and the input is parsed in full, which reports the error exactly. For a CloudWatch Logs
// payload the input starts further in, behind a scratch area that `unescape` copies its messages into.

// Offsets returned are relative to BASE; failures are negative.
const BASE: usize = 1024;
const STACK: usize = 64;
const STACK_SIZE: usize = 960;
/** Not JSON (or the input ended). */
const ERR: i32 = -1;
/** Nested deeper than the stack: the caller retries the record in JavaScript. */
const DEEP: i32 = -3;
/** A `\u` escape in a string being unescaped: the caller decodes that string in JavaScript. */
const UNICODE: i32 = -4;

// Result slots (i32).
const R_SOURCE: usize = 0;
const R_SOURCE_END: usize = 4;
const R_NAME: usize = 8;
const R_NAME_END: usize = 12;
const R_UNSURE: usize = 16;
/** The running count of JSON values: read at each call, written back at its end. */
const R_VALUES: usize = 20;
/** Where the string `unescape` copied ends (after its closing quote). */
const R_STRING_END: usize = 24;

// Internal failure markers (real offsets are >= BASE).
const FAIL: usize = 0;
const TOO_DEEP: usize = 1;

let values: i32 = 0;
let escaped: bool = false;

@inline
function isWs(c: u32): bool {
  // Most bytes tested follow a token directly (compact JSON): one comparison rules them out.
  return c <= 0x20 && (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09);
}

@inline
function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

@inline
function isHex(c: u32): bool {
  return c - 0x30 < 10 || (c | 0x20) - 0x61 < 6;
}

@inline
function isSimpleEscape(c: u32): bool {
  return c == 0x22 || c == 0x5c || c == 0x2f || c == 0x62 || c == 0x66 || c == 0x6e || c == 0x72 || c == 0x74;
}

@inline
function skipWs(i: usize): usize {
  while (isWs(load<u8>(i))) i++;
  return i;
}

/**
 * From inside a string: the offset after its closing quote, or FAIL. Sets `escaped` when it meets an
 * escape (the caller clears it). Plain content is skipped 16 bytes at a time.
 */
@inline
function skipString(i: usize): usize {
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  const space = i8x16.splat(0x20);
  for (;;) {
    for (;;) {
      const v = v128.load(i);
      const stop = v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash)), i8x16.lt_u(v, space));
      const bits = i8x16.bitmask(stop);
      if (bits != 0) {
        i += <usize>ctz<i32>(bits);
        break;
      }
      i += 16;
    }
    const c = <u32>load<u8>(i);
    if (c == 0x22) return i + 1;
    if (c != 0x5c) return FAIL; // a control character (or the end)
    escaped = true;
    const e = <u32>load<u8>(i + 1);
    if (e == 0x75) {
      if (!isHex(load<u8>(i + 2)) || !isHex(load<u8>(i + 3)) || !isHex(load<u8>(i + 4)) || !isHex(load<u8>(i + 5)))
        return FAIL;
      i += 6;
    } else if (isSimpleEscape(e)) {
      i += 2;
    } else {
      return FAIL;
    }
  }
  return FAIL; // not reached (AssemblyScript wants a return after an endless loop)
}

function skipNumber(i: usize): usize {
  if (load<u8>(i) == 0x2d) i++;
  const c = <u32>load<u8>(i);
  if (c == 0x30) i++;
  else if (isDigit(c)) while (isDigit(load<u8>(i))) i++;
  else return FAIL;
  if (load<u8>(i) == 0x2e) {
    i++;
    if (!isDigit(load<u8>(i))) return FAIL;
    while (isDigit(load<u8>(i))) i++;
  }
  const e = <u32>load<u8>(i);
  if (e == 0x65 || e == 0x45) {
    i++;
    const s = <u32>load<u8>(i);
    if (s == 0x2b || s == 0x2d) i++;
    if (!isDigit(load<u8>(i))) return FAIL;
    while (isDigit(load<u8>(i))) i++;
  }
  return i;
}

/** A property name and its colon, from the opening quote: where the value starts, or FAIL. */
@inline
function skipKey(i: usize): usize {
  if (load<u8>(i) != 0x22) return FAIL;
  i = skipString(i + 1);
  if (i == FAIL) return FAIL;
  i = skipWs(i);
  if (load<u8>(i) != 0x3a) return FAIL;
  return skipWs(i + 1);
}

/** One value starting exactly at `i`, counting the values in it: its end, FAIL or TOO_DEEP. */
function skipValue(i: usize): usize {
  let depth: usize = 0;
  for (;;) {
    const c = <u32>load<u8>(i);
    values++;
    if (c == 0x22) {
      i = skipString(i + 1);
      if (i == FAIL) return FAIL;
    } else if (c == 0x7b || c == 0x5b) {
      i = skipWs(i + 1);
      if (<u32>load<u8>(i) == (c == 0x7b ? 0x7d : 0x5d)) {
        i++;
      } else {
        if (depth == STACK_SIZE) return TOO_DEEP;
        store<u8>(STACK + depth, c == 0x7b ? 1 : 2);
        depth++;
        if (c == 0x7b) {
          i = skipKey(i);
          if (i == FAIL) return FAIL;
        }
        continue;
      }
    } else if (c == 0x2d || isDigit(c)) {
      i = skipNumber(i);
      if (i == FAIL) return FAIL;
    } else if (c == 0x74) {
      if (load<u32>(i) != 0x65757274) return FAIL; // true
      i += 4;
    } else if (c == 0x66) {
      if (load<u32>(i) != 0x736c6166 || load<u8>(i + 4) != 0x65) return FAIL; // false
      i += 5;
    } else if (c == 0x6e) {
      if (load<u32>(i) != 0x6c6c756e) return FAIL; // null
      i += 4;
    } else {
      return FAIL;
    }
    // After a complete value: close containers until one continues with ','.
    for (;;) {
      if (depth == 0) return i;
      i = skipWs(i);
      const d = <u32>load<u8>(i);
      const top = <u32>load<u8>(STACK + depth - 1);
      if (d == 0x2c) {
        i = skipWs(i + 1);
        if (top == 1) {
          i = skipKey(i);
          if (i == FAIL) return FAIL;
        }
        break;
      }
      if (d == (top == 1 ? 0x7d : 0x5d)) {
        i++;
        depth--;
        continue;
      }
      return FAIL;
    }
  }
  return FAIL; // not reached
}

/** `eventSource`, 11 bytes. */
@inline
function isEventSource(start: usize, end: usize): bool {
  return end - start == 11 && load<u64>(start) == 0x756f53746e657665 && load<u16>(start + 8) == 0x6372 && load<u8>(start + 10) == 0x65;
}

/** `eventName`, 9 bytes. */
@inline
function isEventName(start: usize, end: usize): bool {
  return end - start == 9 && load<u64>(start) == 0x6d614e746e657665 && load<u8>(start + 8) == 0x65;
}

/** Skips the value at `start` (relative), counting values: its end, ERR or DEEP. */
export function skip(start: i32): i32 {
  values = load<i32>(R_VALUES);
  const end = skipValue(BASE + <usize>start);
  if (end == FAIL) return ERR;
  if (end == TOO_DEEP) return DEEP; // the count is left as it was, for the retry
  store<i32>(R_VALUES, values);
  return <i32>(end - BASE);
}

/**
 * Reads the object whose `{` is at `start` (relative), checking its grammar throughout, and leaves in
 * the result slots where its top-level `eventSource` and `eventName` string contents are (-1: absent)
 * and whether the bytes alone cannot tell what they are (an escape in a key or in either value, either
 * key repeated or not a string). Returns the offset after its `}`, ERR or DEEP.
 */
export function analyze(start: i32): i32 {
  values = load<i32>(R_VALUES) + 1;
  let source: usize = 0;
  let sourceEnd: usize = 0;
  let name: usize = 0;
  let nameEnd: usize = 0;
  let unsure = false;
  let i = skipWs(BASE + <usize>start + 1);
  if (load<u8>(i) == 0x7d) {
    i++;
  } else {
    for (;;) {
      if (load<u8>(i) != 0x22) return ERR;
      const keyStart = i + 1;
      escaped = false;
      i = skipString(keyStart);
      if (i == FAIL) return ERR;
      let which = 0;
      if (escaped) unsure = true;
      else if (isEventSource(keyStart, i - 1)) which = 1;
      else if (isEventName(keyStart, i - 1)) which = 2;
      i = skipWs(i);
      if (load<u8>(i) != 0x3a) return ERR;
      i = skipWs(i + 1);
      if (which != 0 && load<u8>(i) == 0x22) {
        values++;
        const valueStart = i + 1;
        escaped = false;
        i = skipString(valueStart);
        if (i == FAIL) return ERR;
        if (escaped) unsure = true;
        if (which == 1) {
          if (source != 0) unsure = true;
          source = valueStart;
          sourceEnd = i - 1;
        } else {
          if (name != 0) unsure = true;
          name = valueStart;
          nameEnd = i - 1;
        }
      } else {
        if (which != 0) unsure = true; // not a string: parsing decides what it is
        i = skipValue(i);
        if (i == FAIL) return ERR;
        if (i == TOO_DEEP) return DEEP;
      }
      i = skipWs(i);
      const c = load<u8>(i);
      if (c == 0x2c) {
        i = skipWs(i + 1);
        continue;
      }
      if (c != 0x7d) return ERR;
      i++;
      break;
    }
  }
  store<i32>(R_SOURCE, source == 0 ? -1 : <i32>(source - BASE));
  store<i32>(R_SOURCE_END, source == 0 ? -1 : <i32>(sourceEnd - BASE));
  store<i32>(R_NAME, name == 0 ? -1 : <i32>(name - BASE));
  store<i32>(R_NAME_END, name == 0 ? -1 : <i32>(nameEnd - BASE));
  store<i32>(R_UNSURE, unsure ? 1 : 0);
  store<i32>(R_VALUES, values);
  return <i32>(i - BASE);
}

/**
 * Copies the content of a string — from its first byte after the opening quote, at `from` (relative) —
 * to `to` (relative), unescaping it and checking its grammar as skipString does: returns how many bytes
 * it wrote and leaves the offset after the closing quote in R_STRING_END; ERR for a control character,
 * an invalid escape or the end of the input; UNICODE at a `\u` escape (the caller then skips the string
 * and has JavaScript decode it). Plain content is copied 16 bytes at a time, so up to 15 bytes past the
 * end of the copy are written too: the caller leaves that room.
 */
export function unescape(from: i32, to: i32): i32 {
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  const space = i8x16.splat(0x20);
  let i = BASE + <usize>from;
  let d = BASE + <usize>to;
  const start = d;
  for (;;) {
    const v = v128.load(i);
    v128.store(d, v);
    const stop = v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash)), i8x16.lt_u(v, space));
    const bits = i8x16.bitmask(stop);
    if (bits == 0) {
      i += 16;
      d += 16;
      continue;
    }
    const k = <usize>ctz<i32>(bits);
    i += k;
    d += k;
    const c = <u32>load<u8>(i);
    if (c == 0x22) {
      store<i32>(R_STRING_END, <i32>(i + 1 - BASE));
      return <i32>(d - start);
    }
    if (c != 0x5c) return ERR; // a control character (or the end)
    const e = <u32>load<u8>(i + 1);
    let out: u32 = e;
    if (e == 0x6e) out = 0x0a;
    else if (e == 0x74) out = 0x09;
    else if (e == 0x72) out = 0x0d;
    else if (e == 0x62) out = 0x08;
    else if (e == 0x66) out = 0x0c;
    else if (e == 0x75) return UNICODE;
    else if (e != 0x22 && e != 0x5c && e != 0x2f) return ERR;
    store<u8>(d, <u8>out);
    d++;
    i += 2;
  }
  return ERR; // not reached
}
