import type { SourceLocation } from '../model/location.ts';
import type { Result } from '../model/result.ts';
import { err, ok } from '../model/result.ts';
import type { DecodedItem } from './decoded-item.ts';
import { inputErrorItem } from './decoded-item.ts';
import { DEFAULT_LIMITS, tooManyValuesReason, uncountedLength } from './input-limits.ts';
import { findJsonSyntaxError, scanJsonValue } from './json-scan.ts';
import { lineColumn } from './line-counter.ts';
import { excerptNear } from './safe-excerpt.ts';

/**
 * Parses JSON carried inside a string (a CloudWatch Logs message, a LookupEvents `CloudTrailEvent`,
 * decoded `awslogs.data`); a failure is an error item naming what was being read. A long text is
 * counted first: one holding more than `maxValues` values is refused rather than parsed.
 */
export function parseEmbeddedJson(
  text: string,
  what: string,
  location: SourceLocation,
  maxValues: number = DEFAULT_LIMITS.maxValues,
): Result<unknown, DecodedItem> {
  if (text.length > uncountedLength({ ...DEFAULT_LIMITS, maxValues })) {
    const scan = scanJsonValue(text, 0, { maxValues });
    if (!scan.ok && scan.tooManyValues === true) {
      return err(inputErrorItem('json', `${what}: ${tooManyValuesReason(maxValues)}`, location));
    }
  }
  try {
    return ok(JSON.parse(text));
  } catch {
    return err(inputErrorItem('json', describeJsonFailure(text, what), location));
  }
}

/** `<what> is not JSON: <reason> at column C near "…"`, with the line too when the text has several. */
export function describeJsonFailure(text: string, what: string): string {
  if (text.trim() === '') return `${what} is empty`;
  const failure = findJsonSyntaxError(text);
  if (failure === undefined) return `${what} is not JSON`;
  const { line, column } = lineColumn(text, failure.offset);
  const where = text.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`;
  if (failure.truncated) return `${what} is truncated JSON: ${failure.reason} (at ${where})`;
  return `${what} is not JSON: ${failure.reason} at ${where}${excerptNear(text, failure.offset)}`;
}
