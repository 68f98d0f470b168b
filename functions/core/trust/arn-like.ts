/**
 * IAM `ArnLike` matching: the six colon-separated parts of an ARN are compared part by part, so a
 * wildcard never spills from one part into the next. The resource part is everything after the fifth
 * colon (it may hold further colons, as in `log-group:name:*`).
 */

type Matcher = (value: string) => boolean;

const ARN_PARTS = 6;
// Patterns come from the trust file, so the cache stays small; the cap only guards against misuse.
const CACHE_LIMIT = 10_000;
const cache = new Map<string, Matcher>();

const never: Matcher = () => false;

/** Splits an ARN into its six parts, the last keeping any further colons; undefined with fewer parts. */
export function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < ARN_PARTS - 1; i++) {
    const colon = arn.indexOf(':', start);
    if (colon < 0) return undefined;
    parts.push(arn.slice(start, colon));
    start = colon + 1;
  }
  parts.push(arn.slice(start));
  return parts;
}

const literal = (text: string): string => {
  let source = '';
  for (const ch of text) source += ch === '?' ? '[\\s\\S]' : ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  return source;
};

/**
 * Compiles a glob where `*` is any run of characters and `?` exactly one; everything else is literal.
 *
 * The values matched are record content (a RoleArn of up to 2048 characters that any caller chooses), so
 * the expression must not backtrack: with `[\s\S]*` for each `*`, a pattern with k stars takes time
 * growing as length^k on a value that almost matches. Each text between two stars is instead found at
 * its first occurrence, inside a lookahead (which never backtracks) whose capture is then consumed;
 * the first occurrence is always the right choice, since it leaves the most room for the rest.
 */
export function globToRegExp(glob: string, flags = ''): RegExp {
  const parts = glob.split('*');
  if (parts.length === 1) return new RegExp(`^${literal(glob)}$`, flags);
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  let source = `^${literal(first)}`;
  parts.slice(1, -1).forEach((middle, i) => {
    if (middle !== '') source += `(?=(?<g${i}>[\\s\\S]*?${literal(middle)}))\\k<g${i}>`;
  });
  return new RegExp(`${source}[\\s\\S]*${literal(last)}$`, flags);
}

const hasWildcard = (s: string): boolean => s.includes('*') || s.includes('?');

/** Whether `value.slice(start, end)` matches one part of a pattern (the slice is only made for globs). */
type PartMatcher = (value: string, start: number, end: number) => boolean;

const anyPart: PartMatcher = () => true;

function compilePart(part: string): PartMatcher {
  if (!hasWildcard(part)) {
    return (value, start, end) => end - start === part.length && value.startsWith(part, start);
  }
  if (part === '*') return anyPart;
  const re = globToRegExp(part);
  return (value, start, end) => re.test(value.slice(start, end));
}

function compile(pattern: string): Matcher {
  const parts = splitArn(pattern);
  if (parts === undefined) return never;
  const partMatchers = parts.map(compilePart);
  // Walks the value's parts in place, as splitArn would cut them, without allocating them.
  return (value) => {
    let start = 0;
    for (let i = 0; i < ARN_PARTS; i++) {
      const end = i < ARN_PARTS - 1 ? value.indexOf(':', start) : value.length;
      if (end < 0) return false;
      const m = partMatchers[i];
      if (m === undefined || !m(value, start, end)) return false;
      start = end + 1;
    }
    return true;
  };
}

/**
 * Returns a matcher for an IAM `ArnLike` pattern: `*` matches any run of characters within one part
 * (`/` included, never a `:` between parts), `?` exactly one character; case-sensitive. A pattern or a
 * value with fewer than six parts never matches. Compiled matchers are cached.
 *
 * @example arnLike('arn:aws:iam::*:role/app-*')('arn:aws:iam::111122223333:role/app-web') // true
 */
export function arnLike(pattern: string): (value: string) => boolean {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  const matcher = compile(pattern);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, matcher);
  return matcher;
}
