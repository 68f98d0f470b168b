import { Buffer } from 'node:buffer';
import type { SourceLocation } from '../model/location.ts';
import type { DecodedItem } from './decoded-item.ts';
import { inputErrorItem } from './decoded-item.ts';
import { DecompressionBudget } from './decompression-budget.ts';
import { MAX_INPUT_BYTES } from './input-limits.ts';
import { withFile } from './location-path.ts';
import type { SelectivePlan } from './selective-plan.ts';
import { logFileElement, recordLocator, unwrapValue } from './unwrap-value.ts';

/**
 * Lines of byte offsets, counted forward only and only when asked: a location is made just for the
 * records that are parsed, never for the ones counted without parsing.
 */
class ByteLineCounter {
  readonly #bytes: Uint8Array;
  #line = 1;
  /** The first newline not yet counted (-1: none left; undefined: not searched yet). */
  #nextNewline: number | undefined;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  lineAt(offset: number): number {
    const b = this.#bytes;
    let nl = this.#nextNewline ?? b.indexOf(0x0a);
    while (nl !== -1 && nl < offset) {
      this.#line++;
      nl = b.indexOf(0x0a, nl + 1);
    }
    this.#nextNewline = nl;
    return this.#line;
  }
}

const textOf = (own: Uint8Array | undefined, input: Buffer, span: { start: number; end: number }): string =>
  own === undefined
    ? input.toString('utf8', span.start, span.end)
    : Buffer.from(own.buffer, own.byteOffset, own.byteLength).toString('utf8', span.start, span.end);

/**
 * The items of a selectively parsed input, in input order: each counted run as one `skipped` item, each
 * planned element or value parsed and located exactly as full parsing locates it (`Records[i]` with no
 * line in a single log file; the line of the value in JSON Lines).
 */
export function* selectiveItems(
  plan: SelectivePlan,
  bytes: Uint8Array,
  file: string,
  /** The input's decompression allowance (envelopes among its values may hold gzip payloads). */
  budget: DecompressionBudget = new DecompressionBudget(MAX_INPUT_BYTES),
): Generator<DecodedItem> {
  const single = plan.topValues === 1;
  const lines = new ByteLineCounter(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let envelope = -1;
  let locate: (path: string) => SourceLocation = (path) => ({ file, path });
  for (const step of plan.steps) {
    if (step.kind === 'skipped') {
      yield step;
      continue;
    }
    let value: unknown = step.value;
    try {
      if (value === undefined)
        value = JSON.parse(textOf(step.kind === 'element' ? step.bytes : undefined, buf, step));
    } catch {
      // The plan checked this span's grammar: reaching here is a bug, reported without input content.
      yield inputErrorItem('json', 'a planned JSON value could not be parsed (internal error)', { file });
      continue;
    }
    if (step.kind === 'element') {
      if (step.valueStart !== envelope) {
        envelope = step.valueStart;
        locate = recordLocator(file, single ? undefined : lines.lineAt(step.valueStart));
      }
      yield logFileElement(value, locate(`Records[${step.index}]`));
    } else {
      yield* unwrapValue(value, single ? { file } : withFile(file, { line: lines.lineAt(step.start) }), {
        budget,
      });
    }
  }
}
