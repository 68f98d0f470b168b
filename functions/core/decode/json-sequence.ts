import type { SourceLocation } from '../model/location.ts';
import type { DecodedItem } from './decoded-item.ts';
import { inputErrorItem, UNDESCRIBED_ERROR } from './decoded-item.ts';
import { DecompressionBudget } from './decompression-budget.ts';
import { type DecodeLimits, tooManyValuesReason, uncountedLength } from './input-limits.ts';
import type { JsonScan } from './json-scan.ts';
import { scanJsonValue, skipWhitespace } from './json-scan.ts';
import { LineCounter, lineColumn } from './line-counter.ts';
import { withFile } from './location-path.ts';
import { type ExcerptBudget, excerptNear, MAX_EXCERPT_WORK } from './safe-excerpt.ts';
import { unwrapValue } from './unwrap-value.ts';

/** Errors held back while no value has been read yet, before the file is declared "not JSON". */
const MAX_HELD_ERRORS = 1000;

type Failure = Extract<JsonScan, { ok: false }>;

export interface SequenceOptions {
  readonly limits: DecodeLimits;
  /** Errors described in full; later ones are counted only ({@link UNDESCRIBED_ERROR}). */
  readonly maxErrors: number;
  /** The input's decompression allowance, shared by its values (a fresh one when not given). */
  readonly budget?: DecompressionBudget;
}

/**
 * Decodes a text that is not one JSON value: JSON Lines, or values written one after another
 * (`jq` output, Firehose-concatenated CloudWatch Logs payloads). Each value is located by the
 * line it starts on. A broken value is one error; reading resumes at the next line (JSON Lines)
 * or at the next line that starts with `{` or `[` in column 1 (a pretty-printed value): such a line
 * always starts a new value, so a value is never scanned past it. When no value at all can be read,
 * the file yields a single error: it is not JSON.
 *
 * Linear in the text: each line is tried as a whole at most once, a scan never passes the next value
 * line, and line numbers are counted forward only.
 */
export function* decodeJsonSequence(
  text: string,
  file: string,
  options: SequenceOptions,
): Generator<DecodedItem> {
  const lines = new LineCounter(text);
  const budget = options.budget ?? new DecompressionBudget(options.limits.maxInputBytes);
  const nextValueLine = valueLineFinder(text);
  const maxValues = options.limits.maxValues;
  const held: DecodedItem[] = [];
  let readAny = false;
  let errors = 0;
  /** End of the last line tried as one value: the rest of a line is never tried again. */
  let triedLineEnd = -1;
  /** End of the current line, found once per line (not once per value on it). */
  let eol = -1;
  /**
   * Whether the last value could not be read: then the next line is scanned before it is parsed, since
   * a JSON.parse that fails costs far more than a scan (it builds an error), and broken lines come in runs.
   */
  let lastFailed = false;
  /** One look-back allowance for the excerpts of this text's errors. */
  const excerpts: ExcerptBudget = { left: MAX_EXCERPT_WORK };
  let p = skipWhitespace(text, 0);

  while (p < text.length) {
    const line = lines.lineAt(p);
    const location: SourceLocation = withFile(file, { line });
    if (eol < p) {
      eol = text.indexOf('\n', p);
      if (eol === -1) eol = text.length;
    }
    const tryLine = eol !== triedLineEnd && !lastFailed;
    const value = readValue(text, p, tryLine ? eol : -1, nextValueLine, options.limits);
    triedLineEnd = eol;
    lastFailed = !value.ok;
    if (value.ok) {
      // A bare number or string is JSON but never an input shape: it does not make the file JSON Lines.
      const isContainer = typeof value.value === 'object' && value.value !== null;
      if (!readAny && isContainer) {
        readAny = true;
        yield* held;
        held.length = 0;
      }
      if (readAny) yield* unwrapValue(value.value, location, { budget });
      else held.push(...unwrapValue(value.value, location, { budget }));
      p = skipWhitespace(text, value.end);
      continue;
    }
    if (value.failure.tooManyValues === true) {
      yield* held;
      yield inputErrorItem(
        'json',
        `${tooManyValuesReason(maxValues)} at line ${line}: it and the rest of the input are not read`,
        location,
      );
      return;
    }
    errors++;
    const next = nextValueLine(p);
    const failure =
      errors > options.maxErrors
        ? { item: UNDESCRIBED_ERROR, resume: resumeAfter(text, value.failure, eol, next) }
        : describeFailure(text, line, value.failure, lines, next, file, excerpts);
    if (readAny) yield failure.item;
    else held.push(failure.item);
    if (!readAny && held.length >= MAX_HELD_ERRORS) break;
    p = skipWhitespace(text, failure.resume);
  }

  if (!readAny && held.length > 0) yield notJson(text, file, held.length);
}

type Read = { ok: true; value: unknown; end: number } | { ok: false; failure: Failure };

/**
 * Reads the value at `p`. JSON Lines fast path: the rest of the line (up to `eol`; -1 when this line was
 * tried already, or is not to be tried whole) is exactly one value. Otherwise the value is scanned
 * first — never past the next value line, and counting values when it is long — and parsed only when it
 * is complete.
 */
function readValue(
  text: string,
  p: number,
  eol: number,
  nextValueLine: (from: number) => number,
  limits: DecodeLimits,
): Read {
  const uncounted = uncountedLength(limits);
  // Only a line that starts like a container is worth a try: a failed JSON.parse costs microseconds.
  const c = text.charCodeAt(p);
  if (eol !== -1 && eol - p <= uncounted && (c === 0x7b || c === 0x5b)) {
    try {
      return { ok: true, value: JSON.parse(text.slice(p, eol)), end: eol };
    } catch {
      // a value spanning lines, several values on one line, or a broken value
    }
  }
  const next = nextValueLine(p);
  const counted = next - p > uncounted;
  const scan = scanJsonValue(text, p, counted ? { end: next, maxValues: limits.maxValues } : { end: next });
  if (!scan.ok) return { ok: false, failure: scan };
  try {
    return { ok: true, value: JSON.parse(text.slice(p, scan.end)), end: scan.end };
  } catch {
    return { ok: false, failure: { ok: false, offset: p, truncated: false, reason: 'not a JSON value' } };
  }
}

/**
 * `nextValueLine(from)`: the next line start after `from` with `{` or `[` in column 1, where a new
 * top-level value may begin (the text length when there is none). Remembers its last answer, which
 * stays right for every later `from` before it, so that asking at every line of a long stretch of
 * broken lines costs one pass, not one pass each.
 */
function valueLineFinder(text: string): (from: number) => number {
  let knownFrom = Number.POSITIVE_INFINITY;
  let knownNewline = -1;
  let known = text.length;
  return (from) => {
    if (from >= knownFrom && from <= knownNewline) return known;
    knownFrom = from;
    for (let nl = text.indexOf('\n', from); nl !== -1; nl = text.indexOf('\n', nl + 1)) {
      const c = text.charCodeAt(nl + 1);
      if (c === 0x7b || c === 0x5b) {
        knownNewline = nl;
        known = nl + 1;
        return known;
      }
    }
    knownNewline = text.length;
    known = text.length;
    return known;
  };
}

/** Where reading resumes after a broken value: the next line when it broke on its first line. */
function resumeAfter(text: string, failure: Failure, eol: number, next: number): number {
  if (next <= failure.offset && next < text.length) return next;
  if (failure.offset <= eol) return eol === text.length ? eol : eol + 1;
  return next;
}

function describeFailure(
  text: string,
  startLine: number,
  failure: Failure,
  lines: LineCounter,
  next: number,
  file: string,
  excerpts: ExcerptBudget,
): { item: DecodedItem; resume: number } {
  const at = (line: number): SourceLocation => withFile(file, { line });
  if (next <= failure.offset && next < text.length) {
    // A JSON Lines line cut short: the scanner ran on into the next value.
    const nextLine = lines.lineAt(next);
    return {
      item: inputErrorItem(
        'json',
        `incomplete JSON value at line ${startLine}: line ${nextLine} starts a new value first`,
        at(startLine),
      ),
      resume: next,
    };
  }
  const line = lines.lineAt(failure.offset);
  const column = lines.columnAt(failure.offset);
  const near = excerptNear(text, failure.offset, excerpts);
  if (line === startLine) {
    const eol = text.indexOf('\n', failure.offset);
    const message = failure.truncated
      ? `truncated JSON at line ${line}, column ${column}: ${failure.reason}`
      : `invalid JSON at line ${line}, column ${column}: ${failure.reason}${near}`;
    return { item: inputErrorItem('json', message, at(line)), resume: eol === -1 ? text.length : eol + 1 };
  }
  const within = `in the value that starts at line ${startLine}`;
  const resumeNote = next < text.length ? `; reading resumes at line ${lines.lineAt(next)}` : '';
  const message = failure.truncated
    ? `truncated JSON at line ${line}, column ${column} (${within}): ${failure.reason}${resumeNote}`
    : `invalid JSON at line ${line}, column ${column} (${within}): ${failure.reason}` +
      `${near}${resumeNote}`;
  return { item: inputErrorItem('json', message, at(line)), resume: next };
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
