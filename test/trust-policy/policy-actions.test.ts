import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTrustPolicy } from '../../functions/core/trust-policy/parse-trust-policy.ts';
import { parseActions } from '../../functions/core/trust-policy/policy-actions.ts';
import type { StatementContext } from '../../functions/core/trust-policy/statement-context.ts';
import { ASSUME_ACTIONS } from '../../functions/core/trust-policy/trust-policy.ts';

const context = (): StatementContext => ({
  statement: 0,
  notes: [],
  policyVariables: true,
  relations: { left: 0 },
});

/** The expression the matcher replaces: the oracle for what an Action value grants. */
function byRegex(pattern: string): string[] {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.+()[\]{}|]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}$`, 'i');
  return ASSUME_ACTIONS.filter((a) => re.test(`sts:${a}`));
}

describe('parseActions: the assume actions an Action value grants', () => {
  it('matches as IAM does: case-insensitive, `*` any run, `?` one character', () => {
    fc.assert(
      fc.property(
        // The letters of the action names in both cases, wildcards, and characters that fold to ASCII
        // letters in Unicode but not in a case-insensitive JavaScript expression (ſ, the Kelvin sign).
        fc
          .array(
            fc.constantFrom(
              'sts:',
              'Assume',
              'ROLE',
              'With',
              'saml',
              'Web',
              'Identity',
              's',
              'K',
              'k',
              'ſ',
              '\u212a',
              '*',
              '?',
              '.',
              ':',
            ),
            {
              maxLength: 8,
            },
          )
          .map((parts) => parts.join('')),
        (pattern) => {
          // Values are trimmed before they are matched, as IAM does.
          expect(parseActions({ Action: pattern }, context())).toEqual(byRegex(pattern.trim()));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads forged Action values in time linear in their length', () => {
    // A backtracking expression took 3 s for each of these 33-character values (and 8 s at 1,000).
    const slow = Array.from({ length: 30 }, (_, i) => `${'?*'.repeat(16)}x${i}`);
    const forged = {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: slow },
    };
    const r = parseTrustPolicy(forged);
    expect(r.ok && r.value.grants).toEqual([]);
    // One of 40,000 characters was too large to compile as an expression, and threw.
    const huge = parseTrustPolicy({
      ...forged,
      Statement: { ...forged.Statement, Action: `sts:${'?'.repeat(40_000)}` },
    });
    expect(huge.ok && huge.value.grants).toEqual([]);
  });
});
