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

/** One line of printable text: control and format characters removed, whitespace runs collapsed. */
export function printable(text: string): string {
  return text.replace(INVISIBLE, '').replace(BREAKING, ' ').trim();
}

/** At most `max` code points, ending in `…` when cut (never splits a surrogate pair). */
export function clipCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, Math.max(0, max - 1)).join('')}${ELLIPSIS}`;
}

/**
 * A record value as it may appear in a title: printable, one line, at most {@link TITLE_VALUE_MAX}
 * code points.
 *
 * @example titleValue('deploy\n'.repeat(40)) // 'deploy deploy … deploy de…' (120 code points)
 */
export function titleValue(value: string, max = TITLE_VALUE_MAX): string {
  return clipCodePoints(printable(value), max);
}

/** A whole title: one line, at most {@link TITLE_MAX} code points. */
export function titleSentence(title: string): string {
  return clipCodePoints(printable(title), TITLE_MAX);
}
