import { Buffer } from 'node:buffer';
import { CANDIDATE_CALLS } from './candidate-calls.ts';
import { RecordAnalyzer } from './record-analyzer.ts';

const CANDIDATE_SOURCES = Object.keys(CANDIDATE_CALLS).map((source) => `"${source}"`);

/** Longer texts are parsed as they are: they may need their values counted first. */
const MAX_CHECKED_CHARS = 1024 * 1024;

/** Shared: an analysis runs to its end synchronously, so no two ever interleave. */
const analyzer = new RecordAnalyzer();

const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Whether JSON carried in a string (a CloudWatch Logs message, a LookupEvents `CloudTrailEvent`) is
 * exactly one CloudTrail record that cannot matter — valid JSON, one object, plain `eventSource`/
 * `eventName` strings naming no candidate call — so that counting it as skipped is what parsing it would
 * come to. Anything else (a candidate, a syntax error, another shape) is for `JSON.parse` to read.
 */
export function isSkippableRecordText(text: string): boolean {
  if (text.length > MAX_CHECKED_CHARS) return false;
  // A candidate source written plainly anywhere: most likely a candidate, parsed without more ado (a
  // decoy only costs the parse). Escaped spellings are found by the analysis below, which parses those.
  for (const source of CANDIDATE_SOURCES) if (text.includes(source)) return false;
  const bytes = Buffer.from(text, 'utf8');
  const n = bytes.length;
  let i = 0;
  while (i < n && isWs(bytes[i]!)) i++;
  if (bytes[i] !== 0x7b) return false;
  const end = analyzer.analyze(bytes, i, n);
  if (end < 0 || analyzer.parse) return false;
  for (let k = end; k < n; k++) if (!isWs(bytes[k]!)) return false;
  return true;
}
