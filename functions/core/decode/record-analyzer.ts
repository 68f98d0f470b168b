import { isCandidateCall } from './candidate-calls.ts';
import { ERR, JsonSkipper, MORE } from './json-skipper.ts';

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

  /** Analyzes the object whose `{` is at `i`; returns the offset after its `}`, or ERR / MORE. */
  analyze(b: Uint8Array, i: number, n: number): number {
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
      i = this.skipString(b, keyStart, n);
      if (i < 0) return i;
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
}

export { ERR, MORE };
