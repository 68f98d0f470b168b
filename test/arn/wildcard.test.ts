import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWildcard } from '../../functions/core/arn/wildcard.ts';

/** Dynamic programming over (pattern, value) positions: slow, obviously right. */
function reference(glob: string, value: string, questionMark: boolean): boolean {
  let row = [true, ...Array.from(value, () => false)];
  for (const g of glob) {
    const next = [g === '*' && row[0] === true];
    for (let j = 1; j <= value.length; j++) {
      next[j] =
        g === '*'
          ? row[j] === true || next[j - 1] === true
          : row[j - 1] === true && ((questionMark && g === '?') || g === value[j - 1]);
    }
    row = next;
  }
  return row[value.length] === true;
}

const text = (chars: string) => fc.string({ unit: fc.constantFrom(...chars), maxLength: 12 });

describe('compileWildcard', () => {
  it('agrees with a reference matcher on every pattern and value, with ? as a wildcard', () => {
    fc.assert(
      fc.property(text('ab-*?'), text('ab-?'), (glob, value) => {
        expect(compileWildcard(glob, { questionMark: true })(value)).toBe(reference(glob, value, true));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with a reference matcher when ? stands for itself (OIDC subjects)', () => {
    fc.assert(
      fc.property(text('ab?*'), text('ab?'), (glob, value) => {
        expect(compileWildcard(glob, { questionMark: false })(value)).toBe(reference(glob, value, false));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches a slice of a value in place, never past its bounds', () => {
    const match = compileWildcard('a*c', { questionMark: true });

    expect(match('xxabcxx', 2, 5)).toBe(true);
    expect(match('xxabcxx', 2, 4)).toBe(false);
    expect(match('abcc', 0, 3)).toBe(true);
  });

  it('compares host names without regard to case when asked', () => {
    const host = compileWildcard('Token.Actions.*.com', { questionMark: true, ignoreCase: true });

    expect(host('token.actions.githubusercontent.com')).toBe(true);
    expect(host('token.actions.githubusercontent.org')).toBe(false);
  });

  it('takes time linear in the value for a pattern with many stars', () => {
    // With one backtracking `.*` per star this pattern takes time growing as length^5 on a near miss.
    const match = compileWildcard('*-*-*-*-*-deploy', { questionMark: true });
    const started = performance.now();

    expect(match(`${'-'.repeat(200_000)}deplo`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
