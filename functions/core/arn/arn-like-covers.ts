import { splitArn } from './parse-arn.ts';

/**
 * Whether one IAM `ArnLike` pattern matches every ARN another one matches (pattern inclusion), for the
 * trust file's "the first matching entry applies": a later entry whose pattern an earlier one covers never
 * applies. The answer is sound (true only when every ARN the narrow pattern matches is matched by the wide
 * one) and complete for the patterns people write; for patterns too long to compare cheaply it is false,
 * which only costs a warning that is not given.
 */

/** Cells of the comparison table beyond which two parts are not compared (two 1000-character parts). */
const MAX_CELLS = 1_000_000;

/**
 * `**` is `*`, and `*?` matches what `?*` matches: written in one order, two patterns that match the same
 * strings also read the same, which the comparison below relies on.
 */
function canonical(part: string): string {
  return part.replace(/[*?]{2,}/g, (run) => {
    const singles = run.replace(/\*/g, '');
    return run.includes('*') ? `${singles}*` : singles;
  });
}

/**
 * Whether wildcard pattern `wide` matches every string that pattern `narrow` matches, `narrow`'s wildcards
 * taken as symbols: `*` in `wide` absorbs any run of `narrow`'s symbols, `?` one literal or `?`, a literal
 * only itself. Linear space, (wide × narrow) time.
 */
function partCovers(wide: string, narrow: string): boolean {
  if (wide === '*' || wide === narrow) return true;
  if (!/[*?]/.test(wide)) return false;
  const a = canonical(wide);
  const b = canonical(narrow);
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) return false;
  // next[j]: a[i+1..] covers b[j..]; row[j]: a[i..] covers b[j..]. Filled from the ends backwards.
  let next = new Array<boolean>(b.length + 1).fill(false);
  next[b.length] = true;
  for (let i = a.length - 1; i >= 0; i--) {
    const row = new Array<boolean>(b.length + 1).fill(false);
    const p = a[i];
    for (let j = b.length; j >= 0; j--) {
      const c = b[j];
      if (p === '*') row[j] = (next[j] ?? false) || (j < b.length && (row[j + 1] ?? false));
      else if (j === b.length) row[j] = false;
      else if (p === '?') row[j] = c !== '*' && (next[j + 1] ?? false);
      else row[j] = c === p && (next[j + 1] ?? false);
    }
    next = row;
  }
  return next[0] ?? false;
}

/**
 * Whether ArnLike pattern `wide` matches every ARN that `narrow` matches, part by part (a wildcard never
 * spans the colon between two parts).
 *
 * @example arnLikeCovers('arn:aws:iam::*:role/*', 'arn:aws:iam::111122223333:role/Deploy') // true
 * @example arnLikeCovers('arn:aws:iam::*:role/app-*', 'arn:aws:iam::*:role/*') // false
 */
export function arnLikeCovers(wide: string, narrow: string): boolean {
  const a = splitArn(wide);
  const b = splitArn(narrow);
  if (a === undefined || b === undefined) return false;
  return a.every((part, i) => partCovers(part, b[i] as string));
}
