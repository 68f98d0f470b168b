/**
 * Wildcard patterns from the trust file (`*` any run of characters, optionally `?` exactly one), matched
 * against values from records without regular expressions. The values are attacker-controlled (a RoleArn
 * of up to 2048 characters that any caller chooses), so matching must not backtrack: each text between two
 * stars is taken at its first occurrence, which is always the right choice since it leaves the most room
 * for the rest. Time is at most (value length × pattern length), whatever the number of stars.
 */

/**
 * The longest wildcard pattern (ARN pattern, OIDC subject, service name) a trust file may hold. STS takes a
 * RoleArn of at most 2048 characters, so a longer pattern names nothing real; the bound also bounds the
 * cost of one match (value length × pattern length).
 */
export const MAX_PATTERN_CHARS = 2048;

export interface WildcardOptions {
  /** Whether `?` matches exactly one character (IAM ArnLike) or stands for itself (OIDC subjects). */
  readonly questionMark: boolean;
  /** Compare without regard to case (host names). */
  readonly ignoreCase?: boolean;
}

/** Whether `value.slice(start, end)` matches; the slice is never made. */
export type WildcardMatcher = (value: string, start?: number, end?: number) => boolean;

type SegmentTest = (value: string, at: number) => boolean;

function sameChar(ignoreCase: boolean): (a: string, b: string) => boolean {
  return ignoreCase ? (a, b) => a === b || a.toLowerCase() === b.toLowerCase() : (a, b) => a === b;
}

/** Whether `segment` (with its wildcards) matches `value` at position `at`; bounds are the caller's. */
function segmentTest(segment: string, options: WildcardOptions): SegmentTest {
  const anyChar = options.questionMark && segment.includes('?');
  if (!anyChar && options.ignoreCase !== true) return (value, at) => value.startsWith(segment, at);
  const same = sameChar(options.ignoreCase === true);
  return (value, at) => {
    for (let i = 0; i < segment.length; i++) {
      const p = segment[i] as string;
      if (!(anyChar && p === '?') && !same(p, value[at + i] as string)) return false;
    }
    return true;
  };
}

/** The first position in [from, last] where the segment matches, or -1. */
function findSegment(segment: string, test: SegmentTest, literal: boolean) {
  return (value: string, from: number, last: number): number => {
    if (literal) {
      const found = value.indexOf(segment, from);
      return found >= 0 && found <= last ? found : -1;
    }
    for (let at = from; at <= last; at++) if (test(value, at)) return at;
    return -1;
  };
}

/**
 * Compiles a wildcard pattern once; the matcher runs in time linear in the value for a given pattern.
 *
 * @example compileWildcard('repo:acme/*:ref:*', { questionMark: false })('repo:acme/app:ref:main') // true
 */
export function compileWildcard(pattern: string, options: WildcardOptions): WildcardMatcher {
  const parts = pattern.split('*');
  const tests = parts.map((p) => segmentTest(p, options));
  const first = parts[0] as string;
  const firstTest = tests[0] as SegmentTest;
  if (parts.length === 1) {
    return (value, start = 0, end = value.length) => end - start === first.length && firstTest(value, start);
  }
  const last = parts[parts.length - 1] as string;
  const lastTest = tests[tests.length - 1] as SegmentTest;
  const literal = !(options.questionMark && pattern.includes('?')) && options.ignoreCase !== true;
  const middles = parts
    .slice(1, -1)
    .map((segment, i) => ({
      length: segment.length,
      find: findSegment(segment, tests[i + 1] as SegmentTest, literal),
    }))
    .filter((m) => m.length > 0);
  const fixed = first.length + last.length;
  return (value, start = 0, end = value.length) => {
    if (end - start < fixed || !firstTest(value, start) || !lastTest(value, end - last.length)) return false;
    let at = start + first.length;
    const limit = end - last.length;
    for (const m of middles) {
      const found = m.find(value, at, limit - m.length);
      if (found < 0) return false;
      at = found + m.length;
    }
    return true;
  };
}
