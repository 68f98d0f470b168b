import { describe, expect, it } from 'vitest';
import { hasNestedQuantifier } from '../../functions/core/trust/nested-quantifier.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';

describe('hasNestedQuantifier', () => {
  it.each(['(a+)+', '^([a-z]+\\.?)+@acme\\.com$', '(x*)*', '((ab)+)*', '(a|b+){2,}', '(?:[a-z]+-)*deploy'])(
    'finds the nested quantifier in %s',
    (source) => {
      expect(hasNestedQuantifier(source)).toBe(true);
    },
  );

  it.each([
    '^[a-z.]+@acme\\.example$',
    '^(ci|deploy)-[0-9]+$',
    '(a+)?',
    '(ab){3}',
    '[(a+)]+',
    '\\(a+\\)+',
    '^i-[0-9a-f]{8,17}$',
  ])('accepts %s', (source) => {
    expect(hasNestedQuantifier(source)).toBe(false);
  });
});

describe('sessionNamePattern in a trust file', () => {
  it('is refused, naming line and key, when it can backtrack catastrophically', () => {
    const text = [
      'version: 1',
      'roles:',
      '  - arn: "arn:aws:iam::111122223333:role/OktaAdmin"',
      '    trustedPrincipals: ["111122223333"]',
      '    sessionNamePattern: "^([a-z]+\\\\.?)+@acme\\\\.com$"',
      '',
    ].join('\n');

    const parsed = parseTrustConfig(text, 'nested.yaml');

    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toEqual([
      expect.objectContaining({ file: 'nested.yaml', line: 5, key: 'roles[0].sessionNamePattern' }),
    ]);
    expect(parsed.error[0]?.message).toMatch(/backtrack/);
  });
});
