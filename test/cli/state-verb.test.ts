import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStateFile, writeStateFile } from '../../functions/adapters/state/state-file.ts';
import { pairKey, type StateItem } from '../../functions/core/state/state-item.ts';
import { CLI, EXAMPLE_TRUST, ROOT, runCli } from './run-cli.ts';

// `rolewatch state FILE` (CONTRACT §5), and the state file surviving a run killed while writing it.

const dir = mkdtempSync(join(tmpdir(), 'rolewatch-state-verb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LINEAGE = join(ROOT, 'fixtures', 'cloudtrail', 'lineage', 'user-deploy-admin.json');
const ENUMERATION = join(ROOT, 'fixtures', 'cloudtrail', 'denied-burst', 'role-enumeration.json');
const DAY = 86_400_000;

describe('rolewatch state FILE', () => {
  const state = join(dir, 'state.json');

  it('counts items per kind with their oldest and newest times, and the file size', async () => {
    await runCli(['scan', '--state', state, '--config', EXAMPLE_TRUST, LINEAGE, ENUMERATION]);

    const table = await runCli(['state', state]);
    const json = JSON.parse((await runCli(['state', state, '--format', 'json'])).stdout);

    expect(table.status).toBe(0);
    expect(table.stdout).toContain(
      `${state}: rolewatch state, version 1, ${readFileSync(state).length} bytes`,
    );
    expect(table.stdout).toMatch(/^pair +3 +0 +2026-11-24T09:00:02\.000Z +2026-11-24T09:05:17\.000Z$/m);
    expect(json.bytes).toBe(readFileSync(state).length);
    expect(json.kinds.pair).toEqual({
      items: 3,
      expired: 0,
      oldest: '2026-11-24T09:00:02.000Z',
      newest: '2026-11-24T09:05:17.000Z',
    });
    // The enumeration's bucket (four days before the latest call) has expired, but is kept for a week of
    // late files; the three sessions alice's chain obtained are kept, each under its key's fingerprint.
    expect(json.kinds.burst).toMatchObject({ items: 1, expired: 1 });
    expect(json.kinds.session.items).toBe(3);
  });

  it('lists the pairs of an actor named by an ARN of one of its sessions', async () => {
    const run = await runCli([
      'state',
      state,
      '--pairs',
      'arn:aws:sts::444455556666:assumed-role/Deploy/anything',
      '--format',
      'json',
    ]);

    expect(JSON.parse(run.stdout).pairs).toEqual([
      expect.objectContaining({
        actor: 'role:arn:aws:iam::444455556666:role/Deploy',
        role: 'arn:aws:iam::444455556666:role/Admin',
        firstSeen: '2026-11-24T09:03:41.000Z',
        learned: false,
      }),
    ]);
    expect((await runCli(['state', state, '--pairs', 'alice'])).stdout).toContain(
      'user:arn:aws:iam::444455556666:user/alice → arn:aws:iam::444455556666:role/Deploy',
    );
  });

  it('drops expired items with --prune and rewrites the file', async () => {
    const file = join(dir, 'prune.json');
    const clock = Date.UTC(2026, 10, 24);
    const item = (actor: string, expiresAtMs: number): StateItem => ({
      kind: 'pair',
      key: pairKey(actor, 'arn:aws:iam::444455556666:role/Deploy'),
      actor,
      role: 'arn:aws:iam::444455556666:role/Deploy',
      firstSeenMs: clock - 100 * DAY,
      lastSeenMs: clock - 100 * DAY,
      firstEvent: 'e',
      learned: true,
      expiresAtMs,
    });
    writeStateFile(
      file,
      [item('user:old', clock - 10 * DAY), item('user:live', clock + DAY)],
      clock,
      new Date(clock),
    );

    const before = JSON.parse((await runCli(['state', file, '--format', 'json'])).stdout);
    const pruned = await runCli(['state', file, '--prune']);

    expect(before.kinds.pair).toMatchObject({ items: 2, expired: 1 });
    expect(pruned.stdout).toContain('pruned: 1 expired item(s) dropped');
    expect(readStateFile(file).items.map((i) => (i.kind === 'pair' ? i.actor : ''))).toEqual(['user:live']);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('says so with exit 2 when the file does not exist or is not state', async () => {
    const missing = await runCli(['state', join(dir, 'nope.json')]);
    const trail = await runCli(['state', LINEAGE]);

    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.json: does not exist');
    expect(trail.status).toBe(2);
    expect(trail.stderr).toContain('is not a rolewatch state file');
  });

  it("answers scan's --state with the verb's own form", async () => {
    const run = await runCli(['state', '--state', join(dir, 'state.json')]);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('rolewatch state FILE (no --state)');
  });
});

describe('a run killed while it writes the state file', () => {
  it('leaves the previous state readable, and the next run goes on from it', async () => {
    const file = join(dir, 'killed.json');
    // A large state, so that writing it takes many chunks: the kill lands while the temporary file grows.
    const clock = Date.UTC(2026, 10, 24);
    const items: StateItem[] = Array.from({ length: 30_000 }, (_, i) => ({
      kind: 'pair',
      key: pairKey(`user:arn:aws:iam::444455556666:user/u${i}`, 'arn:aws:iam::444455556666:role/Deploy'),
      actor: `user:arn:aws:iam::444455556666:user/u${i}`,
      role: 'arn:aws:iam::444455556666:role/Deploy',
      firstSeenMs: clock,
      lastSeenMs: clock,
      firstEvent: `event-${i}`,
      learned: true,
      expiresAtMs: clock + 90 * DAY,
    }));
    writeStateFile(file, items, clock, new Date(clock));
    const before = readFileSync(file);

    // The kill lands as soon as the folder says the temporary file exists (inotify, not a busy loop that
    // would take a core from the run it waits for).
    let killed = false;
    const watcher = watch(dir, (_event, name) => {
      if (!killed && name?.startsWith('.killed.json.tmp-') === true) {
        killed = child.kill('SIGKILL');
      }
    });
    const child = spawn(
      process.execPath,
      [CLI, 'scan', '--state', file, '--config', EXAMPLE_TRUST, LINEAGE],
      {
        stdio: 'ignore',
      },
    );
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    watcher.close();

    expect(killed).toBe(true);
    expect(signal).toBe('SIGKILL');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readStateFile(file).items).toHaveLength(30_000);
    // The lock the killed run left names a process that is gone: the next run takes it over and saves.
    const next = await runCli(['scan', '--state', file, '--config', EXAMPLE_TRUST, LINEAGE]);
    expect(next.status).toBe(0);
    expect(next.stderr).toMatch(/taking over the lock .*killed\.json\.lock: process \d+ .* no longer runs/);
    expect(readStateFile(file).items.length).toBeGreaterThan(30_000);
    expect(readdirSync(dir).filter((n) => n.startsWith('.killed.json.tmp-'))).toEqual([]);
  }, 60_000);
});
