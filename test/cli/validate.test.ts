import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXAMPLE_TRUST, ROOT, runCli } from './run-cli.ts';
import { fixtureRecord, scanJson, TempTree } from './scan-inputs.ts';

const INVALID = join(ROOT, 'fixtures', 'trust', 'invalid');

/** The 1-based number of the first line of `file` that contains `text`. */
function lineOf(file: string, text: string, after = 0): number {
  const index = readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l, i) => i >= after && l.includes(text));
  if (index === -1) throw new Error(`${text} is not in ${file}`);
  return index + 1;
}

/** Error lines of `validate` stderr: `file:line:column key: message`. */
function issues(stderr: string, file: string): { line: number; key: string; message: string }[] {
  const out = [];
  for (const l of stderr.split('\n')) {
    if (!l.startsWith(`${file}:`) || / \d+ error\(s\)$/.test(l)) continue;
    const m = /^:(\d+):\d+ (\S+): (.+)$/.exec(l.slice(file.length));
    if (m === null) throw new Error(`not file:line:column key: message: ${l}`);
    out.push({ line: Number(m[1]), key: m[2] ?? '', message: m[3] ?? '' });
  }
  return out;
}

describe('rolewatch validate', () => {
  it('accepts the example trust file and summarises the roles it names', async () => {
    const run = await runCli(['validate', EXAMPLE_TRUST]);
    expect(run.status).toBe(0);
    const doc = parse(readFileSync(EXAMPLE_TRUST, 'utf8')) as { roles: { arn: string }[] };
    expect(doc.roles.length).toBeGreaterThan(3);
    for (const role of doc.roles) expect(run.stdout).toContain(role.arn);
    expect(run.stdout).toContain(`${EXAMPLE_TRUST}: valid`);
  });

  it('takes the file as --config too, as every other verb names it, but not twice', async () => {
    const byOption = await runCli(['validate', '--config', EXAMPLE_TRUST]);
    expect(byOption.status).toBe(0);
    expect(byOption.stdout).toBe((await runCli(['validate', EXAMPLE_TRUST])).stdout);
    const both = await runCli(['validate', '--config', EXAMPLE_TRUST, EXAMPLE_TRUST]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('validate takes one trust file');
  });

  it('warns about each expired suppression of the example, naming it', async () => {
    const doc = parse(readFileSync(EXAMPLE_TRUST, 'utf8')) as {
      suppressions: { rule: string; role: string; expires: string }[];
    };
    const today = new Date().toISOString().slice(0, 10);
    const expired = doc.suppressions.filter((s) => String(s.expires) < today);
    expect(expired.length).toBeGreaterThan(0);
    const run = await runCli(['validate', EXAMPLE_TRUST]);
    const warnings = run.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toHaveLength(expired.length);
    for (const s of expired) {
      expect(warnings.some((w) => w.includes(s.rule) && w.includes(s.role) && w.includes('expired'))).toBe(
        true,
      );
    }
  });

  it('rejects a file that does not exist with exit code 2', async () => {
    const run = await runCli(['validate', join(INVALID, 'no-such-file.yaml')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no-such-file.yaml');
  });

  it.each(readdirSync(INVALID).filter((f) => f.endsWith('.yaml')))(
    'rejects invalid/%s with exit 2 and file:line and key for every error',
    async (name) => {
      const file = join(INVALID, name);
      const run = await runCli(['validate', file]);
      expect(run.status).toBe(2);
      const found = issues(run.stderr, file);
      expect(found.length).toBeGreaterThan(0);
      expect(run.stderr).toContain(`${file}: ${found.length} error(s)`);
      const lines = readFileSync(file, 'utf8').split('\n').length;
      for (const issue of found) {
        expect(issue.line).toBeGreaterThanOrEqual(1);
        expect(issue.line).toBeLessThanOrEqual(lines);
        expect(issue.message.length).toBeGreaterThan(5);
      }
    },
  );

  it('points each error at the line of the offending key', async () => {
    const at = async (name: string) => {
      const file = join(INVALID, name);
      return { file, found: issues((await runCli(['validate', file])).stderr, file) };
    };
    const unknown = await at('unknown-keys.yaml');
    expect(unknown.found).toContainEqual(
      expect.objectContaining({ key: 'role', line: lineOf(unknown.file, 'role:') }),
    );
    const duplicate = await at('duplicate-key.yaml');
    const first = lineOf(duplicate.file, 'maxSessionSeconds');
    expect(duplicate.found).toEqual([
      expect.objectContaining({
        key: 'roles[0].maxSessionSeconds',
        line: lineOf(duplicate.file, 'maxSessionSeconds', first),
      }),
    ]);
    const syntax = await at('syntax-error.yaml');
    expect(syntax.found).toEqual([expect.objectContaining({ line: lineOf(syntax.file, 'arn:') })]);
    const many = await at('many-errors.yaml');
    const expected: [string, string][] = [
      ['version', 'version: 2'],
      ['defaults.unlistedRoles', 'unlistedRoles: warn'],
      ['roles[0].requireMfa', 'requireMfa: "yes"'],
      ['roles[0].sessionNamePattern', 'sessionNamePattern'],
      ['roles[0].severity', 'severity: urgent'],
      ['roles[1].RequireMFA', 'RequireMFA'],
      ['suppressions[0].rule', 'session-to-long'],
      ['suppressions[0].expires', '2027-02-30'],
      ['thresholds.deniedBurst.count', 'deniedBurst'],
    ];
    for (const [key, text] of expected) {
      expect(many.found).toContainEqual(expect.objectContaining({ key, line: lineOf(many.file, text) }));
    }
  });

  it('exits 2 with more than one file', async () => {
    expect((await runCli(['validate', EXAMPLE_TRUST, EXAMPLE_TRUST])).status).toBe(2);
  });

  it('quotes the value each error refuses', async () => {
    const file = join(INVALID, 'bad-values.yaml');
    const found = issues((await runCli(['validate', file])).stderr, file);

    expect(found).toEqual([
      { line: 3, key: 'accounts[2]', message: "'12345' is not an account id (12 digits): it has 5 digits" },
      {
        line: 5,
        key: 'defaults.maxSessionSeconds',
        message: 'must be at least 900 (the STS minimum), found 600',
      },
      {
        line: 8,
        key: 'roles[0].trustedPrincipals[0]',
        message: "'11112222333' has 11 digits; an account id has 12",
      },
      {
        line: 8,
        key: 'roles[0].trustedPrincipals[1]',
        message: expect.stringMatching(/^'servce:ecs-tasks\.amazonaws\.com' is not a principal/),
      },
      {
        line: 9,
        key: 'roles[0].sourceCidrs[0]',
        message: "'203.0.113.7/24' has host bits set; the network address is 203.0.113.0/24",
      },
    ]);
  });

  it('reports a mis-indented trustedPrincipals at its own line and key, not at roles[0].arn', async () => {
    const file = join(INVALID, 'misindented-principals.yaml');
    const run = await runCli(['validate', file]);

    expect(run.status).toBe(2);
    expect(issues(run.stderr, file)).toEqual([
      {
        line: lineOf(file, '  trustedPrincipals:'),
        key: 'roles[0].trustedPrincipals',
        message: expect.stringContaining(
          `'trustedPrincipals' starts at column 3, but 'arn' on line ${lineOf(file, '- arn:')} starts at column 5`,
        ),
      },
    ]);
  });
});

describe('rolewatch validate on an unclosed flow collection', () => {
  const tree = new TempTree();
  afterAll(() => tree.remove());

  it.each([
    ['[', 'accounts: ["111122223333"', 'sequence'],
    ['{', 'defaults: { maxSessionSeconds: 3600', 'map'],
  ])('says the %s is left open, not that the next key is mis-indented', async (open, line, kind) => {
    const file = tree.write(
      'unclosed.yaml',
      `version: 1\n${line}\nroles:\n  - arn: "arn:aws:iam::111122223333:role/X"\n    trustedPrincipals: ["111122223333"]\n`,
    );
    const run = await runCli(['validate', file]);

    expect(run.status).toBe(2);
    expect(run.stderr).not.toMatch(/out of line|indentation/);
    expect(run.stderr).toContain(`${file}:3:1 `);
    expect(run.stderr).toMatch(
      new RegExp(`Flow ${kind} .*\\(is a '\\${open}' above this line left open\\?\\)`),
    );
  });
});

describe('rolewatch validate without CONFIG', () => {
  const tree = new TempTree();
  afterAll(() => tree.remove());

  it('checks ./rolewatch.yaml, as scan reads it', async () => {
    tree.write('with/rolewatch.yaml', readFileSync(EXAMPLE_TRUST, 'utf8'));
    const run = await runCli(['validate'], { cwd: tree.path('with') });

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('rolewatch.yaml: valid');
    expect(run.stdout).toContain('arn:aws:iam::444455556666:role/ProdAdmin');
  });

  it('reports errors of ./rolewatch.yaml with its name', async () => {
    tree.write('broken/rolewatch.yaml', 'version: 1\naccounts: ["12345"]\n');
    const run = await runCli(['validate'], { cwd: tree.path('broken') });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain("rolewatch.yaml:2:12 accounts[0]: '12345' is not an account id");
  });

  it('is a usage error (exit 2) when there is no ./rolewatch.yaml', async () => {
    tree.write('empty/.keep', '');
    const run = await runCli(['validate'], { cwd: tree.path('empty') });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no ./rolewatch.yaml');
  });
});

describe('an expired suppression', () => {
  const tree = new TempTree();
  let trust: string;

  beforeAll(async () => {
    trust = tree.write(
      'trust.yaml',
      `version: 1
accounts: ["111122223333", "444455556666"]
roles:
  - arn: "arn:aws:iam::444455556666:role/ReadOnly"
    trustedPrincipals: ["111122223333"]
suppressions:
  - rule: untrusted-principal
    role: "arn:aws:iam::444455556666:role/ReadOnly"
    expires: 2020-01-31
    reason: "temporary access for the 2019 audit"
    owner: "audit@acme.example"
`,
    );
  });
  afterAll(() => tree.remove());

  it('is a warning that names it and its line, and the file stays valid', async () => {
    const run = await runCli(['validate', trust]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(
      new RegExp(
        `^warning: ${trust}:${lineOf(trust, 'expires: 2020')}:\\d+ suppressions\\[0\\]: .*untrusted-principal`,
        'm',
      ),
    );
    expect(run.stderr).toContain('arn:aws:iam::444455556666:role/ReadOnly');
    expect(run.stderr).toContain('2020-01-31');
  });

  it('no longer suppresses the finding it matched', async () => {
    const record = tree.writeJson('alice.json', fixtureRecord('assume-role/same-account-iam-user'));
    const run = await scanJson(['--config', trust, '--fail-on', 'high', record]);
    expect(run.json.findings.map((f) => [f.rule, f.suppressed])).toEqual([['untrusted-principal', false]]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/warning: .*expired/);
  });
});

describe('rolewatch validate: a file with only the zone of trust', () => {
  it('accepts version and accounts without roles (roles is optional)', async () => {
    const file = join(ROOT, 'fixtures', 'trust', 'zone-of-trust-only.yaml');
    const run = await runCli(['validate', file]);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Zone of trust: 111122223333, 444455556666');
    expect(run.stdout).toContain('Roles (0;');
  });
});

describe('the rules: section through the CLI', () => {
  const tree = new TempTree();
  afterAll(() => tree.remove());
  const withRules = (rules: string) =>
    tree.write(`trust-${rules.length}.yaml`, `version: 1\naccounts: ["444455556666"]\nrules:\n${rules}`);

  it('validate lists each rule setting', async () => {
    const file = withRules('  assume-denied: { severity: low }\n  first-seen-pair: { enabled: false }\n');
    const run = await runCli(['validate', file]);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'Rule settings (2):\n  assume-denied: severity low\n  first-seen-pair: disabled',
    );
  });

  it('scan reports a denied call at the severity the file sets, and not at all when the rule is disabled', async () => {
    const record = tree.writeJson('denied.json', fixtureRecord('assume-role/denied-null-request-parameters'));
    const low = await scanJson(['--config', withRules('  assume-denied: { severity: low }\n'), record]);
    const off = await scanJson(['--config', withRules('  assume-denied: { enabled: false }\n'), record]);

    expect(low.json.findings.map((f) => [f.rule, f.severity])).toEqual([['assume-denied', 'low']]);
    expect(off.json.findings).toEqual([]);
    expect(off.json.summary.credentialEvents).toBe(1);
  });
});

/** `warning:` lines of validate stderr as `key (line N): message`. */
function warningsOf(stderr: string, file: string): { line: number; key: string; message: string }[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('warning: '))
    .map(
      (l) => issues(l.slice('warning: '.length), file)[0] as { line: number; key: string; message: string },
    );
}

describe('rolewatch validate: entries that never apply, and conditions nothing judges', () => {
  const TRUST_DIR = join(ROOT, 'fixtures', 'trust');

  it('warns for every entry an earlier entry shadows completely, and for a repeated arn, naming both lines', async () => {
    const file = join(TRUST_DIR, 'shadowed-entries.yaml');
    const run = await runCli(['validate', file]);
    const vendor = lineOf(file, 'role/VendorMonitoring');
    const etl = lineOf(file, 'service-role/etl');
    const deploy = lineOf(file, 'role/Deploy');
    const deployAgain = lineOf(file, 'role/Deploy', deploy);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${file}: valid (3 warning(s))`);
    expect(warningsOf(run.stderr, file)).toEqual([
      {
        line: vendor,
        key: 'roles[1].arn',
        message: expect.stringMatching(
          new RegExp(
            `^roles\\[1\\] \\(line ${vendor}\\) never applies: roles\\[0\\] \\(line ${lineOf(file, 'role/*')}\\), ` +
              "'arn:aws:iam::444455556666:role/\\*', .*requireExternalId are not enforced",
          ),
        ),
      },
      {
        line: etl,
        key: 'roles[3].arn',
        message: expect.stringContaining(`roles[2] (line ${lineOf(file, 'service-role/*')})`),
      },
      {
        line: deployAgain,
        key: 'roles[5].arn',
        message: expect.stringMatching(
          new RegExp(
            `^roles\\[5\\] \\(line ${deployAgain}\\) repeats the arn .* of roles\\[4\\] \\(line ${deploy}\\)`,
          ),
        ),
      },
    ]);
  });

  it('warns about conditions that cannot hold for the principals an entry trusts, or whose rule is disabled', async () => {
    const file = join(TRUST_DIR, 'unjudgeable-conditions.yaml');
    const run = await runCli(['validate', file]);

    expect(run.status).toBe(0);
    expect(warningsOf(run.stderr, file).map((w) => [w.key, w.line])).toEqual([
      ['roles[0].requireExternalId', lineOf(file, 'requireExternalId')],
      ['roles[1].oidcSubjects', lineOf(file, 'oidcSubjects')],
      ['roles[2].requireMfa', lineOf(file, 'requireMfa')],
      ['roles[2].sourceCidrs', lineOf(file, 'sourceCidrs')],
      ['roles[3].requireMfa', lineOf(file, 'requireMfa: true # federated')],
      ['roles[4].sessionNamePattern', lineOf(file, 'sessionNamePattern')],
    ]);
    expect(run.stderr).toContain(
      `session-name-mismatch is disabled in rules: (line ${lineOf(file, 'session-name-mismatch:')})`,
    );
  });

  it('refuses (exit 2) each condition no rule can judge on an account root entry, and accepts the ones AssumeRoot carries', async () => {
    const file = join(INVALID, 'assume-root-conditions.yaml');
    const run = await runCli(['validate', file]);

    expect(run.status).toBe(2);
    expect(issues(run.stderr, file).map((i) => [i.key, i.line])).toEqual(
      ['maxSessionSeconds', 'requireExternalId', 'sessionNamePattern', 'oidcSubjects', 'allowChaining'].map(
        (key) => [`roles[0].${key}`, lineOf(file, `${key}:`)],
      ),
    );
    expect(run.stderr).toContain('AssumeRoot carries no ExternalId');
    const valid = await runCli(['validate', join(TRUST_DIR, 'assume-root.yaml')]);
    expect(valid.status).toBe(0);
    expect(valid.stderr).toBe('');
  });

  it('scan judges the conditions of an account root entry on AssumeRoot', async () => {
    const record = join(ROOT, 'fixtures', 'cloudtrail', 'assume-root', 'audit-root-user.json');
    const run = await scanJson(['--config', join(TRUST_DIR, 'assume-root.yaml'), record]);

    expect(run.json.findings.map((f) => [f.rule, f.severity]).sort()).toEqual([
      ['mfa-missing', 'critical'],
      ['root-credentials', 'critical'],
      ['source-identity-missing', 'critical'],
      ['source-ip-not-allowed', 'critical'],
    ]);
  });
});
