import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeTrustConfig, formatConfigIssue } from '../../functions/core/trust/describe-trust-config.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';

describe('formatConfigIssue', () => {
  it('formats file, line, column, key and message', () => {
    const text = formatConfigIssue({
      file: 'rolewatch.yaml',
      line: 5,
      column: 7,
      key: 'roles[1].sourceCidrs[0]',
      message: "'203.0.113.0/33' is not a prefix length",
    });

    expect(text).toBe("rolewatch.yaml:5:7 roles[1].sourceCidrs[0]: '203.0.113.0/33' is not a prefix length");
  });

  it('leaves out what is unknown', () => {
    expect(formatConfigIssue({ file: 's3://b/k.yaml', key: '', message: 'the file is empty' })).toBe(
      's3://b/k.yaml: the file is empty',
    );
  });
});

describe('describeTrustConfig', () => {
  it('summarises accounts, defaults, each role and the suppressions in force', () => {
    const file = 'fixtures/trust/example-org.yaml';
    const parsed = parseTrustConfig(readFileSync(file, 'utf8'), file, {
      now: new Date('2026-11-29T10:00:00Z'),
    });
    if (!parsed.ok) throw new Error('example file should parse');

    const summary = describeTrustConfig(parsed.value.config);

    expect(summary).toContain('Zone of trust: 111122223333, 444455556666, 777788889999');
    expect(summary).toContain('unlisted roles alerted');
    expect(summary).toContain('arn:aws:iam::444455556666:role/ProdAdmin (line 22)');
    expect(summary).toContain(
      'MFA required; source identity required; from 203.0.113.0/24, 2001:db8:ac::/48',
    );
    expect(summary).toContain('trusted: OIDC provider token.actions.githubusercontent.com');
    expect(summary).toContain('Suppressions in force (1):');
    expect(summary).not.toContain('legacy-*');
  });
});
