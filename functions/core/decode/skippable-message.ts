import { DEFAULT_LIMITS, uncountedLength } from './input-limits.ts';
import { isJsonWhitespace } from './json-whitespace.ts';
import { WasmRecordAnalyzer } from './wasm-record-analyzer.ts';

/**
 * Whether a JSON text carried in a string (a CloudWatch Logs message, a LookupEvents `CloudTrailEvent`)
 * is one CloudTrail record that cannot matter — exactly what parsing it, unwrapping it and normalising it
 * would conclude (a record, skipped) — decided from its bytes by the WebAssembly scanner, without building
 * it: valid JSON throughout, one object with JSON whitespace around it, plain unique string `eventSource`
 * and `eventName` naming no candidate call. Anything else (or no WebAssembly) is `false`: the text is
 * parsed, and parsing says what it is.
 */
export function isSkippableMessage(text: string): boolean {
  // A text long enough to need counting is counted by the parser (embedded-json.ts), as before.
  if (text.length > uncountedLength(DEFAULT_LIMITS)) return false;
  const loaded = WasmRecordAnalyzer.loadText(text);
  if (loaded === undefined) return false;
  return isSkippableText(loaded.analyzer, loaded.bytes, 0, loaded.length);
}

/**
 * {@link isSkippableMessage}'s verdict on a message's UTF-8 bytes `[start, end)`, already in the
 * scanner's memory with its padding after them.
 */
export function isSkippableText(
  analyzer: WasmRecordAnalyzer,
  bytes: Uint8Array,
  start: number,
  end: number,
): boolean {
  let i = start;
  while (i < end && isJsonWhitespace(bytes[i])) i++;
  if (i >= end || bytes[i] !== 0x7b) return false;
  const recordEnd = analyzer.analyze(bytes, i, end);
  if (recordEnd < 0 || analyzer.parse) return false;
  let j = recordEnd;
  while (j < end && isJsonWhitespace(bytes[j])) j++;
  return j === end;
}
