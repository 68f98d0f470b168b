import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasPolicyVariable } from '../../functions/core/trust-policy/iam-glob.ts';

/** The expression hasPolicyVariable replaces: the oracle. */
const byRegex = (value: string): boolean => /\$\{(?![*?$]\})[^}]*\}/.test(value);

/** A `$`, so that policy text reads as such and not as template placeholders. */
const D = '$';

describe('hasPolicyVariable', () => {
  it('tells policy variables from the three escapes', () => {
    expect(hasPolicyVariable(`${D}{aws:username}-*`)).toBe(true);
    expect(hasPolicyVariable(`a${D}{*}b${D}{?}c${D}{$}`)).toBe(false);
    expect(hasPolicyVariable(`${D}{*}${D}{x`)).toBe(false);
    expect(hasPolicyVariable(`${D}{${D}{*}`)).toBe(true);
  });

  it('answers as the regular expression did', () => {
    const value = fc
      .array(fc.constantFrom('$', '{', '}', '*', '?', 'a', `${D}{`, `${D}{*}`, `${D}{$}`), { maxLength: 12 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(value, (v) => {
        expect(hasPolicyVariable(v)).toBe(byRegex(v));
      }),
      { numRuns: 5000 },
    );
  });

  it('takes time linear in the value: 200,000 times `$` `{` and no `}`', () => {
    // The expression read from every `$` `{` to the end of the value: 2 s for 60,000 characters, over half
    // a minute for these.
    expect(hasPolicyVariable(`${D}{`.repeat(200_000))).toBe(false);
    expect(hasPolicyVariable(`${`${D}{`.repeat(200_000)}}`)).toBe(true);
  });
});
