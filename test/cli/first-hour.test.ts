// Issue 9 ("a security engineer's first hour"): the CLI never says "fine" when it is not, and its table
// groups the noise of one misconfigured job into one entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TRUST, runCli } from './run-cli.ts';
import { fixtureRecord, type JsonObject, nonCredentialRecord, TempTree } from './scan-inputs.ts';

const tree = new TempTree();
afterAll(() => tree.remove());

/** `n` denied AssumeRole calls of one caller on one role, a second apart, each its own event. */
function deniedCalls(n: number): JsonObject[] {
  const base = fixtureRecord('assume-role/denied-null-request-parameters');
  return Array.from({ length: n }, (_, i) => {
    const r = structuredClone(base);
    r.eventID = `d3a1ed00-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    r.eventTime = `2026-11-26T10:00:${String(i).padStart(2, '0')}Z`;
    return r;
  });
}

describe('the table groups findings of one rule, role and actor', () => {
  let trail: string;
  beforeAll(() => {
    trail = tree.writeJson('grouping/trail.json', { Records: deniedCalls(12) });
  });

  it('shows twelve denied calls of one job as one entry with a count and first/last time', async () => {
    const run = await runCli(['scan', '--config', EXAMPLE_TRUST, trail]);

    expect(run.status).toBe(0);
    const entries = run.stdout.split('\n').filter((l) => /^ {2}\d{4}-\d\d-\d\d /.test(l));
    // Twelve denials in twelve seconds are also one burst (denied-burst), reported once.
    expect(entries).toEqual([
      '  2026-11-26 10:00:00Z  assume-denied  ×12, last 2026-11-26 10:00:11Z',
      '  2026-11-26 10:00:11Z  denied-burst',
    ]);
    expect(run.stdout).toMatch(/^CRITICAL \(13 in 2 groups\)$/m);
    expect(run.stdout).toContain('fix:');
    expect(run.stdout).toMatch(
      /call: +AssumeRole in \S+ from \S+ \(event d3a1ed00-0000-4000-8000-000000000000\)/,
    );
  });

  it('lists each finding with --no-group, and keeps one finding each with a groupKey in JSON', async () => {
    const table = await runCli(['scan', '--no-group', '--config', EXAMPLE_TRUST, trail]);
    const json = JSON.parse(
      (await runCli(['scan', '--format', 'json', '--config', EXAMPLE_TRUST, trail])).stdout,
    );

    expect(table.stdout.split('\n').filter((l) => /^ {2}\d{4}-\d\d-\d\d /.test(l))).toHaveLength(12 + 1);
    const denials = json.findings.filter((f: { rule: string }) => f.rule === 'assume-denied');
    expect(denials).toHaveLength(12);
    expect(new Set(denials.map((f: { groupKey: string }) => f.groupKey)).size).toBe(1);
  });

  it('prints only what --rule and --min-severity select, while the summary still counts everything', async () => {
    const denied = await runCli([
      'scan',
      '--format',
      'json',
      '--rule',
      'untrusted-principal',
      '--config',
      EXAMPLE_TRUST,
      trail,
    ]);
    const high = await runCli([
      'scan',
      '--format',
      'jsonl',
      '--min-severity',
      'HIGH',
      '--config',
      EXAMPLE_TRUST,
      trail,
    ]);

    const table = await runCli(['scan', '--rule', 'denied-burst', '--config', EXAMPLE_TRUST, trail]);

    const json = JSON.parse(denied.stdout);
    expect(json.findings).toEqual([]);
    expect(json.summary.byRule['assume-denied']).toBe(12);
    // The table's summary line counts everything and says how many of those it shows.
    expect(table.stdout).toMatch(/13 finding\(s\); 1 shown \(1 \w+\) by --rule\/--min-severity\./);
    // 12 assume-denied (critical on ProdAdmin) and the one denied-burst they make.
    expect(high.stdout.trim().split('\n')).toHaveLength(12 + 1);
  });

  it('does not say "No findings." when --rule or --min-severity hid them all', async () => {
    const table = await runCli(['scan', '--rule', 'untrusted-principal', '--config', EXAMPLE_TRUST, trail]);

    expect(table.stdout).not.toContain('No findings.');
    expect(table.stdout).toContain(
      'No finding shown: the 13 finding(s) of this scan are all hidden by --rule/--min-severity.',
    );
    expect(table.stdout).toMatch(/13 finding\(s\); 0 shown by --rule\/--min-severity\./);
  });
});

describe('a scan that read nothing says so', () => {
  it('warns on stderr in every format when a folder holds no input file, and fails with --strict', async () => {
    const empty = tree.write('nothing/readme.txt', 'not a trail');
    const folder = empty.replace(/\/readme\.txt$/, '');

    for (const format of ['table', 'json', 'jsonl', 'sarif']) {
      const run = await runCli(['scan', '--format', format, '--config', EXAMPLE_TRUST, folder]);
      expect(run.status).toBe(0);
      expect(run.stderr).toContain('no input file was found: nothing was judged');
      expect(run.stderr).toContain('1 file(s) not read');
      expect(run.stderr).toContain('readme.txt');
    }
    const table = await runCli(['scan', '--config', EXAMPLE_TRUST, folder]);
    expect(table.stdout).not.toContain('No findings.');
    expect(table.stdout).toContain('Nothing was judged');
    expect((await runCli(['scan', '--strict', '--config', EXAMPLE_TRUST, folder])).status).toBe(1);
  });

  it('says so when the inputs given could not be read, rather than that none was given', async () => {
    const broken = tree.write('broken/trail.json', '{"Records": [');

    const run = await runCli(['scan', '--strict', '--config', EXAMPLE_TRUST, broken]);

    expect(run.stderr).toContain('no input could be read (1 input error(s)): nothing was judged');
    expect(run.status).toBe(1);
  });

  it('says that every credential event read was outside --since/--until, in the table and on stderr', async () => {
    const file = tree.writeJson('old/trail.json', { Records: deniedCalls(3) });

    const run = await runCli(['scan', '--since', '2099-01-01T00:00:00Z', '--config', EXAMPLE_TRUST, file]);
    const strict = await runCli([
      'scan',
      '--strict',
      '--since',
      '2099-01-01T00:00:00Z',
      '--config',
      EXAMPLE_TRUST,
      file,
    ]);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'Nothing was judged: the 3 credential event(s) read are all outside the period',
    );
    expect(run.stdout).toContain('0 credential event(s) judged, 3 outside the period (not judged)');
    expect(run.stderr).toContain(
      'the 3 credential event(s) read are all outside the period (--since/--until)',
    );
    expect(strict.status).toBe(1);
  });

  it('warns when files were read but held no CloudTrail record', async () => {
    const file = tree.writeJson('no-records/empty.json', { Records: [] });

    const run = await runCli(['scan', '--format', 'json', '--strict', '--config', EXAMPLE_TRUST, file]);

    expect(run.stderr).toContain('1 file(s) read, but no CloudTrail record in them');
    expect(run.status).toBe(1);
  });

  it('reads files without an extension in folders (Firehose names them so) and counts ignored ones', async () => {
    tree.write(
      'firehose/delivery-stream-1-2026-11-01-10-15-00-0a1b2c3d',
      `${JSON.stringify(deniedCalls(1)[0])}\n`,
    );
    tree.write('firehose/notes.txt', 'not a trail');
    tree.writeJson('firehose/other.json', nonCredentialRecord());

    const run = await runCli(['scan', '--format', 'json', '--config', EXAMPLE_TRUST, tree.path('firehose')]);

    const json = JSON.parse(run.stdout);
    expect(json.summary.files).toBe(2);
    expect(json.summary.ignoredFiles).toBe(1);
    expect(json.summary.credentialEvents).toBe(1);
    expect(run.stderr).toContain('notes.txt');
  });
});

describe('CLI conventions', () => {
  it('accepts --fail-on and --format in any case, and --max-errors 0 (count only)', async () => {
    const trail = tree.writeJson('conventions/trail.json', { Records: deniedCalls(1) });
    const broken = tree.write('conventions/broken.json', '{"Records": [');

    const failing = await runCli([
      'scan',
      '--format',
      'JSON',
      '--fail-on',
      'MEDIUM',
      '--config',
      EXAMPLE_TRUST,
      trail,
    ]);
    const counting = await runCli([
      'scan',
      '--format',
      'json',
      '--max-errors',
      '0',
      '--config',
      EXAMPLE_TRUST,
      broken,
    ]);

    expect(failing.status).toBe(1);
    expect(JSON.parse(counting.stdout).errors).toEqual([]);
    expect(JSON.parse(counting.stdout).summary.malformed).toBe(1);
  });
});
