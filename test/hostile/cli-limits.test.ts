// Issue 7: special files, worker counts and internal errors give bounded, distinct outcomes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanWorkerPool } from '../../functions/cli/worker-pool.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';
import { EXAMPLE_TRUST, ROOT, runCli } from '../cli/run-cli.ts';

let dir: string;
const record = readFileSync(
  join(ROOT, 'fixtures', 'cloudtrail', 'rules', 'assume-denied', 'match.json'),
  'utf8',
);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolewatch-limits-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile: special files in a folder', () => {
  it('reports a FIFO and a link to /dev/zero as input errors and judges the rest, without hanging', async () => {
    const trail = join(dir, 'trail');
    execFileSync('mkdir', ['-p', trail]);
    execFileSync('mkfifo', [join(trail, 'b.json')]);
    symlinkSync('/dev/zero', join(trail, 'zero.json'));
    writeFileSync(join(trail, 'a.json'), record);

    const run = await runCli(['scan', '--format', 'json', '--config', EXAMPLE_TRUST, trail]);

    const json = JSON.parse(run.stdout);
    expect(json.errors.map((e: { message: string }) => e.message)).toEqual([
      expect.stringContaining('is a FIFO (named pipe), not a regular file'),
      expect.stringContaining('is a character device, not a regular file'),
    ]);
    expect(json.summary.credentialEvents).toBe(1);
    expect(run.status).toBe(0);
  }, 20_000);
});

describe('hostile: worker counts', () => {
  it('starts workers only as jobs need them, never more than the jobs in flight', async () => {
    const parsed = parseTrustConfig('version: 1\naccounts: []\nroles: []\n', 'empty.yaml');
    if (!parsed.ok) throw new Error('trust');
    const file = join(dir, 'one.json');
    writeFileSync(file, record);
    const pool = new ScanWorkerPool({
      url: pathToFileURL(join(ROOT, 'dist', 'cli', 'scan-worker.mjs')),
      init: { config: parsed.value.config, nowMs: Date.now(), judge: { maxErrors: 10 }, tapIds: [] },
      max: 64,
      heapMb: 64,
    });
    try {
      const result = await pool.run([{ file }]);
      expect(result.counts.credentialEvents).toBe(1);
      expect(pool.started).toBe(1);
    } finally {
      await pool.close();
    }
  });
});

describe('hostile: internal errors', () => {
  it('exit with code 3 (not 1, which --fail-on owns), one line saying what happened and a hint', async () => {
    const run = await runCli(
      ['scan', '--workers', '1', '--format', 'jsonl', '--config', EXAMPLE_TRUST, 'fixtures/inputs'],
      {
        stdout: () => {
          throw new Error('EPIPE: \u001b[31mbroken pipe');
        },
        env: { ROLEWATCH_DEBUG: undefined },
      },
    );
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/^rolewatch: internal error: Error: EPIPE: \uFFFD\[31mbroken pipe\n/m);
    expect(run.stderr).toContain('ROLEWATCH_DEBUG=1');
  });
});
