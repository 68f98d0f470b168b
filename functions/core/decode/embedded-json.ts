import type { SourceLocation } from '../model/location.ts';
import type { Result } from '../model/result.ts';
import { err, ok } from '../model/result.ts';
import type { DecodedItem } from './decoded-item.ts';
import { inputErrorItem } from './decoded-item.ts';
import { findJsonSyntaxError } from './json-scan.ts';
import { lineColumn } from './line-counter.ts';
import { excerptNear } from './safe-excerpt.ts';

/**
 * Parses JSON carried inside a string (a CloudWatch Logs message, a LookupEvents `CloudTrailEvent`,
 * decoded `awslogs.data`); a failure is an error item naming what was being read.
 */
export function parseEmbeddedJson(
  text: string,
  what: string,
  location: SourceLocation,
): Result<unknown, DecodedItem> {
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
