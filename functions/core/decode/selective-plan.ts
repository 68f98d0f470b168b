import type { DecodeLimits } from './input-limits.ts';
import { isJsonWhitespace } from './json-whitespace.ts';
import { RecordAnalyzer } from './record-analyzer.ts';
import { WASM_SCAN_MIN_BYTES, WasmRecordAnalyzer } from './wasm-record-analyzer.ts';

/**
 * What selective parsing will do with one input, in input order: count a run of records that cannot
 * matter, parse one element of a `Records` array, or parse one top-level value (a JSON Lines record
 * that may matter, or any other shape) and unwrap it as full parsing would.
 */
export type PlanStep =
  | { readonly kind: 'skipped'; readonly count: number }
  | {
      readonly kind: 'element';
      readonly start: number;
      readonly end: number;
      /** The element, when the plan parsed it already (a candidate whose end was found by parsing). */
      readonly value?: unknown;
      /** The bytes `start`/`end` refer to, when not the input's (a stream keeps a copy of each span). */
      readonly bytes?: Uint8Array;
      /** Index in the `Records` array. */
      readonly index: number;
      /** Offset of the top-level value that holds the array (its line is the element's line). */
      readonly valueStart: number;
    }
  | { readonly kind: 'value'; readonly start: number; readonly end: number; readonly value?: unknown };

export interface SelectivePlan {
  readonly steps: readonly PlanStep[];
  /** Top-level values: with one, locations carry no line (as when the whole text is parsed at once). */
  readonly topValues: number;
}

/**
 * Which scanner checks the bytes: `wasm` (WebAssembly with SIMD, record-scanner.as.ts) where the runtime
 * runs it and the input's size suits it, else the JavaScript one; `js` always JavaScript. Same answers.
 */
export type Scanner = 'wasm' | 'js';

const RECORDS_KEY = new TextEncoder().encode('"Records"');

/** If a `{"Records": [` prefix starts at `i` (the `{`), the offset after its `[` and whitespace; else -1. */
function envelopeArrayStart(b: Uint8Array, i: number, n: number): number {
  let p = i + 1;
  while (p < n && isJsonWhitespace(b[p]!)) p++;
  for (let k = 0; k < RECORDS_KEY.length; k++, p++) if (p >= n || b[p] !== RECORDS_KEY[k]) return -1;
  while (p < n && isJsonWhitespace(b[p]!)) p++;
  if (p >= n || b[p] !== 0x3a) return -1;
  p++;
  while (p < n && isJsonWhitespace(b[p]!)) p++;
  if (p >= n || b[p] !== 0x5b) return -1;
  p++;
  while (p < n && isJsonWhitespace(b[p]!)) p++;
  return p;
}

/**
 * Plans selective parsing of one whole UTF-8 input starting at `start` (after any BOM): a CloudTrail log
 * file (`{"Records": [...]}`), JSON Lines, or any sequence of top-level objects. Every byte's grammar is
 * checked. Returns `undefined` — the caller then parses the input in full — when full parsing could
 * differ: a syntax error anywhere (its message and location come from full parsing), a top-level value
 * that is not an object, a value over `limits.maxValues`, or too many values of unknown yield to plan.
 *
 * Memory: nothing per skipped record (a run is one step); the steps stop being stored once they hold more
 * than `limits.maxRecords` records, which is where reading stops anyway.
 */
export function planSelective(
  b: Uint8Array,
  start: number,
  limits: DecodeLimits,
  scanner: Scanner = 'wasm',
  /** The least input the WebAssembly scanner takes (tests set 0, to hold it to small inputs too). */
  wasmMinBytes = WASM_SCAN_MIN_BYTES,
): SelectivePlan | undefined {
  const n = b.length;
  const az =
    (scanner === 'wasm' ? WasmRecordAnalyzer.load(b, wasmMinBytes) : undefined) ?? new RecordAnalyzer();
  // Parsing candidates while planning skips their second scan; it stays off where counting values
  // matters (an input long enough to exceed maxValues), because it does not count them.
  const parseAhead = n - start <= limits.maxValues;
  const steps: PlanStep[] = [];
  let run = 0;
  /** Records the stored steps are sure to yield; past the limit, nothing more needs storing. */
  let sure = 0;
  /** Stored steps that may yield any number of items (an envelope inside JSON Lines, another shape). */
  let unsure = 0;
  let topValues = 0;
  const storing = (): boolean => sure <= limits.maxRecords;
  const flushRun = (): void => {
    if (run > 0 && storing()) steps.push({ kind: 'skipped', count: run });
    if (run > 0) sure += run;
    run = 0;
  };

  let i = start;
  while (i < n && isJsonWhitespace(b[i]!)) i++;
  if (i >= n) return undefined;
  while (i < n) {
    if (b[i] !== 0x7b) return undefined;
    topValues++;
    az.values = 0;
    const valueStart = i;
    const arrayStart = envelopeArrayStart(b, i, n);
    if (arrayStart >= 0) {
      az.parseAhead = parseAhead ? 'records' : undefined;
      az.values += 2;
      const mark = steps.length;
      const markRun = run;
      const markSure = sure;
      i = arrayStart;
      if (i < n && b[i] === 0x5d) {
        i++;
      } else {
        for (let index = 0; ; index++) {
          if (i >= n) return undefined;
          let end: number;
          if (b[i] === 0x7b) {
            end = az.analyze(b, i, n);
            if (end < 0) return undefined;
            if (!az.parse) run++;
          } else {
            end = az.skipValue(b, i, n);
            if (end < 0) return undefined;
            az.parse = true;
          }
          if (az.parse) {
            flushRun();
            if (storing()) {
              steps.push(
                az.parsed === undefined
                  ? { kind: 'element', start: i, end, index, valueStart }
                  : { kind: 'element', start: i, end, index, valueStart, value: az.parsed },
              );
            }
            sure++;
          }
          // A bomb of tiny records is given up on as soon as it is one (full parsing then refuses it).
          if (az.values > limits.maxValues) return undefined;
          i = end;
          while (i < n && isJsonWhitespace(b[i]!)) i++;
          if (i >= n) return undefined;
          if (b[i] === 0x2c) {
            i++;
            while (i < n && isJsonWhitespace(b[i]!)) i++;
            continue;
          }
          if (b[i] !== 0x5d) return undefined;
          i++;
          break;
        }
      }
      while (i < n && isJsonWhitespace(b[i]!)) i++;
      if (i >= n) return undefined;
      if (b[i] === 0x7d) {
        i++;
      } else if (b[i] === 0x2c) {
        // More keys after "Records": not a plain log file. Unplan its records; parse it whole.
        steps.length = mark;
        run = markRun;
        sure = markSure;
        az.values = 0;
        az.parseAhead = undefined;
        const end = az.skipValue(b, valueStart, n);
        if (end < 0) return undefined;
        flushRun();
        steps.push({ kind: 'value', start: valueStart, end });
        unsure++;
        i = end;
      } else {
        return undefined;
      }
    } else {
      az.parseAhead = parseAhead ? 'lines' : undefined;
      const end = az.analyze(b, i, n);
      if (end < 0) return undefined;
      if (az.parse) {
        flushRun();
        const step: PlanStep =
          az.parsed === undefined
            ? { kind: 'value', start: valueStart, end }
            : { kind: 'value', start: valueStart, end, value: az.parsed };
        if (az.plainKeys) {
          if (storing()) steps.push(step);
          sure++;
        } else {
          steps.push(step);
          unsure++;
        }
      } else {
        run++;
      }
      i = end;
    }
    if (az.values > limits.maxValues || unsure > limits.maxRecords) return undefined;
    while (i < n && isJsonWhitespace(b[i]!)) i++;
  }
  flushRun();
  return { steps, topValues };
}
