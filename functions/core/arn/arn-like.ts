import { splitArn } from './parse-arn.ts';
import { compileWildcard, type WildcardMatcher } from './wildcard.ts';

/**
 * IAM `ArnLike` matching: the six colon-separated parts of an ARN are compared part by part, so a
 * wildcard never spills from one part into the next. The resource part is everything after the fifth
 * colon (it may hold further colons, as in `log-group:name:*`).
 */

const ARN_PARTS = 6;

const never = (): boolean => false;
const anyPart: WildcardMatcher = () => true;

function compilePart(part: string): WildcardMatcher {
  return part === '*' ? anyPart : compileWildcard(part, { questionMark: true });
}

/**
 * Compiles an IAM `ArnLike` pattern: `*` matches any run of characters within one part (`/` included,
 * never a `:` between parts), `?` exactly one character; case-sensitive. A pattern or a value with fewer
 * than six parts never matches. Compile once per pattern (the trust file's patterns are compiled when the
 * engine starts); the matcher allocates nothing.
 *
 * @example compileArnLike('arn:aws:iam::*:role/app-*')('arn:aws:iam::111122223333:role/app-web') // true
 */
export function compileArnLike(pattern: string): (value: string) => boolean {
  const parts = splitArn(pattern);
  if (parts === undefined) return never;
  const partMatchers = parts.map(compilePart);
  // Walks the value's parts in place, as splitArn would cut them.
  return (value) => {
    let start = 0;
    for (let i = 0; i < ARN_PARTS; i++) {
      const end = i < ARN_PARTS - 1 ? value.indexOf(':', start) : value.length;
      if (end < 0) return false;
      if (!(partMatchers[i] as WildcardMatcher)(value, start, end)) return false;
      start = end + 1;
    }
    return true;
  };
}
