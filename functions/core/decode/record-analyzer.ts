import { Buffer } from 'node:buffer';
import { isCandidateCall } from './candidate-calls.ts';
import { ERR, JsonSkipper, MORE, STRING_STOP as STRING_STOP_TABLE } from './json-skipper.ts';

/** A local binding: a hot loop reads it per byte, and some module loaders turn imports into property reads. */
const STRING_STOP = STRING_STOP_TABLE;

const EVENT_SOURCE = new TextEncoder().encode('eventSource');
const EVENT_NAME = new TextEncoder().encode('eventName');

function keyIs(b: Uint8Array, start: number, end: number, key: Uint8Array): boolean {
  if (end - start !== key.length) return false;
  for (let k = 0; k < key.length; k++) if (b[start + k] !== key[k]) return false;
  return true;
}

/**
 * Reads one JSON object's top-level keys from raw bytes, checking its grammar throughout, and decides
 * whether the record can matter: only when its `eventSource`/`eventName` name a candidate call
 * ({@link isCandidateCall}) — or when the bytes alone cannot tell, because a key has an escape (it might
 * decode to `eventSource`), either key is missing, repeated or not a plain string. Those are parsed and
 * decided by the same code as full parsing, so skipping is exact.
 */
export class RecordAnalyzer extends JsonSkipper {
  /** After {@link analyze}: the record must be parsed (a candidate, or the bytes cannot tell). */
  parse = false;
  /**
   * After {@link analyze}: both keys were plain, unique strings, so parsing it yields exactly one
   * record (used to bound what a selective plan stores).
   */
  plainKeys = false;
  /** After {@link analyze}: the record, when it was parsed on the way (see {@link parseAhead}). */
  parsed: unknown;
  /**
   * Where a candidate record most likely ends, when its kind of input says (`records`: the next
   * `},{"eventVersion"` of a log file; `lines`: the end of its JSON Lines line); `undefined` turns the
   * shortcut off (a stream, or an input long enough for the value count to matter).
   */
  parseAhead: 'records' | 'lines' | undefined;

  /** Analyzes the object whose `{` is at `i`; returns the offset after its `}`, or ERR / MORE. */
  analyze(b: Uint8Array, i: number, n: number): number {
    const start = i;
    this.parsed = undefined;
    this.values++;
    let source = -1;
    let sourceEnd = -1;
    let name = -1;
    let nameEnd = -1;
    let unsure = false;
    i = this.skipWs(b, i + 1, n);
    if (i >= n) return MORE;
    if (b[i] === 0x7d) {
      this.parse = true;
      this.plainKeys = false;
      return i + 1;
    }
    for (;;) {
      if (b[i] !== 0x22) return i >= n ? MORE : ERR;
      const keyStart = i + 1;
      i = keyStart;
      while (i < n && STRING_STOP[b[i]!] === 0) i++;
      if (i < n && b[i] === 0x22) {
        i++;
        this.escaped = false;
      } else {
        i = this.skipString(b, i, n);
        if (i < 0) return i;
      }
      let which = 0;
      if (this.escaped) unsure = true;
      else if (keyIs(b, keyStart, i - 1, EVENT_SOURCE)) which = 1;
      else if (keyIs(b, keyStart, i - 1, EVENT_NAME)) which = 2;
      i = this.skipWs(b, i, n);
      if (i >= n) return MORE;
      if (b[i] !== 0x3a) return ERR;
      i = this.skipWs(b, i + 1, n);
      if (i >= n) return MORE;
      if (which !== 0 && b[i] === 0x22) {
        this.values++;
        const valueStart = i + 1;
        this.escaped = false;
        i = this.skipString(b, valueStart, n);
        if (i < 0) return i;
        if (this.escaped) unsure = true;
        if (which === 1) {
          if (source !== -1) unsure = true;
          source = valueStart;
          sourceEnd = i - 1;
        } else {
          if (name !== -1) unsure = true;
          name = valueStart;
          nameEnd = i - 1;
        }
        if (
          this.parseAhead !== undefined &&
          !unsure &&
          source !== -1 &&
          name !== -1 &&
          isCandidateCall(b, source, sourceEnd, name, nameEnd)
        ) {
          const end = this.#parseRest(b, start, i, n);
          if (end !== -1) {
            const r = this.parsed as { eventSource?: unknown; eventName?: unknown };
            this.plainKeys = typeof r.eventSource === 'string' && typeof r.eventName === 'string';
            this.parse = true;
            return end;
          }
        }
      } else {
        if (which !== 0) unsure = true; // not a string: parsing decides what it is
        i = this.skipValue(b, i, n);
        if (i < 0) return i;
      }
      i = this.skipWs(b, i, n);
      if (i >= n) return MORE;
      const c = b[i];
      if (c === 0x2c) {
        i = this.skipWs(b, i + 1, n);
        continue;
      }
      if (c !== 0x7d) return ERR;
      i++;
      break;
    }
    this.plainKeys = !unsure && source !== -1 && name !== -1;
    this.parse = !this.plainKeys || isCandidateCall(b, source, sourceEnd, name, nameEnd);
    return i;
  }

  /**
   * A candidate is parsed anyway, so checking the rest of its grammar byte by byte is work done twice:
   * guess where it ends with one native search, and let `JSON.parse` check that span. A span that parses
   * is exactly one JSON value, so it is the whole record (an object ends at its own closing brace); a
   * wrong guess fails to parse, and scanning goes on from `from`. Returns the end, or -1.
   */
  #parseRest(b: Uint8Array, start: number, from: number, n: number): number {
    const buf = b instanceof Buffer ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    let end: number;
    if (this.parseAhead === 'records') {
      const next = buf.indexOf(NEXT_RECORD, from);
      if (next === -1 || next >= n) return -1;
      end = next + 1;
    } else {
      const eol = buf.indexOf(0x0a, from);
      end = eol === -1 || eol > n ? n : eol;
    }
    try {
      this.parsed = JSON.parse(buf.toString('utf8', start, end));
    } catch {
      this.parsed = undefined;
      return -1;
    }
    return end;
  }
}

/** How the next record of a CloudTrail log file begins: its first key is always `eventVersion`. */
const NEXT_RECORD = Buffer.from('},{"eventVersion"');

export { ERR, MORE };
