import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTrustPolicy } from '../../functions/core/trust-policy/parse-trust-policy.ts';
import { quote } from '../../functions/core/trust-policy/statement-context.ts';

/** The i-th spelling of `sts:RoleSessionName` (IAM condition keys are case-insensitive). */
function spelling(i: number): string {
  let bit = 0;
  return [...'sts:rolesessionname']
    .map((c) => (c === ':' ? c : (i >> bit++) & 1 ? c.toUpperCase() : c))
    .join('');
}

describe('notes of a policy grow with the policy, not with its square', () => {
  it('names a few of many conditions on one key: 2,000 spellings of sts:RoleSessionName', () => {
    const block = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [spelling(i), `a*${i % 7}*`]));
    const r = parseTrustPolicy({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Principal: { AWS: '111122223333' },
        Action: 'sts:AssumeRole',
        Condition: { StringLike: block },
      },
    });
    if (!r.ok) throw new Error(r.error);
    // Each narrowing named every condition before it: 72 MB of notes from this 58 KB policy.
    const chars = r.value.notes.reduce((n, note) => n + note.message.length, 0);
    expect(chars).toBeLessThan(1_000_000);
    expect(r.value.notes.at(-1)?.message).toMatch(/ and 1996 more are all required; /);
  });

  it('quotes a value by its first code points, as a note always did', () => {
    const before = (value: string, max: number): string => {
      const cps = [...value];
      return JSON.stringify(cps.length <= max ? value : `${cps.slice(0, max - 1).join('')}…`);
    };
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), fc.integer({ min: 1, max: 12 }), (v, max) => {
        expect(quote(v, max)).toBe(before(v, max));
      }),
      { numRuns: 3000 },
    );
  });
});
