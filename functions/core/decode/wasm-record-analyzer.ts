import { Buffer } from 'node:buffer';
import { isCandidateCall } from './candidate-calls.ts';
import { ERR, RecordAnalyzer } from './record-analyzer.ts';
import { RECORD_SCANNER_WASM } from './wasm/record-scanner-wasm.generated.ts';

/** Where the scanner's memory holds the input (below: result slots and the container stack). */
const BASE = 1024;
/** Zero bytes after the input: they stop every loop of the scanner, and cover its 16-byte loads. */
const PADDING = 64;
const PAGE = 65_536;
/** The scanner's answer for a record nested deeper than its stack: this analyzer redoes it in JavaScript. */
const DEEP = -3;
/** Result slots (Int32Array indices), as record-scanner.as.ts writes them. */
const SOURCE = 0;
const SOURCE_END = 1;
const NAME = 2;
const NAME_END = 3;
const UNSURE = 4;
const VALUES = 5;
const STRING_END = 6;
/** The scanner's answer for a `\u` escape met while unescaping. */
const UNICODE = -4;

/** {@link WasmRecordAnalyzer.unescapeString}: the string is not JSON (or the scanner trapped). */
export const NOT_A_STRING = -1;
/** {@link WasmRecordAnalyzer.unescapeString}: the string holds a `\u` escape, left to JavaScript. */
export const UNICODE_ESCAPE = -2;

/**
 * Inputs the WebAssembly scanner takes: from 16 KiB (below, instantiating and copying gain nothing) to
 * 64 MiB (its memory never shrinks, so a larger file would keep that much for the rest of the process;
 * the JavaScript scanner reads those in place).
 */
export const WASM_SCAN_MIN_BYTES = 16 * 1024;
export const WASM_SCAN_MAX_BYTES = 64 * 1024 * 1024;

/** The part of the WebAssembly API used here (TypeScript's ES library does not declare it). */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

interface ScannerExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  analyze(start: number): number;
  skip(start: number): number;
  unescape(from: number, to: number): number;
}

/** The one instance per thread; `null` when this runtime cannot run it (then JavaScript scans). */
let scanner: ScannerExports | null | undefined;

function instance(): ScannerExports | null {
  if (scanner === undefined) {
    const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    try {
      if (wasm === undefined) throw new Error('no WebAssembly');
      const module = new wasm.Module(Buffer.from(RECORD_SCANNER_WASM, 'base64'));
      scanner = new wasm.Instance(module, {}).exports as ScannerExports;
    } catch {
      scanner = null;
    }
  }
  return scanner;
}

/**
 * Grows the scanner's memory to at least `bytes`; false when it cannot (the process is short of memory:
 * the JavaScript scanner then reads the input where it is).
 */
function reserve(x: ScannerExports, bytes: number): boolean {
  const have = x.memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    x.memory.grow(Math.ceil((bytes - have) / PAGE));
    return true;
  } catch {
    return false;
  }
}

/**
 * The scanner and a view of its memory where an input of up to `room` bytes goes (at BASE, with the
 * padding after it), or undefined when the scanner cannot take that much.
 */
function inputArea(room: number): { readonly x: ScannerExports; readonly area: Buffer } | undefined {
  if (room > WASM_SCAN_MAX_BYTES) return undefined;
  const x = instance();
  if (x === null || !reserve(x, BASE + room + PADDING)) return undefined;
  return { x, area: Buffer.from(x.memory.buffer, BASE, room + PADDING) };
}

/** Whether this runtime runs the WebAssembly scanner (SIMD); when not, selective parsing uses JavaScript. */
export const wasmScannerAvailable = (): boolean => instance() !== null;

/**
 * {@link RecordAnalyzer}'s answers from the WebAssembly scanner (record-scanner.as.ts): the same grammar
 * check, value count and `parse`/`plainKeys` verdicts, at about half the cost per byte, for one input
 * copied into the scanner's memory by {@link WasmRecordAnalyzer.load}. It never parses ahead (`parsed`
 * stays undefined: candidates are parsed from their span). A record nested deeper than the scanner's
 * stack is analyzed again by the JavaScript analyzer, so no input is refused for its shape.
 */
export class WasmRecordAnalyzer {
  parse = false;
  plainKeys = false;
  readonly parsed: unknown = undefined;
  /** Accepted for the planner's sake; this analyzer does not parse ahead. */
  parseAhead: 'records' | 'lines' | undefined;
  readonly #x: ScannerExports;
  readonly #slots: Int32Array;
  #js: RecordAnalyzer | undefined;

  private constructor(x: ScannerExports) {
    this.#x = x;
    this.#slots = new Int32Array(x.memory.buffer, 0, 8);
    // The slots outlive an analyzer (one scanner per thread): a new one counts from zero.
    this.#slots[VALUES] = 0;
  }

  /** An analyzer over `b` (copied into the scanner), or undefined when the scanner cannot take it. */
  static load(b: Uint8Array, minBytes = WASM_SCAN_MIN_BYTES): WasmRecordAnalyzer | undefined {
    if (b.length < minBytes) return undefined;
    const input = inputArea(b.length);
    if (input === undefined) return undefined;
    input.area.set(b);
    input.area.fill(0, b.length);
    return new WasmRecordAnalyzer(input.x);
  }

  /**
   * An analyzer over `text` encoded as UTF-8 straight into the scanner's memory (no copy in between),
   * with the bytes (a view of that memory, valid until the next load) and their length; undefined when
   * the scanner cannot take it. A lone surrogate becomes U+FFFD, which changes no verdict: it is string
   * content either way, and never part of a candidate call's name.
   */
  static loadText(
    text: string,
  ):
    | { readonly analyzer: WasmRecordAnalyzer; readonly bytes: Uint8Array; readonly length: number }
    | undefined {
    // UTF-16 to UTF-8: at most 3 bytes per code unit.
    const room = 3 * text.length;
    const input = inputArea(room);
    if (input === undefined) return undefined;
    const length = input.area.write(text, 0, room, 'utf8');
    input.area.fill(0, length, length + PADDING);
    return { analyzer: new WasmRecordAnalyzer(input.x), bytes: input.area, length };
  }

  /**
   * An analyzer over `b` copied into the scanner's memory at offset `at`, behind a scratch area
   * `[0, at)` where {@link unescapeString} puts the contents of its strings: `at` leaves room for the
   * longest of them, its padding and the scanner's 16-byte stores. Returns the memory's view (valid
   * until the next load) and `at`; undefined when the scanner cannot take that much.
   */
  static loadWithScratch(
    b: Uint8Array,
  ): { readonly analyzer: WasmRecordAnalyzer; readonly bytes: Buffer; readonly at: number } | undefined {
    const at = b.length + 2 * PADDING;
    const input = inputArea(at + b.length);
    if (input === undefined) return undefined;
    input.area.set(b, at);
    input.area.fill(0, at + b.length);
    return { analyzer: new WasmRecordAnalyzer(input.x), bytes: input.area, at };
  }

  /**
   * Copies the content of the string whose opening quote is at `quote` to `to`, unescaped and followed by
   * zero padding, checking its grammar as {@link skipValue} would: its length in bytes (the offset after
   * its closing quote is then {@link stringEnd}), {@link NOT_A_STRING}, or {@link UNICODE_ESCAPE} when it
   * holds a `\u` escape (the caller decodes it another way).
   */
  unescapeString(bytes: Uint8Array, quote: number, to: number): number {
    let length: number;
    try {
      length = this.#x.unescape(quote + 1, to);
    } catch {
      return NOT_A_STRING; // a trap is a bug (see #call): the input is parsed instead
    }
    if (length === UNICODE) return UNICODE_ESCAPE;
    if (length < 0) return NOT_A_STRING;
    bytes.fill(0, to + length, to + length + PADDING);
    return length;
  }

  /** The offset after the closing quote of the string {@link unescapeString} copied last. */
  get stringEnd(): number {
    return this.#slots[STRING_END]!;
  }

  /** JSON values met since the last reset, as {@link RecordAnalyzer.values} counts them. */
  get values(): number {
    return this.#slots[VALUES]!;
  }
  set values(count: number) {
    this.#slots[VALUES] = count;
  }

  /** {@link RecordAnalyzer.analyze}: the object whose `{` is at `i`; the offset after its `}`, or ERR. */
  analyze(b: Uint8Array, i: number, n: number): number {
    const end = this.#call(this.#x.analyze, i);
    if (end >= 0) {
      const s = this.#slots;
      const source = s[SOURCE]!;
      const name = s[NAME]!;
      this.plainKeys = s[UNSURE] === 0 && source !== -1 && name !== -1;
      this.parse = !this.plainKeys || isCandidateCall(b, source, s[SOURCE_END]!, name, s[NAME_END]!);
      return end;
    }
    if (end !== DEEP) return ERR;
    const js = this.#inJs();
    const jsEnd = js.analyze(b, i, n);
    this.values = js.values;
    this.parse = js.parse;
    this.plainKeys = js.plainKeys;
    return jsEnd;
  }

  /** {@link RecordAnalyzer.skipValue}: one value starting at `i`; its end, or ERR. */
  skipValue(b: Uint8Array, i: number, n: number): number {
    const end = this.#call(this.#x.skip, i);
    if (end !== DEEP) return end < 0 ? ERR : end;
    const js = this.#inJs();
    const jsEnd = js.skipValue(b, i, n);
    this.values = js.values;
    return jsEnd;
  }

  /**
   * A scanner call; a trap (a read outside its memory: a bug, since the padding covers every load) is
   * answered as DEEP, so that the JavaScript analyzer redoes the value and decoding never throws.
   */
  #call(f: (start: number) => number, start: number): number {
    try {
      return f(start);
    } catch {
      return DEEP;
    }
  }

  #inJs(): RecordAnalyzer {
    this.#js ??= new RecordAnalyzer();
    this.#js.parseAhead = undefined;
    this.#js.values = this.values;
    return this.#js;
  }
}
