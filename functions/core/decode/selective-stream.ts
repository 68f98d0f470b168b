import { Buffer, isUtf8 } from 'node:buffer';
import type { DecodedItem } from './decoded-item.ts';
import { DEFAULT_LIMITS, type DecodeLimits } from './input-limits.ts';
import { isJsonWhitespace } from './json-whitespace.ts';
import { limitRecords } from './limit-records.ts';
import { ERR, MORE, RecordAnalyzer } from './record-analyzer.ts';
import { selectiveItems } from './selective-items.ts';
import type { PlanStep } from './selective-plan.ts';

const PREFIX = new TextEncoder().encode('"Records"');

/** Where the decoder is in `{"Records": [ … ] }`. */
type State = 'start' | 'key' | 'colon' | 'array' | 'element' | 'separator' | 'close' | 'done';

/**
 * Selective parsing of one CloudTrail log file (`{"Records": [...]}`) fed in chunks, as an S3 object
 * streams through gunzip: memory holds the current record and the spans of the records to parse, never
 * the whole text. Nothing is decided before the end — a syntax error in the last record changes what
 * full parsing reports for the whole file — so {@link end} returns the items, or `undefined` when the
 * input must be read in full instead (not a plain log file, a syntax error anywhere, invalid UTF-8, a
 * value over the limits): the caller then decodes the whole input as any other, with the same result.
 *
 * @example
 * const stream = new SelectiveStream('s3://bucket/key.json.gz');
 * for await (const chunk of gunzipped) if (!stream.push(chunk)) break;
 * const items = stream.end() ?? decodeBytes(wholeObject, name, { parse: 'selective' });
 */
export class SelectiveStream {
  readonly #file: string;
  readonly #limits: DecodeLimits;
  readonly #az = new RecordAnalyzer();
  readonly #steps: PlanStep[] = [];
  #state: State = 'start';
  /** Bytes not consumed yet: the tail of the last chunk (a record cut in two, a UTF-8 character cut). */
  #pending: Uint8Array = new Uint8Array(0);
  /** A record cut by the chunk end is tried again only once this much is pending (doubling: linear). */
  #retryAt = 0;
  /** Chunks gathered while waiting for {@link #retryAt}, joined once when it is reached. */
  #waiting: Uint8Array[] = [];
  #waitingBytes = 0;
  /** UTF-8 checked up to here in `#pending` (a character may straddle two chunks). */
  #utf8Checked = 0;
  #bom = true;
  #index = 0;
  #run = 0;
  #sure = 0;
  #failed = false;

  constructor(file: string, limits: DecodeLimits = DEFAULT_LIMITS) {
    this.#file = file;
    this.#limits = limits;
  }

  /** Feeds the next decompressed bytes; false once the input is known to need full reading. */
  push(chunk: Uint8Array): boolean {
    if (this.#failed) return false;
    this.#waiting.push(chunk);
    this.#waitingBytes += chunk.length;
    if (this.#pending.length + this.#waitingBytes < this.#retryAt) return true;
    this.#join();
    if (!this.#checkUtf8(false)) return this.#fail();
    const bytes = this.#pending;
    const consumed = this.#consume(bytes, this.#utf8Checked);
    if (consumed < 0) return this.#fail();
    this.#pending = bytes.subarray(consumed);
    this.#utf8Checked -= consumed;
    // Nothing consumed: a record longer than what is pending. Wait until twice as much has come.
    this.#retryAt = consumed === 0 ? bytes.length * 2 : 0;
    return true;
  }

  /** The items, once the whole input has been fed, or `undefined`: read the input in full instead. */
  end(): Iterable<DecodedItem> | undefined {
    if (this.#failed) return undefined;
    this.#join();
    if (!this.#checkUtf8(true)) return undefined;
    const bytes = this.#pending;
    const consumed = this.#consume(bytes, bytes.length);
    if (consumed < 0 || this.#state !== 'done') return undefined;
    for (let i = consumed; i < bytes.length; i++) if (!isJsonWhitespace(bytes[i]!)) return undefined;
    this.#flushRun();
    const steps = this.#steps;
    return limitRecords(
      selectiveItems({ steps, topValues: 1 }, new Uint8Array(0), this.#file),
      this.#limits.maxRecords,
      this.#file,
    );
  }

  #join(): void {
    if (this.#waiting.length === 0) return;
    const parts = this.#pending.length === 0 ? this.#waiting : [this.#pending, ...this.#waiting];
    this.#pending = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    this.#waiting = [];
    this.#waitingBytes = 0;
  }

  #fail(): false {
    this.#failed = true;
    this.#steps.length = 0;
    this.#pending = new Uint8Array(0);
    this.#waiting = [];
    return false;
  }

  /**
   * Checks that `#pending` is UTF-8 up to its last whole character (all of it at the end), once per byte;
   * drops a leading BOM as text decoding does.
   */
  #checkUtf8(atEnd: boolean): boolean {
    const b = this.#pending;
    if (this.#bom && b.length >= 3) {
      this.#bom = false;
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
        // A second BOM would be a character of the text: leave such an input to full reading.
        if (b[3] === 0xef) return false;
        this.#pending = b.subarray(3);
        return this.#checkUtf8(atEnd);
      }
      if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return false;
    }
    let end = b.length;
    if (!atEnd) {
      // Back up to the start of a character that may continue in the next chunk.
      let lead = end - 1;
      while (lead >= 0 && lead > end - 4 && (b[lead]! & 0xc0) === 0x80) lead--;
      if (lead >= 0 && b[lead]! >= 0xc0) end = lead;
    }
    if (end <= this.#utf8Checked) return true;
    if (!isUtf8(b.subarray(this.#utf8Checked, end))) return false;
    this.#utf8Checked = end;
    return true;
  }

  #flushRun(): void {
    if (this.#run === 0) return;
    if (this.#sure <= this.#limits.maxRecords) this.#steps.push({ kind: 'skipped', count: this.#run });
    this.#sure += this.#run;
    this.#run = 0;
  }

  /**
   * Reads what it can of `b[0, n)`; returns how many bytes it consumed (a partial record is left for
   * the next chunk), or -1 when the input is not a plain log file or not JSON.
   */
  #consume(b: Uint8Array, n: number): number {
    const az = this.#az;
    let i = 0;
    for (;;) {
      while (i < n && isJsonWhitespace(b[i]!)) i++;
      if (i >= n) return i;
      const c = b[i]!;
      switch (this.#state) {
        case 'start':
          if (c !== 0x7b) return -1;
          i++;
          this.#state = 'key';
          break;
        case 'key': {
          if (n - i < PREFIX.length) return i;
          for (let k = 0; k < PREFIX.length; k++) if (b[i + k] !== PREFIX[k]) return -1;
          i += PREFIX.length;
          this.#state = 'colon';
          break;
        }
        case 'colon':
          if (c !== 0x3a) return -1;
          i++;
          this.#state = 'array';
          break;
        case 'array':
          if (c !== 0x5b) return -1;
          i++;
          az.values = 2;
          this.#state = 'element';
          // An empty array closes at once.
          while (i < n && isJsonWhitespace(b[i]!)) i++;
          if (i < n && b[i] === 0x5d) {
            i++;
            this.#state = 'close';
          }
          break;
        case 'element': {
          const counted = az.values;
          const end = c === 0x7b ? az.analyze(b, i, n) : az.skipValue(b, i, n);
          if (end === MORE) {
            az.values = counted; // counted again when the rest of the record has come
            return i;
          }
          if (end === ERR || end < 0) return -1;
          if (c !== 0x7b || az.parse) {
            this.#flushRun();
            if (this.#sure <= this.#limits.maxRecords) {
              // A copy: the chunk it came from is let go.
              const bytes = Uint8Array.prototype.slice.call(b, i, end);
              this.#steps.push({
                kind: 'element',
                start: 0,
                end: bytes.length,
                index: this.#index,
                valueStart: 0,
                bytes,
              });
            }
            this.#sure++;
          } else {
            this.#run++;
          }
          if (az.values > this.#limits.maxValues) return -1;
          this.#index++;
          i = end;
          this.#state = 'separator';
          break;
        }
        case 'separator':
          if (c === 0x2c) this.#state = 'element';
          else if (c === 0x5d) this.#state = 'close';
          else return -1;
          i++;
          break;
        case 'close':
          // Another key after "Records" is no plain log file.
          if (c !== 0x7d) return -1;
          i++;
          this.#state = 'done';
          break;
        case 'done':
          return -1;
      }
    }
  }
}
