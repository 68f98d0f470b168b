import { describe, expect, it } from 'vitest';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';
import {
  checkSessionNamePattern,
  compileSessionNamePattern,
  MAX_SESSION_NAME_PATTERN_CHARS,
} from '../../functions/core/trust/session-name-pattern.ts';

const trustFileWith = (pattern: string): string =>
  [
    'version: 1',
    'roles:',
    '  - arn: "arn:aws:iam::111122223333:role/OktaAdmin"',
    '    trustedPrincipals: ["111122223333"]',
    `    sessionNamePattern: ${JSON.stringify(pattern)}`,
    '',
  ].join('\n');

function refusal(pattern: string) {
  const parsed = parseTrustConfig(trustFileWith(pattern), 'patterns.yaml');
  if (parsed.ok) throw new Error(`${pattern} was accepted`);
  return parsed.error;
}

describe('sessionNamePattern at load time', () => {
  it.each([
    ['a backreference', '^(a+)\\1$'],
    ['a named backreference', '^(?<x>a)\\k<x>$'],
    ['a lookahead', '^(?=.*@)[a-z.@]+$'],
    ['a negative lookahead', '^(?!root)[a-z]+$'],
    ['a lookbehind', '(?<=@)acme'],
    ['a negative lookbehind', '(?<!x)acme'],
  ])('refuses %s, naming file, line and key, and why', (_what, pattern) => {
    expect(refusal(pattern)).toEqual([
      expect.objectContaining({
        file: 'patterns.yaml',
        line: 5,
        key: 'roles[0].sessionNamePattern',
        message: expect.stringMatching(/cannot be matched in linear time.*RE2 syntax/),
      }),
    ]);
  });

  it('names a JavaScript-only escape and says what RE2 writes instead', () => {
    expect(refusal('^\\u0041+$')).toEqual([
      expect.objectContaining({
        line: 5,
        message: expect.stringContaining(
          'uses the JavaScript escape \\u, which RE2 does not have: write \\x{41}',
        ),
      }),
    ]);
    expect(refusal('^\\cA$')[0]?.message).toContain('the JavaScript escape \\c');
  });

  it('calls a broken pattern not a valid regular expression, quoting it, with the reason', () => {
    expect(refusal('^[a-z+$')).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^'\^\[a-z\+\$' is not a valid regular expression: missing closing \]/,
        ),
      }),
    ]);
  });

  it('refuses a pattern longer than the documented limit', () => {
    const long = `^${'a'.repeat(MAX_SESSION_NAME_PATTERN_CHARS)}$`;

    expect(refusal(long)).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(`at most ${MAX_SESSION_NAME_PATTERN_CHARS}`),
      }),
    ]);
  });

  it('accepts a pattern exactly as long as the limit (near miss)', () => {
    const pattern = `^${'a'.repeat(MAX_SESSION_NAME_PATTERN_CHARS - 2)}$`;

    expect(checkSessionNamePattern(pattern)).toEqual({ ok: true, value: pattern });
  });

  it('accepts RE2 syntax, including nested quantifiers that JavaScript would backtrack on', () => {
    for (const pattern of [
      '^[a-z.]+@acme\\.example$',
      '^([a-z]+\\.?)+@acme\\.com$',
      '^(?i)ci-[0-9a-f]{8}$',
      '^\\p{L}+$',
    ]) {
      expect(checkSessionNamePattern(pattern).ok, pattern).toBe(true);
    }
  });
});

describe('compileSessionNamePattern', () => {
  it('finds a match anywhere unless anchored, as RegExp.test does', () => {
    expect(compileSessionNamePattern('acme')('jane@acme.example')).toBe(true);
    expect(compileSessionNamePattern('^acme$')('jane@acme.example')).toBe(false);
    expect(compileSessionNamePattern('^[a-z.]+@acme\\.example$')('jane.doe@acme.example')).toBe(true);
    expect(compileSessionNamePattern('^[a-z.]+@acme\\.example$')('Jane.Doe@acme.example')).toBe(false);
  });
});
