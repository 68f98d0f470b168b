import { Buffer, isUtf8 } from 'node:buffer';
import { DEFAULT_LIMITS, uncountedLength } from './input-limits.ts';
import { isJsonWhitespace } from './json-whitespace.ts';
import { isSkippableText } from './skippable-message.ts';
import { UNICODE_ESCAPE, WasmRecordAnalyzer } from './wasm-record-analyzer.ts';

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
  const walk: Walk = { a: loaded.analyzer, b: loaded.bytes, end: loaded.at + payload.length, plan: [] };
  return walkPayload(walk, loaded.at) ? walk.plan : undefined;
}

/** The payload's bytes in the scanner's memory, and the plan of the messages walked so far. */
interface Walk {
  readonly a: WasmRecordAnalyzer;
  readonly b: Buffer;
  readonly end: number;
  readonly plan: PlannedMessage[];
}

/**
 * Walks the payload object at `start`, checking its grammar (values by the scanner) and planning each
 * message as it meets it: whether it is plain (the plan is then complete).
 */
function walkPayload(w: Walk, start: number): boolean {
  const { a, b, end } = w;
  let i = skipWs(b, start);
  if (b[i] !== 0x7b) return false;
  let seen = 0;
  i = skipWs(b, i + 1);
  for (;;) {
    const keyEnd = plainKeyEnd(b, i);
    if (keyEnd < 0) return false;
    const known = PAYLOAD_KEYS.indexOf(b.toString('latin1', i + 1, keyEnd - 1));
    const bit = 1 << known;
    if (known < 0 || (seen & bit) !== 0) return false;
    seen |= bit;
    i = valueStart(b, keyEnd);
    if (i < 0) return false;
    if (bit === LOG_EVENTS) i = logEvents(w, i);
    else if (bit === MESSAGE_TYPE) i = isDataMessage(b, i) ? i + DATA_MESSAGE.length : -1;
    else i = a.skipValue(b, i, end);
    if (i < 0) return false;
    i = skipWs(b, i);
    if (b[i] === 0x2c) {
      i = skipWs(b, i + 1);
      continue;
    }
    if (b[i] !== 0x7d) return false;
    break;
  }
  return skipWs(b, i + 1) === end && (seen & LOG_EVENTS) !== 0;
}

/**
 * Plans the message string whose opening quote is at `quote`: unescaped into the scratch area at 0 and
 * judged there, or, with a `\u` escape, decoded by JSON.parse. Its end, or -1 when it is not a string.
 */
function planMessage(w: Walk, quote: number): number {
  const { a, b, plan } = w;
  const index = plan.length;
  const length = a.unescapeString(b, quote, 0);
  if (length === UNICODE_ESCAPE) {
    const end = a.skipValue(b, quote, w.end);
    if (end < 0) return -1;
    plan.push({ kind: 'text', index, text: JSON.parse(b.toString('utf8', quote, end)), checked: false });
    return end;
  }
  if (length < 0) return -1;
  const end = a.stringEnd;
  if (isSkippableText(a, b, 0, length)) plan.push(SKIPPED);
  else plan.push({ kind: 'text', index, text: b.toString('utf8', 0, length), checked: true });
  return end;
}

/** `[{…, "message": "…"}, …]` at `i`: its end, each message planned; -1 if not plain. */
function logEvents(w: Walk, i: number): number {
  const b = w.b;
  if (b[i] !== 0x5b) return -1;
  i = skipWs(b, i + 1);
  if (b[i] === 0x5d) return i + 1;
  for (;;) {
    if (b[i] !== 0x7b) return -1;
    i = logEvent(w, i);
    if (i < 0) return -1;
    i = skipWs(b, i);
    if (b[i] === 0x2c) {
      i = skipWs(b, i + 1);
      continue;
    }
    return b[i] === 0x5d ? i + 1 : -1;
  }
}

/** One log event object at `i` with exactly one `message` string, planned: its end, or -1. */
function logEvent(w: Walk, i: number): number {
  const { a, b } = w;
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
      i = planMessage(w, i);
    } else {
      i = a.skipValue(b, i, w.end);
    }
    if (i < 0) return -1;
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
  while (isJsonWhitespace(b[i])) i++;
  return i;
}
