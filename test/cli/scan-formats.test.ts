import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../functions/core/model/finding.ts';
import { type CliRun, runCli } from './run-cli.ts';
import { fixtureRecord, nonCredentialRecord, type ScanJson, TempTree, variant } from './scan-inputs.ts';

const HOSTILE_SESSION = 'evil\u001b[2J\u001b]0;pwned\u0007\u202etxt.exe';

const TRUST = `version: 1
accounts: ["444455556666"]
defaults:
  maxSessionSeconds: 3600
  unlistedRoles: ignore
roles:
  - arn: "arn:aws:iam::444455556666:role/ReadOnly"
    trustedPrincipals: ["444455556666"]
    sessionNamePattern: "^([a-z]+-cli|audit)$"
  - arn: "arn:aws:iam::444455556666:role/ProdAdmin"
    trustedPrincipals: ["111122223333"]
    severity: critical
suppressions:
  - rule: untrusted-principal
    role: "arn:aws:iam::444455556666:role/ReadOnly"
    expires: 2099-12-31
    reason: "vendor migration, SEC-42"
    owner: "secops@acme.example"
`;

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
  suppressions?: { kind: string; justification?: string }[];
}
interface Sarif {
  $schema: string;
  version: string;
  runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: SarifResult[] }[];
}

describe('rolewatch scan output formats', () => {
  const tree = new TempTree();
  let files: { hostile: string; denied: string; outsider: string };
  let json: ScanJson;
  let scan: (format: string) => Promise<CliRun>;

  beforeAll(async () => {
    const trust = tree.write('trust.yaml', TRUST);
    files = {
      // session-name-mismatch [low] with a session name that tries to drive the terminal
      hostile: tree.writeJson(
        'trail/hostile.json',
        variant(fixtureRecord('assume-role/same-account-iam-user'), HOSTILE_SESSION, 1),
      ),
      // assume-denied, raised to critical by ProdAdmin's floor
      denied: tree.writeJson(
        'trail/denied.json',
        fixtureRecord('assume-role/denied-null-request-parameters'),
      ),
      // external-account [high], and untrusted-principal [high] which the trust file suppresses
      outsider: tree.writeJson(
        'trail/outsider.json',
        fixtureRecord('assume-role/cross-account-outsider-target-copy'),
      ),
    };
    scan = (format) => runCli(['scan', '--config', trust, '--format', format, tree.path('trail')]);
    const run = await scan('json');
    expect(run.status).toBe(0);
    json = JSON.parse(run.stdout) as ScanJson;
  });
  afterAll(() => tree.remove());

  it('produces the findings the trust file implies, one of them suppressed', async () => {
    const got = json.findings.map((f) => `${f.severity} ${f.rule} ${f.suppressed}`).sort();
    expect(got).toEqual([
      'critical assume-denied false',
      'high external-account false',
      'high untrusted-principal true',
      'low session-name-mismatch false',
    ]);
    expect(json.findings.find((f) => f.rule === 'session-name-mismatch')?.session.name).toBe(HOSTILE_SESSION);
  });

  it('--format jsonl prints each finding as one parseable JSON line, in the json order', async () => {
    const run = await scan('jsonl');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as Finding)).toEqual(json.findings);
    // The summary line counts suppressed findings apart: 3 active + 1 suppressed = the 4 JSON lines.
    expect(run.stderr).toContain('3 finding(s) (1 critical, 1 high, 1 low) and 1 suppressed');
  });

  it('--format sarif prints a SARIF 2.1.0 log with the rule catalogue and one result per finding', async () => {
    const run = await scan('sarif');
    expect(run.status).toBe(0);
    const sarif = JSON.parse(run.stdout) as Sarif;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif/);
    expect(sarif.runs).toHaveLength(1);
    const [only] = sarif.runs;
    const rules = only?.tool.driver.rules.map((r) => r.id) ?? [];
    expect(only?.tool.driver.name).toBe('rolewatch');
    expect(rules).toEqual(
      expect.arrayContaining(['untrusted-principal', 'assume-denied', 'external-account']),
    );
    const results = only?.results ?? [];
    expect(results.map((r) => r.ruleId)).toEqual(json.findings.map((f) => f.rule));
    for (const r of results) {
      if (r.ruleIndex !== undefined) expect(rules[r.ruleIndex]).toBe(r.ruleId);
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.message.text.length).toBeGreaterThan(10);
      // Files outside the working directory are absolute file:// URIs.
      expect(Object.values(files)).toContain(
        fileURLToPath(r.locations?.[0]?.physicalLocation.artifactLocation.uri ?? ''),
      );
    }
    const level = (rule: string) => results.find((r) => r.ruleId === rule)?.level;
    expect(level('assume-denied')).toBe('error');
    expect(level('session-name-mismatch')).toBe('note');
  });

  it('--format sarif marks suppressed findings with suppressions, and only those', async () => {
    const sarif = JSON.parse((await scan('sarif')).stdout) as Sarif;
    const results = sarif.runs[0]?.results ?? [];
    const suppressed = results.filter((r) => r.suppressions !== undefined);
    expect(suppressed.map((r) => r.ruleId)).toEqual(['untrusted-principal']);
    expect(suppressed[0]?.suppressions?.[0]?.kind).toBe('external');
    expect(suppressed[0]?.suppressions?.[0]?.justification).toContain('SEC-42');
  });

  it('--format table groups findings by severity, most severe first, suppressed ones last', async () => {
    const run = await scan('table');
    expect(run.status).toBe(0);
    const at = (heading: string) => run.stdout.indexOf(heading);
    expect(at('CRITICAL (1)')).toBeGreaterThanOrEqual(0);
    expect(at('HIGH (1)')).toBeGreaterThan(at('CRITICAL (1)'));
    expect(at('LOW (1)')).toBeGreaterThan(at('HIGH (1)'));
    expect(at('SUPPRESSED (1)')).toBeGreaterThan(at('LOW (1)'));
    // Labels and values line up in one column, the longest label ('suppressed:') included.
    const labelled = run.stdout.split('\n').filter((l) => /^ {6}[a-z]+: /.test(l));
    expect(labelled.some((l) => l.startsWith('      suppressed: by '))).toBe(true);
    expect(new Set(labelled.map((l) => l.search(/(?<=: +)\S/)))).toHaveProperty('size', 1);
    expect(run.stdout).not.toMatch(/^MEDIUM/m);
    expect(run.stdout.indexOf('assume-denied')).toBeLessThan(run.stdout.indexOf('external-account'));
  });

  it('--format table neutralises escape sequences and bidi overrides from a session name', async () => {
    const run = await scan('table');
    expect(run.stdout).toContain('evil\uFFFD[2J\uFFFD]0;pwned\uFFFD\uFFFDtxt.exe');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(run.stdout).not.toMatch(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(run.stderr).not.toContain('\u001b');
  });
});

describe('rolewatch scan --format sarif locations', () => {
  const tree = new TempTree();
  afterAll(() => tree.remove());

  it('points at files whose names hold spaces and # as percent-encoded URIs, with line and JSON path', async () => {
    const trust = tree.write('trust.yaml', TRUST);
    const record = JSON.stringify(fixtureRecord('assume-role/denied-null-request-parameters'));
    const lines = tree.write(
      'my exports/denied #1.jsonl',
      `${JSON.stringify(nonCredentialRecord())}\n${record}\n`,
    );
    const log = tree.writeJson('my exports/log 2.json', {
      Records: [fixtureRecord('assume-role/cross-account-outsider-target-copy')],
    });
    const run = await runCli(['scan', '--config', trust, '--format', 'sarif', tree.path('my exports')]);
    const results = (JSON.parse(run.stdout) as Sarif).runs[0]?.results ?? [];
    const where = (rule: string) => {
      const r = results.find((x) => x.ruleId === rule) as SarifResult & {
        locations: { logicalLocations?: { fullyQualifiedName: string }[] }[];
      };
      const loc = r.locations[0];
      return {
        uri: loc?.physicalLocation.artifactLocation.uri,
        line: loc?.physicalLocation.region?.startLine,
        path: loc?.logicalLocations?.[0]?.fullyQualifiedName,
      };
    };
    const denied = where('assume-denied');
    expect(denied).toEqual({ uri: expect.stringContaining('my%20exports/denied%20%231.jsonl'), line: 2 });
    expect(fileURLToPath(denied.uri ?? '')).toBe(lines);
    const outsider = where('external-account');
    expect(outsider).toEqual({ uri: expect.stringContaining('log%202.json'), path: 'Records[0]' });
    expect(fileURLToPath(outsider.uri ?? '')).toBe(log);
  });

  it('gives files under the working directory as URIs relative to %SRCROOT%, so code-scanning pages link them', async () => {
    const trust = tree.write('trust.yaml', TRUST);
    tree.writeJson('repo/trail/log 3.json', {
      Records: [fixtureRecord('assume-role/cross-account-outsider-target-copy')],
    });
    const run = await runCli(['scan', '--config', trust, '--format', 'sarif', 'trail'], {
      cwd: tree.path('repo'),
    });

    const sarif = JSON.parse(run.stdout);
    const location = sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    expect(location).toEqual({ uri: 'trail/log%203.json', uriBaseId: '%SRCROOT%' });
    expect(sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(
      `${pathToFileURL(tree.path('repo')).href}/`,
    );
  });
});
