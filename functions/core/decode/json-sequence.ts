import type { SourceLocation } from '../model/location.ts';
import type { DecodedItem } from './decoded-item.ts';
import { inputErrorItem } from './decoded-item.ts';
import type { JsonScan } from './json-scan.ts';
import { scanJsonValue, skipWhitespace } from './json-scan.ts';
import { LineCounter, lineColumn } from './line-counter.ts';
import { withFile } from './location-path.ts';
import { excerptNear } from './safe-excerpt.ts';
import { unwrapValue } from './unwrap-value.ts';

/** Errors held back while no value has been read yet, before the file is declared "not JSON". */
const MAX_HELD_ERRORS = 1000;

type Failure = Extract<JsonScan, { ok: false }>;

/**
 * Decodes a text that is not one JSON value: JSON Lines, or values written one after another
 * (`jq` output, Firehose-concatenated CloudWatch Logs payloads). Each value is located by the
 * line it starts on. A broken value is one error; reading resumes at the next line (JSON Lines)
 * or at the next line that starts with `{` or `[` in column 1 (a pretty-printed value).
 * When no value at all can be read, the file yields a single error: it is not JSON.
 */
export function* decodeJsonSequence(text: string, file: string): Generator<DecodedItem> {
  const lines = new LineCounter(text);
  const held: DecodedItem[] = [];
  let readAny = false;
  let p = skipWhitespace(text, 0);

  while (p < text.length) {
    const line = lines.lineAt(p);
    const location: SourceLocation = withFile(file, { line });
    const value = readValue(text, p);
    if (value.ok) {
      // A bare number or string is JSON but never an input shape: it does not make the file JSON Lines.
      const isContainer = typeof value.value === 'object' && value.value !== null;
      if (!readAny && isContainer) {
        readAny = true;
        yield* held;
        held.length = 0;
      }
      if (readAny) yield* unwrapValue(value.value, location);
      else held.push(...unwrapValue(value.value, location));
      p = skipWhitespace(text, value.end);
      continue;
    }
    const failure = describeFailure(text, p, line, value.failure, lines);
    const item = inputErrorItem('json', failure.message, withFile(file, { line: failure.line }));
    if (readAny) yield item;
    else held.push(item);
    if (!readAny && held.length >= MAX_HELD_ERRORS) break;
    p = skipWhitespace(text, failure.resume);
  }

  if (!readAny && held.length > 0) yield notJson(text, file, held.length);
}

type Read = { ok: true; value: unknown; end: number } | { ok: false; failure: Failure };

function readValue(text: string, p: number): Read {
  // JSON Lines fast path: the rest of the line is exactly one value.
  let eol = text.indexOf('\n', p);
  if (eol === -1) eol = text.length;
  try {
    return { ok: true, value: JSON.parse(text.slice(p, eol)), end: eol };
  } catch {
    // a value spanning lines, several values on one line, or a broken value
  }
  const scan = scanJsonValue(text, p);
  if (!scan.ok) return { ok: false, failure: scan };
  try {
    return { ok: true, value: JSON.parse(text.slice(p, scan.end)), end: scan.end };
  } catch {
    return { ok: false, failure: { ok: false, offset: p, truncated: false, reason: 'not a JSON value' } };
  }
}

/** The next line start after `from` with `{` or `[` in column 1: where a new top-level value may begin. */
function nextValueLine(text: string, from: number): number {
  for (let nl = text.indexOf('\n', from); nl !== -1; nl = text.indexOf('\n', nl + 1)) {
    const c = text.charCodeAt(nl + 1);
    if (c === 0x7b || c === 0x5b) return nl + 1;
  }
  return text.length;
}

function describeFailure(
  text: string,
  start: number,
  startLine: number,
  failure: Failure,
  lines: LineCounter,
): { message: string; line: number; resume: number } {
  const next = nextValueLine(text, start);
  if (next <= failure.offset && next < text.length) {
    // A JSON Lines line cut short: the scanner ran on into the next value.
    const nextLine = lines.lineAt(next);
    return {
      message: `incomplete JSON value at line ${startLine}: line ${nextLine} starts a new value first`,
      line: startLine,
      resume: next,
    };
  }
  const line = lines.lineAt(failure.offset);
  const column = lines.columnAt(failure.offset);
  const near = excerptNear(text, failure.offset);
  if (line === startLine) {
    const eol = text.indexOf('\n', failure.offset);
    const message = failure.truncated
      ? `truncated JSON at line ${line}, column ${column}: ${failure.reason}`
      : `invalid JSON at line ${line}, column ${column}: ${failure.reason}${near}`;
    return { message, line, resume: eol === -1 ? text.length : eol + 1 };
  }
  const within = `in the value that starts at line ${startLine}`;
  const resumeNote = next < text.length ? `; reading resumes at line ${lines.lineAt(next)}` : '';
  const message = failure.truncated
    ? `truncated JSON at line ${line}, column ${column} (${within}): ${failure.reason}${resumeNote}`
    : `invalid JSON at line ${line}, column ${column} (${within}): ${failure.reason}` +
      `${near}${resumeNote}`;
  return { message, line, resume: next };
}

/** One error for a text in which no value could be read: where the text first stops being JSON. */
function notJson(text: string, file: string, failures: number): DecodedItem {
  const start = skipWhitespace(text, 0);
  const scan = scanJsonValue(text, start);
  const offset = scan.ok ? skipWhitespace(text, scan.end) : scan.offset;
  const { line, column } = lineColumn(text, offset);
  const reason = scan.ok ? 'unexpected data after the JSON value' : scan.reason;
  const more = failures > 1 ? ` (no value in the file could be read: ${failures} broken values)` : '';
  const message =
    !scan.ok && scan.truncated
      ? `truncated JSON at line ${line}, column ${column}: ${scan.reason}${more}`
      : `invalid JSON at line ${line}, column ${column}: ${reason}` + `${excerptNear(text, offset)}${more}`;
  return inputErrorItem('json', message, withFile(file, { line }));
}
