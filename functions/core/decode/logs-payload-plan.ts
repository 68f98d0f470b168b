import { Buffer, isUtf8 } from 'node:buffer';
import { DEFAULT_LIMITS, uncountedLength } from './input-limits.ts';
import { isSkippableText } from './skippable-message.ts';
import { WasmRecordAnalyzer } from './wasm-record-analyzer.ts';

/**
 * One message of a planned CloudWatch Logs payload, in order: counted as a skipped record, or its text —
 * `checked` when the scanner already found that it is not skippable, so that only parsing is left.
 */
export type PlannedMessage =
  | { readonly kind: 'skipped' }
  | { readonly kind: 'text'; readonly index: number; readonly text: string; readonly checked: boolean };

const SKIPPED: PlannedMessage = Object.freeze({ kind: 'skipped' });

/** The payload's keys this plan knows; any other (`Records`, `eventSource`, …) changes what it is. */
const PAYLOAD_KEYS: readonly string[] = [
  'messageType',
  'owner',
  'logGroup',
  'logStream',
  'subscriptionFilters',
  'policyLevel',
  'logEvents',
];
const LOG_EVENTS = 1 << PAYLOAD_KEYS.indexOf('logEvents');
const MESSAGE_TYPE = 1 << PAYLOAD_KEYS.indexOf('messageType');
const DATA_MESSAGE = Buffer.from('"DATA_MESSAGE"', 'latin1');
const MAX_KEY_BYTES = 32;

const isWs = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Plans a decoded CloudWatch Logs subscription payload (`awslogs.data`, gunzipped) from its bytes, for
 * selective unwrapping: each message's JSON string is unescaped by the WebAssembly scanner into its own
 * memory and judged there ({@link isSkippableText}), so that neither the payload nor a message that
 * cannot matter ever becomes a JavaScript string or object; only the candidates' texts are decoded.
 *
 * The plan is exactly what parsing the payload and unwrapping it would give, or undefined — parse it then
 * — for anything that is not a plain data message: not UTF-8 or a byte-order mark, any grammar error,
 * a key other than CloudWatch's own (or repeated, or escaped), `messageType` other than the literal
 * `"DATA_MESSAGE"`, a log event without a `message` string, too large for the scanner, no WebAssembly.
 * A message holding a `\u` escape is decoded by `JSON.parse` and left unchecked.
 */
export function planLogsPayload(payload: Uint8Array): PlannedMessage[] | undefined {
  // Counting values first (embedded-json.ts) starts above this length: below it, parsing is all there is.
  if (payload.length > uncountedLength(DEFAULT_LIMITS) || !isUtf8(payload)) return undefined;
  const loaded = WasmRecordAnalyzer.loadWithScratch(payload);
  if (loaded === undefined) return undefined;
  const spans = messageSpans(loaded.analyzer, loaded.bytes, loaded.at, loaded.at + payload.length);
  if (spans === undefined) return undefined;
  const { analyzer, bytes } = loaded;
  const plan: PlannedMessage[] = [];
  for (let k = 0; k < spans.length; k += 2) {
    const quote = spans[k]!;
    const length = analyzer.unescapeString(bytes, quote, 0);
    const index = k >> 1;
    if (length < 0) {
      const text = JSON.parse(bytes.toString('utf8', quote, spans[k + 1]!)) as string;
      plan.push({ kind: 'text', index, text, checked: false });
    } else if (isSkippableText(analyzer, bytes, 0, length)) {
      plan.push(SKIPPED);
    } else {
      plan.push({ kind: 'text', index, text: bytes.toString('utf8', 0, length), checked: true });
    }
  }
  return plan;
}

/**
 * Walks the payload object in `b[start, end)`, checking its grammar (values by the scanner): the spans
 * (opening quote, end) of its log events' `message` strings, in order, or undefined when it is not plain.
 */
function messageSpans(a: WasmRecordAnalyzer, b: Buffer, start: number, end: number): number[] | undefined {
  const spans: number[] = [];
  let i = skipWs(b, start);
  if (b[i] !== 0x7b) return undefined;
  let seen = 0;
  i = skipWs(b, i + 1);
  for (;;) {
    const keyEnd = plainKeyEnd(b, i);
    if (keyEnd < 0) return undefined;
    const known = PAYLOAD_KEYS.indexOf(b.toString('latin1', i + 1, keyEnd - 1));
    const bit = 1 << known;
    if (known < 0 || (seen & bit) !== 0) return undefined;
    seen |= bit;
    i = valueStart(b, keyEnd);
    if (i < 0) return undefined;
    if (bit === LOG_EVENTS) i = logEvents(a, b, i, end, spans);
    else if (bit === MESSAGE_TYPE) i = isDataMessage(b, i) ? i + DATA_MESSAGE.length : -1;
    else i = a.skipValue(b, i, end);
    if (i < 0) return undefined;
    i = skipWs(b, i);
    if (b[i] === 0x2c) {
      i = skipWs(b, i + 1);
      continue;
    }
    if (b[i] !== 0x7d) return undefined;
    break;
  }
  if (skipWs(b, i + 1) !== end || (seen & LOG_EVENTS) === 0) return undefined;
  return spans;
}

/** `[{…, "message": "…"}, …]` at `i`: its end, with each message's span added; -1 if not plain. */
function logEvents(a: WasmRecordAnalyzer, b: Buffer, i: number, end: number, spans: number[]): number {
  if (b[i] !== 0x5b) return -1;
  i = skipWs(b, i + 1);
  if (b[i] === 0x5d) return i + 1;
  for (;;) {
    if (b[i] !== 0x7b) return -1;
    i = logEvent(a, b, i, end, spans);
    if (i < 0) return -1;
    i = skipWs(b, i);
    if (b[i] === 0x2c) {
      i = skipWs(b, i + 1);
      continue;
    }
    return b[i] === 0x5d ? i + 1 : -1;
  }
}

/** One log event object at `i` with exactly one `message` string: its end, or -1. */
function logEvent(a: WasmRecordAnalyzer, b: Buffer, i: number, end: number, spans: number[]): number {
  let message = false;
  i = skipWs(b, i + 1);
  if (b[i] === 0x7d) return -1;
  for (;;) {
    const keyEnd = plainKeyEnd(b, i);
    if (keyEnd < 0) return -1;
    const isMessage = keyEnd - i === 9 && b.toString('latin1', i + 1, keyEnd - 1) === 'message';
    i = valueStart(b, keyEnd);
    if (i < 0) return -1;
    if (isMessage) {
      if (message || b[i] !== 0x22) return -1;
      message = true;
      const stringEnd = a.skipValue(b, i, end);
      if (stringEnd < 0) return -1;
      spans.push(i, stringEnd);
      i = stringEnd;
    } else {
      i = a.skipValue(b, i, end);
      if (i < 0) return -1;
    }
    i = skipWs(b, i);
    if (b[i] === 0x2c) {
      i = skipWs(b, i + 1);
      continue;
    }
    return b[i] === 0x7d && message ? i + 1 : -1;
  }
}

/** The end (after the closing quote) of a short printable-ASCII key without escapes at `i`, or -1. */
function plainKeyEnd(b: Buffer, i: number): number {
  if (b[i] !== 0x22) return -1;
  const limit = i + 1 + MAX_KEY_BYTES;
  for (let j = i + 1; j <= limit; j++) {
    const c = b[j]!;
    if (c === 0x22) return j + 1;
    if (c < 0x20 || c > 0x7e || c === 0x5c) return -1;
  }
  return -1;
}

/** Whether the value at `i` is the string `"DATA_MESSAGE"`, written plainly. */
const isDataMessage = (b: Buffer, i: number): boolean =>
  b.compare(DATA_MESSAGE, 0, DATA_MESSAGE.length, i, i + DATA_MESSAGE.length) === 0;

/** After a key: the start of its value past the colon, or -1. */
function valueStart(b: Buffer, keyEnd: number): number {
  const colon = skipWs(b, keyEnd);
  return b[colon] === 0x3a ? skipWs(b, colon + 1) : -1;
}

function skipWs(b: Buffer, i: number): number {
  while (isWs(b[i])) i++;
  return i;
}
