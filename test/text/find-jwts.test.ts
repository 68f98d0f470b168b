import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJwts, replaceJwts } from '../../functions/core/text/find-jwts.ts';
import { SECRET_MARKER, scrubSecrets } from '../../functions/core/text/scrub-secrets.ts';

/** The expression findJwts replaces: the oracle for what it finds. */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
const byRegex = (s: string): [number, number][] =>
  [...s.matchAll(JWT)].map((m) => [m.index, m.index + m[0].length]);

describe('findJwts', () => {
  it('finds a token wherever it starts, and its signature part may be empty', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZXBvIn0.c2lnbmF0dXJl';
    expect(replaceJwts(`Bearer ${jwt}, again:x${jwt}.`, '#')).toBe('Bearer #, again:x#.');
    expect(findJwts('eyJaaaaaaaa.eyJbbbbbbbb.')).toEqual([[0, 24]]);
    expect(findJwts('eyJaaaaaaa.eyJbbbbbbbb.c')).toEqual([]); // a first part one character short
  });

  it('finds what the regular expression finds', () => {
    // Few characters, so that headers, dots and runs meet often.
    const text = fc
      .array(fc.constantFrom('eyJ', 'e', 'y', 'J', 'a', '-', '_', '.', ' ', 'eyJaaaaaaaa', '.eyJ'), {
        maxLength: 40,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (s) => {
        expect(findJwts(s)).toEqual(byRegex(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes time linear in the text: a run of 300,000 characters of `eyJ` (30 s for the expression)', () => {
    // The expression is retried from each of the 100,000 `eyJ` and reads to the end of the run each time:
    // 3.3 s for 100,000 characters, four times as long for each doubling.
    const forged = 'eyJ'.repeat(100_000);
    expect(scrubSecrets(`ua ${forged} x`)).toBe(`ua ${forged} x`);
    // Tokens back to back (the expression is linear on these): the same spans.
    const many = `${'eyJaaaaaaaa.'.repeat(30_000)}eyJ`;
    expect(findJwts(many)).toEqual(byRegex(many));
    expect(scrubSecrets(many).startsWith(`${SECRET_MARKER}.${SECRET_MARKER}.`)).toBe(true);
  });
});
