/**
 * Titles are one sentence a person reads in an alert, so values taken from a record (session names, user
 * names, token subjects, error codes) are made printable and clipped before they go in. The full value
 * stays in `evidence`, which is where a person looks for it.
 */

/** Code points of one record value inside a title. */
export const TITLE_VALUE_MAX = 120;
/** Code points of a whole title, a guard for titles built from many values. */
export const TITLE_MAX = 400;

const ELLIPSIS = '\u2026';
// Line breaks, tabs and other controls would split the sentence; format characters (bidirectional
// overrides, zero-width joiners) can make a title read differently from what it holds.
const BREAKING = /[\p{Cc}\p{Zl}\p{Zp}\s]+/gu;
const INVISIBLE = /\p{Cf}+/gu;

/** Printable ASCII words separated by single spaces: what {@link printable} returns unchanged. */
const PLAIN_LINE = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/** One line of printable text: control and format characters removed, whitespace runs collapsed. */
export function printable(text: string): string {
  // Most titles and names are plain ASCII: one simple scan instead of two Unicode ones.
  if (PLAIN_LINE.test(text)) return text;
  return text.replace(INVISIBLE, '').replace(BREAKING, ' ').trim();
}

const isSpace = (c: string | undefined): boolean => c === ' ';
// A token a person needs whole to act on: an ARN or a 12-digit account id, maybe in brackets or quotes.
const PROTECTED = /^[("'[]*(arn:|[0-9]{12}(?![0-9]))/;

/**
 * At most `max` code points, cut at a word boundary (` …`) so that no word is left half-written; an ARN or
 * an account id is never cut: the cut moves before it, or (when that would drop more than half the text)
 * after it, up to twice `max`. Only a single word longer than half the room is cut inside (`…`), since no
 * boundary is near. Expects one line of printable text ({@link printable}).
 *
 * @example clipAtWord('alice assumed role Deploy (111122223333) from 203.0.113.9', 40)
 * // 'alice assumed role Deploy (111122223333) …'
 */
export function clipAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  const limit = Math.max(1, max - 2);
  let start = limit;
  while (start > 0 && !isSpace(points[start - 1])) start--;
  let end = limit;
  while (end < points.length && !isSpace(points[end])) end++;
  const keep = (upTo: number, marker: string) => `${points.slice(0, upTo).join('').trimEnd()}${marker}`;
  if (isSpace(points[limit])) return keep(limit, ` ${ELLIPSIS}`);
  if (start === limit || start >= limit / 2) return keep(start, ` ${ELLIPSIS}`);
  const token = points.slice(start, end).join('');
  if (PROTECTED.test(token) && end <= 2 * max) {
    return end >= points.length ? text : keep(end, ` ${ELLIPSIS}`);
  }
  // Array.from keeps surrogate pairs whole, so the cut never splits one.
  return keep(max - 1, ELLIPSIS);
}

/**
 * A record value as it may appear in a title: printable, one line, at most {@link TITLE_VALUE_MAX}
 * code points.
 *
 * @example titleValue('deploy\n'.repeat(40)) // 'deploy deploy … deploy …' (cut between words)
 */
export function titleValue(value: string, max = TITLE_VALUE_MAX): string {
  return clipAtWord(printable(value), max);
}

/** A whole title: one line, at most {@link TITLE_MAX} code points, cut at a word boundary. */
export function titleSentence(title: string): string {
  return clipAtWord(printable(title), TITLE_MAX);
}
