import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_SHAPES,
  learnedNamePattern,
  mergeShapes,
  type SessionNameShapes,
  shapesOf,
} from '../../functions/core/trust-learn/session-name-shape.ts';

const shapes = (names: readonly string[]): SessionNameShapes =>
  names.map(shapesOf).reduce(mergeShapes, EMPTY_SHAPES);
const pattern = (names: readonly string[]): string => {
  const learned = learnedNamePattern(shapes(names));
  if (!('pattern' in learned)) throw new Error(learned.reason);
  return learned.pattern;
};

describe('learnedNamePattern', () => {
  it('keeps one name as a literal, escaped and anchored', () => {
    expect(pattern(['alice@acme.example'])).toBe('^alice@acme\\.example$');
    expect(pattern(['GitHubActions', 'GitHubActions'])).toBe('^GitHubActions$');
  });

  it('generalises the words that vary and keeps the ones every name shares', () => {
    expect(pattern(['alice.nguyen@acme.example', 'bruno.costa@acme.example'])).toBe(
      '^[a-z]+\\.[a-z]+@acme\\.example$',
    );
    expect(pattern(['i-0abc123', 'i-0def456'])).toBe('^i-[a-z0-9]+$');
  });

  it('never learns a timestamp or id of four or more digits literally, even when it repeats', () => {
    expect(pattern(['deploy-1700000000'])).toBe('^deploy-[0-9]+$');
    expect(pattern(['app2-runner'])).toBe('^app2-runner$');
  });

  it('writes up to four shapes as an alternation, sorted', () => {
    expect(pattern(['breakglass', 'ops.contractor', 'dana.kowalski@acme.example'])).toBe(
      '^(?:breakglass|ops\\.contractor|dana\\.kowalski@acme\\.example)$',
    );
  });

  it('falls back to the shared prefix and suffix around one character class (of every character seen) beyond four shapes', () => {
    const names = [
      'a@acme.example',
      'b.c@acme.example',
      'd.e.f@acme.example',
      'g-h@acme.example',
      'i_j@acme.example',
    ];
    expect(pattern(names)).toBe('^[a-z.@_-]+@acme\\.example$');
  });

  it('learns no pattern from more than four shapes that share no prefix or suffix: a class alone pins nothing', () => {
    // A pipeline's names and five one-off names of other shapes (an attacker's among them).
    const names = ['deploy-1', 'deploy-2', 'a', '=x', 'b@c', 'A.b', 'x,y', 'Q+r', 'z_z'];
    expect(learnedNamePattern(shapes(names))).toEqual({
      reason: expect.stringMatching(/no shared prefix or suffix/),
    });
    expect(learnedNamePattern(shapes(['a-b', 'c.d', 'e@f', 'g_h', 'i=j']))).toHaveProperty('reason');
  });

  it('learns no pattern from names STS would refuse (too long, odd characters)', () => {
    expect(learnedNamePattern(shapes(['x'.repeat(65)]))).toEqual({
      reason: expect.stringMatching(/64 characters/),
    });
    expect(learnedNamePattern(shapes(['a b']))).toHaveProperty('reason');
    expect(learnedNamePattern(EMPTY_SHAPES)).toEqual({ reason: 'no call carried a session name' });
  });

  it('merges in constant time once an unusual name was seen: 20,000 distinct characters, 50,000 names', () => {
    // Every merge sorted the characters of every name seen: some three minutes for these.
    const forged = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode(0x4e00 + i)).join('');
    let s = shapesOf('deploy-1');
    s = mergeShapes(s, shapesOf(forged));
    for (let i = 0; i < 50_000; i++) s = mergeShapes(s, shapesOf(`deploy-${i}`));
    expect(learnedNamePattern(s)).toEqual({ reason: expect.stringMatching(/64 characters/) });
    expect([s.names, s.minChars, s.maxChars]).toEqual([50_002, 8, 20_000]);
  });

  const sessionName = fc.stringMatching(/^[A-Za-z0-9_+=,.@-]{2,64}$/);

  it('compiles in RE2, matches every name it was learned from, and gives the same pattern in any order', () => {
    fc.assert(
      fc.property(fc.array(sessionName, { minLength: 1, maxLength: 12 }), (names) => {
        const result = learnedNamePattern(shapes(names));
        if (!('pattern' in result)) {
          // Only names of many shapes with nothing in common go without a pattern, in any order.
          expect(result.reason).toMatch(/no shared prefix or suffix/);
          expect(learnedNamePattern(shapes([...names].reverse()))).toEqual(result);
          return;
        }
        const learned = result.pattern;
        // The trust file's matcher: RE2, linear time (session names come from forgeable records).
        const re = RE2JS.compile(learned);
        for (const n of names) expect(re.matches(n)).toBe(true);
        expect(pattern([...names].reverse())).toBe(learned);
        // Merged in two halves, as two worker threads would.
        const half = Math.floor(names.length / 2);
        const split = learnedNamePattern(
          mergeShapes(shapes(names.slice(half)), shapes(names.slice(0, half))),
        );
        expect(split).toEqual({ pattern: learned });
      }),
    );
  });

  it('is narrower than any name: a name of another shape does not match', () => {
    const re = new RegExp(pattern(['alice.nguyen@acme.example', 'bruno.costa@acme.example']));
    expect(re.test('mallory@evil.example')).toBe(false);
    expect(re.test('alice.nguyen@acme.example.evil')).toBe(false);
  });
});
