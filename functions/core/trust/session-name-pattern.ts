import { RE2JS } from 're2js';
import { err, ok, type Result } from '../model/result.ts';
import { quoted } from './quote-value.ts';

/**
 * `sessionNamePattern` is matched with RE2 (the `re2js` port): time linear in the session name whatever the
 * pattern, since the name comes from records an attacker can forge. JavaScript's backtracking engine takes
 * seconds to years on a 64-character name against patterns as ordinary as `^(\w|\d)+$`.
 */

/** Longer patterns are refused: a session name has at most 64 characters, and RE2's work grows with both. */
export const MAX_SESSION_NAME_PATTERN_CHARS = 1024;

const UNSUPPORTED =
  'backreferences (\\1, \\k<name>) and lookaround ((?=…), (?!…), (?<=…), (?<!…)) cannot be matched in ' +
  'linear time; sessionNamePattern uses RE2 syntax (see the README, "The trust file")';

function jsAccepts(source: string): boolean {
  try {
    // Only parsed, to tell a JavaScript-only construct from a plain mistake; never run.
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks a pattern when the trust file is loaded; the message says what is wrong.
 *
 * @example checkSessionNamePattern('(a)\\1') // err('… backreferences … cannot be matched in linear time …')
 */
export function checkSessionNamePattern(source: string): Result<string, string> {
  if (source.length > MAX_SESSION_NAME_PATTERN_CHARS) {
    return err(
      `a pattern of ${source.length} characters; at most ${MAX_SESSION_NAME_PATTERN_CHARS} are allowed`,
    );
  }
  try {
    RE2JS.compile(source);
    return ok(source);
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).replace(/^error parsing regexp: /, '');
    // Backreferences (\1, \k<name>) are escapes to RE2 too: they keep the message about linear time.
    const jsEscape = /^invalid escape sequence: `(\\[^0-9k])/.exec(reason)?.[1];
    if (jsEscape !== undefined && jsAccepts(source)) {
      return err(
        `${quoted(source)} uses the JavaScript escape ${jsEscape}, which RE2 does not have` +
          (jsEscape === '\\u' ? ': write \\x{41} for U+0041' : '') +
          '; sessionNamePattern uses RE2 syntax (see the README, "The trust file")',
      );
    }
    return err(
      jsAccepts(source)
        ? `${quoted(source)} uses syntax the linear-time matcher does not run (${reason}): ${UNSUPPORTED}`
        : `${quoted(source)} is not a valid regular expression: ${reason}`,
    );
  }
}

/**
 * Compiles a checked pattern into a test that, like `RegExp.prototype.test`, looks for a match anywhere in
 * the name (anchor it with `^…$` to match the whole name).
 */
export function compileSessionNamePattern(source: string): (name: string) => boolean {
  const pattern = RE2JS.compile(source);
  return (name) => pattern.test(name);
}
