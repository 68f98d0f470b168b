import { describe, expect, it } from 'vitest';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';

// An entry must say whom it trusts (an empty list would flag every call on the role), and an account id
// with a digit too few is a typo that would trust nobody: both are refused at their key.
const errorsOf = (text: string) => {
  const parsed = parseTrustConfig(text, 'rolewatch.yaml', { now: new Date('2026-11-29T10:00:00Z') });
  if (parsed.ok) throw new Error('expected the trust file to be refused');
  return parsed.error;
};

describe('trustedPrincipals', () => {
  it('refuses an empty list and an account id of 11 digits, each at its key', () => {
    const issues = errorsOf(
      'version: 1\nroles:\n' +
        '  - arn: "arn:aws:iam::444455556666:role/Deploy"\n    trustedPrincipals: []\n' +
        '  - arn: "arn:aws:iam::444455556666:role/Audit"\n    trustedPrincipals: ["44445555666"]\n',
    );

    expect(issues.map((i) => [i.line, i.key])).toEqual([
      [4, 'roles[0].trustedPrincipals'],
      [6, 'roles[1].trustedPrincipals[0]'],
    ]);
    expect(issues[1]?.message).toContain('has 11 digits');
  });
});
