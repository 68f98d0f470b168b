import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TRUST, ROOT, runCli } from './run-cli.ts';

// `scan --state FILE`, `--learn` and what a scan without a state store says (CONTRACT §5, issue 11).

const dir = mkdtempSync(join(tmpdir(), 'rolewatch-scan-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIXTURES = join(ROOT, 'fixtures', 'cloudtrail');
const LINEAGE = join(FIXTURES, 'lineage', 'user-deploy-admin.json');
const CROSS = join(FIXTURES, 'lineage', 'cross-account-chain.json');
const ENUMERATION = join(FIXTURES, 'denied-burst', 'role-enumeration.json');
const FIRST_SEEN = join(FIXTURES, 'rules', 'first-seen-pair', 'match.json');

let files = 0;
const stateFile = (): string => join(dir, `state-${++files}.json`);

interface Finding {
  id: string;
  rule: string;
  actor: { display: string; origin?: { display: string; chain: string[]; note?: string } };
}

async function scanJson(args: readonly string[]) {
  const run = await runCli(['scan', '--format', 'json', '--config', EXAMPLE_TRUST, ...args]);
  return {
    ...run,
    json: JSON.parse(run.stdout || '{}') as { findings: Finding[]; summary: Record<string, unknown> },
  };
}

const rulesOf = (findings: readonly Finding[]) => findings.map((f) => f.rule);

describe('scan without a state store', () => {
  it('runs denied-burst and lineage within the scan, and says that first-seen-pair did not run', async () => {
    const run = await scanJson([LINEAGE, ENUMERATION]);

    expect(run.status).toBe(0);
    expect(run.json.summary.state).toEqual({ store: 'scan', learning: false, notRun: ['first-seen-pair'] });
    expect(run.stderr).toContain('first-seen-pair did not run: it needs a state store');
    expect(rulesOf(run.json.findings)).not.toContain('first-seen-pair');
    // 18 denials (two delivered twice) in 51 s: one burst.
    expect(rulesOf(run.json.findings).filter((r) => r === 'denied-burst')).toHaveLength(1);
    const burst = run.json.findings.find((f) => f.rule === 'denied-burst') as unknown as { title: string };
    expect(burst.title).toMatch(/was denied 18 credential calls within 1 minute\(s\) \(18 role\(s\) tried/);
    const admin = run.json.findings.filter((f) => f.actor.display.startsWith('Admin/alice'));
    expect(admin.length).toBeGreaterThan(0);
    for (const f of admin) {
      expect(f.actor.origin).toEqual({
        display: 'alice (IAM user, 444455556666) → Deploy → Admin',
        chain: ['arn:aws:iam::444455556666:user/alice', 'arn:aws:iam::444455556666:role/Deploy'],
      });
    }
  });

  it('traces a cross-account chain, naming the account where the chain crosses into another', async () => {
    const run = await scanJson([CROSS]);

    const origins = run.json.findings.map((f) => f.actor.origin?.display).filter((d) => d !== undefined);
    expect(origins).toContain('bob (IAM user, 111122223333) → OrgAdmin → ReadOnly (444455556666)');
  });

  it('shows the origin in the table and the note under the summary', async () => {
    const run = await runCli(['scan', '--config', EXAMPLE_TRUST, LINEAGE]);

    expect(run.stdout).toMatch(/origin: +alice \(IAM user, 444455556666\) → Deploy → Admin/);
    expect(run.stdout).toContain(
      'first-seen-pair did not run: it needs a state store that outlives the scan',
    );
  });

  it('refuses --learn without a state file', async () => {
    const run = await runCli(['scan', '--learn', '--config', EXAMPLE_TRUST, LINEAGE]);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--learn records pairs in a state file: give it --state FILE');
  });
});

describe('scan --state FILE', () => {
  it('learns a baseline with --learn, then reports only pairs outside it', async () => {
    const state = stateFile();

    const learn = await scanJson(['--state', state, '--learn', LINEAGE]);
    const again = await scanJson(['--state', state, LINEAGE]);
    const fresh = await scanJson(['--state', state, FIRST_SEEN]);

    expect(learn.status).toBe(0);
    expect(learn.json.summary.state).toEqual({ store: 'file', learning: true, notRun: [] });
    expect(rulesOf(learn.json.findings)).not.toContain('first-seen-pair');
    expect(rulesOf(again.json.findings)).not.toContain('first-seen-pair');
    // alice → ReadOnly and alice → Deploy are new; alice → Deploy was learned: one finding.
    const pairs = fresh.json.findings.filter((f) => f.rule === 'first-seen-pair');
    expect(pairs.map((f) => (f as unknown as { role: { arn: string } }).role.arn)).toEqual([
      'arn:aws:iam::444455556666:role/ReadOnly',
    ]);
  });

  it("reports a pair's earliest call, whatever order the input holds its calls in (LookupEvents is newest first)", async () => {
    const [call] = (JSON.parse(readFileSync(FIRST_SEEN, 'utf8')) as { Records: Record<string, unknown>[] })
      .Records;
    const calls = Array.from({ length: 5 }, (_, i) => ({
      ...call,
      eventID: `0f1e2d3c-0000-4000-8000-00000000000${i}`,
      eventTime: new Date(Date.parse('2026-11-09T08:00:00Z') + i * 3_600_000)
        .toISOString()
        .replace('.000', ''),
    }));
    const firstSeen = async (records: readonly unknown[]) => {
      const file = join(dir, `order-${++files}.json`);
      writeFileSync(file, JSON.stringify({ Records: records }));
      const run = await scanJson(['--state', stateFile(), file]);
      return run.json.findings.filter((f) => f.rule === 'first-seen-pair');
    };

    const oldestFirst = await firstSeen(calls);
    const newestFirst = await firstSeen([...calls].reverse());

    expect(oldestFirst).toHaveLength(1);
    // The same finding (id, call, time), found where each file holds that call.
    const { location: a, ...first } = oldestFirst[0] as unknown as Record<string, unknown>;
    const { location: b, ...same } = newestFirst[0] as unknown as Record<string, unknown>;
    expect(same).toEqual(first);
    expect([a, b].map((l) => String(l).replace(/^.* /, ''))).toEqual(['Records[0]', 'Records[4]']);
    expect((oldestFirst[0] as unknown as { eventTime: string }).eventTime).toBe('2026-11-09T08:00:00Z');
  });

  it('follows a state file given through a symbolic link: the file it names is read and replaced', async () => {
    const real = stateFile();
    const link = join(dir, `link-${files}.json`);
    await scanJson(['--state', real, '--learn', LINEAGE]);
    symlinkSync(real, link);

    const run = await scanJson(['--state', link, FIRST_SEEN]);

    expect(run.status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    // The pair first-seen-pair reported was saved to the real file.
    expect(rulesOf(run.json.findings)).toContain('first-seen-pair');
    expect(readFileSync(real, 'utf8')).toContain('role/ReadOnly');
  });

  it('reports the same findings when the same trail is scanned again, and the file does not grow', async () => {
    const state = stateFile();
    const first = await scanJson(['--state', state, LINEAGE, CROSS, ENUMERATION]);
    const size = readFileSync(state).length;

    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await scanJson(['--state', state, LINEAGE, CROSS, ENUMERATION]));

    expect(rulesOf(first.json.findings)).toContain('first-seen-pair');
    for (const run of runs) {
      expect(run.json.findings.map((f) => f.id)).toEqual(first.json.findings.map((f) => f.id));
      expect(readFileSync(state).length).toBe(size);
    }
  });

  it('quotes a state file that is not JSON on one line, its line breaks escaped', async () => {
    const state = stateFile();
    writeFileSync(state, 'garbage\n');

    const run = await scanJson(['--state', state, LINEAGE]);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('"garbage\\n" is not valid JSON');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('stops with exit 2 on a corrupt state file, and leaves it unchanged', async () => {
    const state = stateFile();
    writeFileSync(state, '{"format":"rolewatch-state","version":1,"items":[{"kind":');

    const run = await scanJson(['--state', state, LINEAGE]);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`state file ${state}: is not a rolewatch state file: it is not valid JSON`);
    expect(run.stdout).toBe('');
    expect(readFileSync(state, 'utf8')).toBe('{"format":"rolewatch-state","version":1,"items":[{"kind":');
    expect(existsSync(`${state}.lock`)).toBe(false);
  });

  it('stops with exit 2 on a state file of another version or another format', async () => {
    const newer = stateFile();
    writeFileSync(newer, JSON.stringify({ format: 'rolewatch-state', version: 2, items: [] }));
    const other = stateFile();
    writeFileSync(other, JSON.stringify({ Records: [] }));

    const a = await scanJson(['--state', newer, LINEAGE]);
    const b = await scanJson(['--state', other, LINEAGE]);

    expect(a.status).toBe(2);
    expect(a.stderr).toContain('has format version 2; this rolewatch reads version 1');
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('is not a rolewatch state file (no "format": "rolewatch-state")');
  });

  it('stops with exit 2 on an item the file format does not allow, naming it', async () => {
    const state = stateFile();
    writeFileSync(
      state,
      JSON.stringify({
        format: 'rolewatch-state',
        version: 1,
        savedAt: 'x',
        clockMs: 0,
        items: [{ kind: 'pair' }],
      }),
    );

    const run = await scanJson(['--state', state, LINEAGE]);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/is damaged: items\[0\]\.key: /);
  });

  it('stops with exit 2 on an alert item that is both a delivered mark and a claim, or neither', async () => {
    const alert = {
      kind: 'alert',
      key: 'alert#0123456789abcdef#sns',
      findingId: '0123456789abcdef',
      sink: 'sns',
      expiresAtMs: 1_900_000_000_000,
    };
    const claim = { by: 'c0ffee00-1111-2222-3333-444455556666', atMs: 1_800_000_000_000 };
    const runs = [];
    for (const item of [{ ...alert, alertedAtMs: 1_800_000_000_000, claim }, alert, { ...alert, claim }]) {
      const state = stateFile();
      writeFileSync(
        state,
        JSON.stringify({ format: 'rolewatch-state', version: 1, savedAt: 'x', clockMs: 0, items: [item] }),
      );
      runs.push(await scanJson(['--state', state, LINEAGE]));
    }

    expect(runs.map((r) => r.status)).toEqual([2, 2, 0]);
    expect(runs[0]?.stderr).toMatch(/is damaged: items\[0\]: an alert item holds either alertedAtMs/);
    expect(runs[1]?.stderr).toMatch(/is damaged: items\[0\]: an alert item holds either alertedAtMs/);
  });

  it('lets two concurrent runs take turns on one file, so neither loses the other’s pairs', async () => {
    const state = stateFile();

    // On a worker thread each, so that the two runs overlap in this one process.
    const [a, b] = await Promise.all([
      scanJson(['--workers', '2', '--state', state, '--learn', LINEAGE]),
      scanJson(['--workers', '2', '--state', state, '--learn', CROSS]),
    ]);
    const listed = await runCli(['state', state, '--format', 'json']);

    expect([a.status, b.status]).toEqual([0, 0]);
    expect(`${a.stderr}${b.stderr}`).toMatch(/waiting for process \d+ on .*, which holds .*\.lock/);
    const kinds = JSON.parse(listed.stdout).kinds;
    // LINEAGE: 3 pairs; CROSS: bob → OrgAdmin, OrgAdmin → ReadOnly (+ owner copy account:111…), ReadOnly →
    // github-actions (+ owner copy account:444…).
    expect(kinds.pair.items).toBe(3 + 5);
  });

  it('says who holds the lock, and gives up after --lock-wait', async () => {
    const state = stateFile();
    writeFileSync(
      `${state}.lock`,
      JSON.stringify({ pid: process.pid, hostname: (await import('node:os')).hostname(), startedAt: 'now' }),
    );

    const run = await scanJson(['--state', state, '--lock-wait', '0', LINEAGE]);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`is locked by process ${process.pid}`);
    expect(run.stderr).toContain(`if no run is using it, delete ${state}.lock`);
    rmSync(`${state}.lock`);
  });
});
