import { mkdirSync, symlinkSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';
import { fixtureRecord, type ScanJsonRun, scanJson, TempTree, variant } from './scan-inputs.ts';

// Every successful AssumeRole of the template gives one `unlisted-role` finding, named by its session.
const TRUST = `version: 1
accounts: ["444455556666"]
defaults:
  unlistedRoles: alert
roles: []
`;

describe('rolewatch scan of a folder holding bad inputs (issue 2)', () => {
  const tree = new TempTree();
  const base = fixtureRecord('assume-role/same-account-iam-user');
  const pretty = `${JSON.stringify(fixtureRecord('assume-role/with-mfa'), null, 2)}\n`;
  // Cut inside the record, 25 lines in: the error must point at the line where the text stops.
  const truncated = pretty.split('\n').slice(0, 25).join('\n').slice(0, -3);
  const truncatedLine = truncated.split('\n').length;
  let trust: string;
  let run: ScanJsonRun;
  const bad: Record<string, string> = {};

  beforeAll(async () => {
    trust = tree.write('trust.yaml', TRUST);
    tree.writeJson('trail/good.json', variant(base, 'good-file', 1));
    const lines = [variant(base, 'good-line-1', 2), variant(base, 'good-line-3', 3)].map((r) =>
      JSON.stringify(r),
    );
    bad.jsonl = tree.write(
      'trail/exports/lines.jsonl',
      `${lines[0]}\n${lines[1]?.slice(0, 333)}\n${lines[1]}\n`,
    );
    bad.truncated = tree.write('trail/truncated.json', truncated);
    bad.notGzip = tree.write('trail/not-gzip.gz', 'this is neither gzip nor JSON\n');
    const gz = gzipSync(JSON.stringify({ Records: [variant(base, 'lost-in-gzip', 4)] }));
    bad.truncatedGzip = tree.write('trail/truncated.json.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    bad.empty = tree.write('trail/empty.json', '');
    tree.writeJson('trail/empty-log.json', { Records: [] });
    bad.dangling = tree.path('trail/x.json');
    symlinkSync(tree.path('trail/gone.json'), bad.dangling);
    // A folder with an input name is a folder: walked, not read as a file.
    mkdirSync(tree.path('trail/y.json'));
    tree.writeJson('trail/y.json/inside.json', variant(base, 'inside-folder-named-json', 5));
    run = await scanJson(['--config', trust, tree.path('trail')]);
  });
  afterAll(() => tree.remove());

  it('goes on past every bad file and judges the good ones', async () => {
    expect(run.status).toBe(0);
    expect(run.json.findings.map((f) => f.session.name).sort()).toEqual([
      'good-file',
      'good-line-1',
      'good-line-3',
      'inside-folder-named-json',
    ]);
  });

  it('lists each bad input with its location and kind', async () => {
    const got = run.json.errors.map((e) => [e.location.file, e.location.line, e.kind]);
    expect(got).toEqual(
      expect.arrayContaining([
        [bad.jsonl, 2, 'json'],
        [bad.truncated, truncatedLine, 'json'],
        [bad.notGzip, expect.anything(), 'gzip'],
        [bad.truncatedGzip, undefined, 'gzip'],
        [bad.empty, undefined, 'json'],
        [bad.dangling, undefined, 'read'],
      ]),
    );
    expect(run.json.errors).toHaveLength(6);
  });

  it('explains each error in words', async () => {
    const message = (file: string | undefined) =>
      run.json.errors.find((e) => e.location.file === file)?.message;
    expect(message(bad.truncated)).toMatch(/truncated JSON/);
    expect(message(bad.notGzip)).toMatch(/not gzip/);
    expect(message(bad.truncatedGzip)).toMatch(/truncated gzip/);
    expect(message(bad.empty)).toBe('empty file');
    expect(message(bad.dangling)).toContain(bad.dangling);
  });

  it('counts the bad inputs as malformed, and an empty log file as nothing at all', async () => {
    expect(run.json.summary).toMatchObject({
      files: 9,
      records: 4,
      credentialEvents: 4,
      skipped: 0,
      malformed: 6,
      findings: 4,
    });
  });

  it('reads a {"Records":[]} file as zero records without an error', async () => {
    const alone = await scanJson(['--config', trust, tree.path('trail/empty-log.json')]);
    expect(alone.json.summary).toMatchObject({ files: 1, records: 0, malformed: 0 });
    expect(alone.json.errors).toEqual([]);
    expect(alone.status).toBe(0);
  });

  it('refuses a PATH that does not exist before scanning anything (a typo must not go green)', async () => {
    const missing = tree.path('no-such-folder');
    const both = await runCli([
      'scan',
      '--format',
      'json',
      '--config',
      trust,
      missing,
      tree.path('trail/good.json'),
    ]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain(`no such file or folder: ${missing}`);
    expect(both.stdout).toBe('');
  });

  it('exits 1 with --strict because inputs could not be read', async () => {
    expect(
      (await runCli(['scan', '--config', trust, '--strict', '--format', 'json', tree.path('trail')])).status,
    ).toBe(1);
  });

  it('lists the input errors in the table, with file and line', async () => {
    const table = await runCli(['scan', '--config', trust, tree.path('trail')]);
    expect(table.status).toBe(0);
    expect(table.stdout).toContain('INPUT ERRORS (6)');
    expect(table.stdout).toContain(`${bad.truncated}:${truncatedLine}: truncated JSON`);
    expect(table.stdout).toContain(`${bad.jsonl}:2:`);
  });
});
