import { DEFAULT_LIMITS, uncountedLength } from './input-limits.ts';
import { WasmRecordAnalyzer } from './wasm-record-analyzer.ts';

const isWs = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

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
  const { analyzer, bytes, length } = loaded;
  let i = 0;
  while (i < length && isWs(bytes[i])) i++;
  if (i >= length || bytes[i] !== 0x7b) return false;
  const end = analyzer.analyze(bytes, i, length);
  if (end < 0 || analyzer.parse) return false;
  let j = end;
  while (j < length && isWs(bytes[j])) j++;
  return j === length;
}
