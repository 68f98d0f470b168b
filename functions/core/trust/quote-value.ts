/**
 * A value from the trust file as an error message quotes it: in single quotes, on one line, with control
 * and invisible characters written as escapes (a tab or a zero-width space in an account id is the mistake
 * the person must see), and at most {@link QUOTED_MAX} code points: the start and the end of a longer value
 * are kept (an ARN differs from the intended one at either end), the middle is elided with `…`.
 */

/** Code points of a quoted value, quotes excluded. */
export const QUOTED_MAX = 80;

const TAIL = 20;
const ESCAPED = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.codePointAt(0) ?? 0;
  return `\\u{${code.toString(16).toUpperCase()}}`;
}

/**
 * @example quoted('12345') // "'12345'"
 * @example quoted('1111\t22223333') // "'1111\\t22223333'"
 */
export function quoted(value: string, max = QUOTED_MAX): string {
  const points = Array.from(value);
  const escaped = (part: readonly string[]): string => part.join('').replace(ESCAPED, escapeChar);
  // Cut before escaping, so that an escape is never cut in half (escapes may lengthen the text a little).
  const text =
    points.length <= max
      ? escaped(points)
      : `${escaped(points.slice(0, max - TAIL - 1))}\u2026${escaped(points.slice(-TAIL))}`;
  return `'${text}'`;
}
