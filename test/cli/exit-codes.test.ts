import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.ts';
import { fixtureRecord, scanJson, TempTree } from './scan-inputs.ts';

// alice (444455556666) assuming ReadOnly breaks untrusted-principal [high]; nothing is critical.
const TRUST = `version: 1
accounts: ["111122223333", "444455556666"]
roles:
  - arn: "arn:aws:iam::444455556666:role/ReadOnly"
    trustedPrincipals: ["111122223333"]
    maxSessionSeconds: 3600
`;
const SUPPRESSION = `suppressions:
  - rule: untrusted-principal
    role: "arn:aws:iam::444455556666:role/ReadOnly"
    actor: "arn:aws:iam::444455556666:user/alice"
    expires: 2099-12-31
    reason: "alice runs the read-only audit until the new role exists, SEC-7"
    owner: "secops@acme.example"
`;

describe('rolewatch scan exit codes', () => {
  const tree = new TempTree();
  let trust: string;
  let suppressing: string;
  let findings: string;
  let clean: string;
  let broken: string;

  beforeAll(async () => {
    trust = tree.write('trust.yaml', TRUST);
    suppressing = tree.write('suppressing.yaml', `${TRUST}${SUPPRESSION}`);
    findings = tree.writeJson('findings/alice.json', fixtureRecord('assume-role/same-account-iam-user'));
    // jane from the identity account, within 3600 s: trusted, no finding.
    clean = tree.writeJson('clean/jane.json', fixtureRecord('assume-role/cross-account-caller-copy'));
    tree.writeJson('broken/jane.json', fixtureRecord('assume-role/cross-account-caller-copy'));
    tree.write('broken/cut.json', JSON.stringify(fixtureRecord('assume-role/with-mfa')).slice(0, 400));
    broken = tree.path('broken');
  });
  afterAll(() => tree.remove());

  it('exits 0 when there are findings but no --fail-on', async () => {
    const run = await scanJson(['--config', trust, findings]);
    expect(run.json.findings.map((f) => f.rule)).toEqual(['untrusted-principal']);
    expect(run.status).toBe(0);
  });

  it('exits 1 with --fail-on high when a high finding exists', async () => {
    expect((await runCli(['scan', '--config', trust, '--fail-on', 'high', findings])).status).toBe(1);
  });

  it('exits 1 with --fail-on below the severity of a finding', async () => {
    expect((await runCli(['scan', '--config', trust, '--fail-on', 'low', findings])).status).toBe(1);
  });

  it('exits 0 with --fail-on critical when no finding is critical', async () => {
    expect((await runCli(['scan', '--config', trust, '--fail-on', 'critical', findings])).status).toBe(0);
  });

  it('never fails on a suppressed finding, which is still reported', async () => {
    const run = await scanJson(['--config', suppressing, '--fail-on', 'info', findings]);
    expect(run.json.findings.map((f) => [f.rule, f.suppressed])).toEqual([['untrusted-principal', true]]);
    expect(run.status).toBe(0);
  });

  it('exits 0 on input errors alone', async () => {
    const run = await scanJson(['--config', trust, '--fail-on', 'low', broken]);
    expect(run.json.summary.malformed).toBe(1);
    expect(run.json.findings).toEqual([]);
    expect(run.status).toBe(0);
  });

  it('exits 1 on input errors with --strict, and 0 with --strict when every input was read', async () => {
    expect((await runCli(['scan', '--config', trust, '--strict', broken])).status).toBe(1);
    expect((await runCli(['scan', '--config', trust, '--strict', clean])).status).toBe(0);
  });

  it.each([
    ['an unknown verb', ['frobnicate'], /unknown command 'frobnicate'/],
    ['an unknown flag', ['scan', '--frobnicate', '.'], /frobnicate/],
    ['a bad --format', ['scan', '--format', 'xml', '.'], /--format/],
    ['a bad --fail-on', ['scan', '--fail-on', 'severe', '.'], /--fail-on/],
    ['a missing SOURCE', ['scan', '--format', 'json'], /SOURCE/],
    ['a SOURCE that does not exist', ['scan', 'no-such-folder'], /no such file or folder: no-such-folder/],
    [
      'a nonsensical --workers',
      ['scan', '--workers', '99999999999999999999', '.'],
      /--workers takes a whole number from 1 to/,
    ],
    ['a negative --max-errors', ['scan', '--max-errors=-1', '.'], /--max-errors takes a whole number from 0/],
    [
      '--max-errors -1 (read as an option)',
      ['scan', '--max-errors', '-1', '.'],
      /'--max-errors' needs a value; a value that starts with '-' is written --max-errors=VALUE/,
    ],
    ['a misspelt verb', ['scna', '.'], /unknown command 'scna' \(did you mean 'scan'\?\)/],
    [
      'a misspelt option',
      ['scan', '--confg', 'x.yaml', '.'],
      /unknown option '--confg' \(did you mean '--config'\?\)/,
    ],
    [
      'an unknown --rule',
      ['scan', '--rule', 'asume-denied', '.'],
      /no rule 'asume-denied' \(did you mean 'assume-denied'\?\)/,
    ],
    ['a bad --workers', ['scan', '--workers', '0', '.'], /--workers/],
    // Node quotes '-c, --config <value>': the message names the option as it is written.
    ['--config without its value', ['scan', '--config'], /^rolewatch: option '--config' needs a value\n/],
    ['-c without its value', ['scan', '-c'], /^rolewatch: option '--config' needs a value\n/],
    [
      '-w followed by an option',
      ['scan', '-w', '--strict', '.'],
      /option '--workers' needs a value; .* --workers=VALUE/,
    ],
    [
      'report --out without its value',
      ['report', '.', '--out'],
      /^rolewatch: option '--out' needs a value\n/,
    ],
    [
      'trust diff --config without its value',
      ['trust', 'diff', '--config'],
      /^rolewatch: option '--config' needs a value\n/,
    ],
    [
      'a misspelt trust diff option',
      ['trust', 'diff', '--confg', 'x.yaml'],
      /unknown option '--confg' \(did you mean '--config'\?\)/,
    ],
    ['an operand to trust import', ['trust', 'import', 'roles.json'], /takes no positional arguments/],
    // Date.parse would read it as 2 March.
    [
      'an impossible --since date',
      ['scan', '--since', '2026-02-30', '.'],
      /--since: '2026-02-30' is not a calendar date/,
    ],
  ])('exits 2 on %s and says what is wrong', async (_what, args, message) => {
    const run = await runCli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('exits 2 on a trust file with errors, naming file, line and key, and scans nothing', async () => {
    const invalid = join(ROOT, 'fixtures', 'trust', 'invalid', 'unknown-keys.yaml');
    const run = await runCli(['scan', '--config', invalid, '--format', 'json', findings]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${invalid}:2:1 role: unknown key 'role'`);
  });

  it('exits 2 when the trust file does not exist', async () => {
    const missing = tree.path('no-such-trust.yaml');
    const run = await runCli(['scan', '--config', missing, findings]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(missing);
    expect(run.stderr).toMatch(/no such file/);
  });
});

describe('help', () => {
  it('prints the usage and exits 0 for `scan --help` and `validate -h`', async () => {
    for (const args of [['scan', '--help'], ['validate', '-h'], ['--help']]) {
      const run = await runCli(args);
      expect(run.status, args.join(' ')).toBe(0);
      expect(run.stdout).toContain('rolewatch scan [options] SOURCE...');
    }
  });
});
