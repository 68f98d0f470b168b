import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConfigIssue } from '../../functions/core/model/trust-config.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';

const NOW = new Date('2026-11-29T10:00:00Z');
const EXAMPLE = 'fixtures/trust/example-org.yaml';
const INVALID = 'fixtures/trust/invalid';

function errorsOf(text: string, file = 'rolewatch.yaml'): ConfigIssue[] {
  const parsed = parseTrustConfig(text, file, { now: NOW });
  if (parsed.ok) throw new Error('expected the trust file to be refused');
  return parsed.error;
}

function configOf(text: string) {
  const parsed = parseTrustConfig(text, 'rolewatch.yaml', { now: NOW });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const issueAt = (issues: ConfigIssue[], key: string) => issues.find((i) => i.key === key);

const ROLE = `
  - arn: "arn:aws:iam::444455556666:role/Deploy"
    trustedPrincipals: ["111122223333"]`;

describe('parseTrustConfig: the example organisation', () => {
  const parsed = parseTrustConfig(readFileSync(EXAMPLE, 'utf8'), EXAMPLE, { now: NOW });

  it('parses the example trust file', () => {
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { config } = parsed.value;
    expect(config.accounts).toEqual(['111122223333', '444455556666', '777788889999']);
    expect(config.defaults).toEqual({ maxSessionSeconds: 3600, unlistedRoles: 'alert', allowChaining: true });
    expect(config.roles).toHaveLength(10);
    expect(config.roles[1]).toMatchObject({
      arn: 'arn:aws:iam::444455556666:role/ProdAdmin',
      requireMfa: true,
      requireSourceIdentity: true,
      requireExternalId: false,
      severity: 'critical',
      line: 22,
    });
    expect(config.roles[1]?.sourceCidrs?.map((c) => c.raw)).toEqual(['203.0.113.0/24', '2001:db8:ac::/48']);
    expect(config.roles[0]?.sessionNamePattern).toBe('^[a-z.]+@acme\\.example$');
    expect(config.thresholds).toEqual({
      deniedBurst: { count: 5, windowMinutes: 10 },
      firstSeen: { forgetAfterDays: 90 },
    });
    expect(config.source).toBe(EXAMPLE);
  });

  it('warns about exactly the expired suppression, and leaves it out', () => {
    expect(parsed.ok && parsed.value.warnings).toEqual([
      expect.objectContaining({
        file: EXAMPLE,
        key: 'suppressions[1]',
        line: 92,
        message: expect.stringMatching(/unlisted-role.*legacy-\*.*expired on 2025-01-31/),
      }),
    ]);
    expect(parsed.ok && parsed.value.config.suppressions.map((s) => s.rule)).toEqual(['session-too-long']);
  });
});

describe('parseTrustConfig: defaults', () => {
  it('fills in every default for a minimal file', () => {
    const { config, warnings } = configOf(`version: 1\nroles:${ROLE}\n`);

    expect(warnings).toEqual([]);
    expect(config.accounts).toEqual([]);
    expect(config.defaults).toEqual({
      maxSessionSeconds: 3600,
      unlistedRoles: 'ignore',
      allowChaining: true,
    });
    expect(config.thresholds.deniedBurst).toEqual({ count: 5, windowMinutes: 10 });
    expect(config.suppressions).toEqual([]);
    expect(config.roles[0]).toEqual({
      arn: 'arn:aws:iam::444455556666:role/Deploy',
      trustedPrincipals: [{ kind: 'account', raw: '111122223333', accountId: '111122223333' }],
      requireMfa: false,
      requireExternalId: false,
      requireSourceIdentity: false,
      line: 3,
    });
  });

  it('accepts an empty list of roles', () => {
    expect(configOf('version: 1\naccounts: []\nroles: []\n').config.roles).toEqual([]);
  });

  it('accepts a file with only the zone of trust: roles is optional and defaults to none', () => {
    const { config, warnings } = configOf('version: 1\naccounts: ["111122223333"]\n');

    expect(config.roles).toEqual([]);
    expect(config.accounts).toEqual(['111122223333']);
    expect(warnings).toEqual([]);
  });

  it('accepts an unquoted 12-digit account id', () => {
    const { config } = configOf(
      'version: 1\naccounts: [111122223333]\nroles:\n  - arn: "arn:aws:iam::444455556666:role/Deploy"\n' +
        '    trustedPrincipals: [111122223333]\n',
    );

    expect(config.accounts).toEqual(['111122223333']);
    expect(config.roles[0]?.trustedPrincipals[0]).toMatchObject({
      kind: 'account',
      accountId: '111122223333',
    });
  });

  it('keeps a suppression through the last day of its expiry date', () => {
    const text =
      'version: 1\nroles: []\nsuppressions:\n  - rule: assume-denied\n    role: "arn:aws:iam::*:role/Deploy"\n' +
      '    expires: 2026-11-29\n    reason: "pen test, SEC-9"\n    owner: "secops@acme.example"\n';

    const parsed = parseTrustConfig(text, 'rolewatch.yaml', { now: new Date('2026-11-29T23:59:59Z') });

    expect(parsed.ok && parsed.value.config.suppressions).toEqual([
      expect.objectContaining({ expires: '2026-11-29', expiresMs: Date.parse('2026-11-29T23:59:59.999Z') }),
    ]);
    expect(parsed.ok && parsed.value.warnings).toEqual([]);
  });
});

describe('parseTrustConfig: errors name the file, line and key', () => {
  it('refuses an unknown key and suggests the closest valid one', () => {
    const issues = errorsOf(`version: 1\nroles:${ROLE}\n    RequireMFA: true\n`);

    expect(issues).toEqual([
      {
        file: 'rolewatch.yaml',
        line: 5,
        column: 5,
        key: 'roles[0].RequireMFA',
        message: "unknown key 'RequireMFA'; did you mean 'requireMfa'?",
      },
    ]);
  });

  it('refuses a misspelt top-level key, suggesting the right one (roles being optional hides no typo)', () => {
    const issues = errorsOf(readFileSync(`${INVALID}/unknown-keys.yaml`, 'utf8'));

    expect(issues).toEqual([
      expect.objectContaining({
        key: 'role',
        line: 2,
        message: expect.stringContaining("did you mean 'roles'"),
      }),
    ]);
  });

  it('refuses an invalid CIDR', () => {
    const issues = errorsOf(
      `version: 1\nroles:${ROLE}\n    sourceCidrs: ["203.0.113.0/24", "203.0.113.0/33"]\n`,
    );

    expect(issues).toEqual([
      expect.objectContaining({
        line: 5,
        key: 'roles[0].sourceCidrs[1]',
        message: expect.stringContaining('/33'),
      }),
    ]);
  });

  it('refuses an invalid regular expression', () => {
    const issues = errorsOf(`version: 1\nroles:${ROLE}\n    sessionNamePattern: "^[a-z+$"\n`);

    expect(issues).toEqual([
      expect.objectContaining({
        line: 5,
        key: 'roles[0].sessionNamePattern',
        message: expect.stringContaining('not a valid regular expression'),
      }),
    ]);
  });

  it('refuses an invalid ARN in a role, a trusted principal and a suppression', () => {
    const text =
      'version: 1\nroles:\n  - arn: "arn:aws:iam::44445555:role/Deploy"\n    trustedPrincipals: ["arn:aws:s3:::bucket"]\n' +
      'suppressions:\n  - rule: assume-denied\n    role: "Deploy"\n    actor: "arn:aws:iam::111122223333:group/x"\n' +
      '    expires: 2027-01-31\n    reason: r\n    owner: o\n';

    const issues = errorsOf(text);

    expect(issues.map((i) => [i.line, i.key])).toEqual([
      [3, 'roles[0].arn'],
      [4, 'roles[0].trustedPrincipals[0]'],
      [7, 'suppressions[0].role'],
      [8, 'suppressions[0].actor'],
    ]);
    expect(issueAt(issues, 'roles[0].arn')?.message).toContain('12-digit account id');
  });

  it('refuses an ARN that ends with a slash, which names no principal (a path is not a role)', () => {
    const text =
      'version: 1\nroles:\n  - arn: "arn:aws:iam::444455556666:role/ci/"\n' +
      '    trustedPrincipals: ["arn:aws:iam::111122223333:role/ci/", "arn:aws:iam::111122223333:user/dev/"]\n' +
      'suppressions:\n  - rule: assume-denied\n    role: "arn:aws:iam::444455556666:role/ci/"\n' +
      '    actor: "arn:aws:sts::111122223333:assumed-role/ci/"\n' +
      '    expires: 2027-01-31\n    reason: r\n    owner: o\n';

    const issues = errorsOf(text);

    expect(issues.map((i) => [i.line, i.key])).toEqual([
      [3, 'roles[0].arn'],
      [4, 'roles[0].trustedPrincipals[0]'],
      [4, 'roles[0].trustedPrincipals[1]'],
      [7, 'suppressions[0].role'],
      [8, 'suppressions[0].actor'],
    ]);
    expect(issueAt(issues, 'roles[0].arn')?.message).toContain("'role/ci/' ends with '/'");
    expect(issueAt(issues, 'roles[0].arn')?.message).toContain("'role/ci/*'");
  });

  it('refuses a value of the wrong type, saying what was found', () => {
    const issues = errorsOf(
      `version: 1\nroles:${ROLE}\n    requireMfa: "yes"\n    maxSessionSeconds: "1h"\n`,
    );

    expect(issues).toEqual([
      expect.objectContaining({
        line: 5,
        key: 'roles[0].requireMfa',
        message: "expected true or false, found the string 'yes'",
      }),
      expect.objectContaining({
        line: 6,
        key: 'roles[0].maxSessionSeconds',
        message: "expected a number, found the string '1h'",
      }),
    ]);
  });

  it('reports a YAML syntax error with its line', () => {
    const issues = errorsOf(readFileSync(`${INVALID}/syntax-error.yaml`, 'utf8'), 'syntax-error.yaml');

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      file: 'syntax-error.yaml',
      line: 3,
      message: expect.stringContaining('YAML syntax error'),
    });
  });

  it('refuses a duplicate key, naming it', () => {
    const issues = errorsOf(readFileSync(`${INVALID}/duplicate-key.yaml`, 'utf8'));

    expect(issues).toEqual([
      expect.objectContaining({
        line: 6,
        key: 'roles[0].maxSessionSeconds',
        message: expect.stringContaining("duplicate key 'maxSessionSeconds'"),
      }),
    ]);
  });

  it('tells the author to quote an account id whose leading zero YAML drops', () => {
    const issues = errorsOf('version: 1\naccounts: [012345678901]\nroles: []\n');

    expect(issues).toEqual([
      expect.objectContaining({
        line: 2,
        key: 'accounts[0]',
        message: expect.stringContaining('quote account ids'),
      }),
    ]);
  });

  it('collects every error of a file, not just the first', () => {
    const issues = errorsOf(readFileSync(`${INVALID}/many-errors.yaml`, 'utf8'));

    expect(issues.map((i) => i.key)).toEqual([
      'version',
      'accounts[1]',
      'accounts[2]',
      'defaults.maxSessionSeconds',
      'defaults.unlistedRoles',
      'roles[0].arn',
      'roles[0].trustedPrincipals[0]',
      'roles[0].requireMfa',
      'roles[0].sessionNamePattern',
      'roles[0].sourceCidrs[0]',
      'roles[0].sourceCidrs[1]',
      'roles[0].severity',
      'roles[1].trustedPrincipals',
      'roles[1].RequireMFA',
      'suppressions[0].rule',
      'suppressions[0].expires',
      'suppressions[0].reason',
      'thresholds.deniedBurst.count',
    ]);
    expect(issues.every((i) => i.line !== undefined && i.file === 'rolewatch.yaml')).toBe(true);
    expect(issueAt(issues, 'suppressions[0].rule')?.message).toContain("did you mean 'session-too-long'");
  });

  it('refuses a session limit outside what STS allows', () => {
    const issues = errorsOf(`version: 1\nroles:${ROLE}\n    maxSessionSeconds: 86400\n`);

    expect(issueAt(issues, 'roles[0].maxSessionSeconds')?.message).toContain('at most 43200');
  });

  it('refuses a version other than 1 and a missing version', () => {
    expect(issueAt(errorsOf('version: 2\nroles: []\n'), 'version')?.message).toContain('must be 1');
    expect(issueAt(errorsOf('roles: []\n'), 'version')?.message).toContain("missing required key 'version'");
  });

  it('refuses an empty file and a file that is not a mapping', () => {
    expect(errorsOf('')[0]?.message).toContain('the file is empty');
    expect(errorsOf('- version: 1\n')[0]?.message).toContain('found a list');
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb =
      'a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n' +
      'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nversion: 1\nroles: []\n';

    expect(errorsOf(bomb)[0]?.message).toContain('could not be read');
  });
});

describe('parseTrustConfig: pattern sizes', () => {
  it('refuses wildcard patterns longer than an ARN can be, wherever they stand, naming each key', () => {
    const long = 'a*'.repeat(1100);
    const text = [
      'version: 1',
      'roles:',
      `  - arn: "arn:aws:iam::444455556666:role/${long}"`,
      `    trustedPrincipals: ["service:${long}", "arn:aws:iam::111122223333:user/${long}"]`,
      `    oidcSubjects: ["repo:${long}"]`,
      '',
    ].join('\n');

    expect(errorsOf(text).map((i) => [i.key, /at most 2048/.test(i.message)])).toEqual([
      ['roles[0].arn', true],
      ['roles[0].trustedPrincipals[0]', true],
      ['roles[0].trustedPrincipals[1]', true],
      ['roles[0].oidcSubjects[0]', true],
    ]);
  });
});

describe('parseTrustConfig: the rules: section', () => {
  it('reads a severity and enabled per rule id, in file order, with their lines', () => {
    const { config } = configOf(
      'version: 1\nrules:\n  assume-denied: { severity: low }\n  first-seen-pair: { enabled: false }\n',
    );

    expect(config.rules).toEqual({
      'assume-denied': { severity: 'low', enabled: true, line: 3 },
      'first-seen-pair': { enabled: false, line: 4 },
    });
    expect(configOf('version: 1\n').config.rules).toEqual({});
  });

  it('refuses a rule id that is not in the catalogue at its key, with the closest id', () => {
    const issues = errorsOf(readFileSync(`${INVALID}/rule-settings.yaml`, 'utf8'));

    expect(issues).toEqual([
      expect.objectContaining({
        key: 'rules.assume-denid',
        line: 4,
        column: 3,
        message: "'assume-denid' is not a rule id; did you mean 'assume-denied'?",
      }),
      expect.objectContaining({
        key: 'rules.session-too-long.sevrity',
        message: "unknown key 'sevrity'; did you mean 'severity'?",
      }),
      expect.objectContaining({
        key: 'rules.federation-token.severity',
        message: "the string 'urgent' is not one of info, low, medium, high, critical",
      }),
      expect.objectContaining({ key: 'rules.mfa-missing.enabled', message: expect.stringContaining("'no'") }),
    ]);
  });

  it('refuses a list where the rule settings mapping belongs', () => {
    expect(errorsOf('version: 1\nrules: [assume-denied]\n')).toEqual([
      expect.objectContaining({ key: 'rules', message: 'expected a mapping, found a list' }),
    ]);
  });
});

describe('parseTrustConfig: suppressions that accept everything', () => {
  const suppression = (role: string, actor?: string) =>
    [
      'version: 1',
      'suppressions:',
      '  - rule: untrusted-principal',
      `    role: "${role}"`,
      ...(actor === undefined ? [] : [`    actor: "${actor}"`]),
      '    expires: 2027-01-31',
      '    reason: "vendor onboarding, SEC-9"',
      '    owner: secops@acme.example',
      '',
    ].join('\n');

  it('warns about a suppression whose role and actor match everything: it switches the rule off', () => {
    for (const [role, actor] of [
      ['arn:aws:iam::*:*', undefined],
      ['arn:*:iam::*:role/*', undefined],
      ['arn:aws:iam::*:role/*', 'arn:aws:sts::*:*'],
    ] as const) {
      const { config, warnings } = configOf(suppression(role, actor));

      expect(warnings, role).toEqual([
        expect.objectContaining({
          key: 'suppressions[0]',
          line: 4,
          message: expect.stringContaining('matches every role of every account'),
        }),
      ]);
      expect(warnings[0]?.message).toContain('rules: { untrusted-principal: { enabled: false } }');
      expect(config.suppressions).toHaveLength(1);
    }
  });

  it('does not warn about a suppression narrowed by its role or its actor', () => {
    for (const [role, actor] of [
      ['arn:aws:iam::*:role/DataPipeline', undefined],
      ['arn:aws:iam::111122223333:role/*', undefined],
      ['arn:aws:iam::*:*', 'arn:aws:iam::111122223333:user/etl'],
    ] as const) {
      expect(configOf(suppression(role, actor)).warnings, role).toEqual([]);
    }
  });
});

describe('parseTrustConfig: conditions federated callers cannot meet', () => {
  const entry = (principals: string[]) =>
    [
      'version: 1',
      'roles:',
      '  - arn: "arn:aws:iam::111122223333:role/OktaAdmin"',
      `    trustedPrincipals: [${principals.map((p) => `"${p}"`).join(', ')}]`,
      '    requireMfa: true',
      '',
    ].join('\n');

  it('warns about requireMfa on an entry that trusts only SAML and OIDC providers', () => {
    const { warnings } = configOf(
      entry([
        'saml:arn:aws:iam::111122223333:saml-provider/Okta',
        'oidc:token.actions.githubusercontent.com',
      ]),
    );

    expect(warnings).toEqual([
      expect.objectContaining({
        key: 'roles[0].requireMfa',
        line: 5,
        message: expect.stringContaining('every call they make fires mfa-missing'),
      }),
    ]);
  });

  it('does not warn when the entry also trusts principals that can carry MFA', () => {
    const { warnings } = configOf(
      entry(['saml:arn:aws:iam::111122223333:saml-provider/Okta', 'arn:aws:iam::111122223333:user/*']),
    );

    expect(warnings).toEqual([]);
  });
});

describe('warnings about one condition do not contradict each other', () => {
  it('says only that nothing enforces a condition whose rule is disabled, not also what it would fire', () => {
    const { warnings } = configOf(
      [
        'version: 1',
        'roles:',
        '  - arn: "arn:aws:iam::111122223333:role/app"',
        '    trustedPrincipals: ["service:ecs-tasks.amazonaws.com"]',
        '    requireMfa: true',
        'rules:',
        '  mfa-missing: { enabled: false }',
        '',
      ].join('\n'),
    );

    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('mfa-missing is disabled in rules: (line 7), so nothing enforces requireMfa'),
    ]);
  });
});
