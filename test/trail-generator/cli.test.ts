import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../functions/trail-generator/cli.ts');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 60_000 });

const listFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'rolewatch-gen-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('trail-generator CLI', () => {
  it('writes gzipped {"Records":[...]} log files under AWSLogs/ and can regenerate its own demo folder', () => {
    const out = join(tempDir(), 'trail');

    const first = run('--demo', '--out', out);
    const firstFiles = listFiles(out);
    const firstBytes = firstFiles.map((f) => readFileSync(join(out, f)));
    const again = run('--demo', '--out', out);

    expect(first.status, first.stderr).toBe(0);
    expect(again.status, again.stderr).toBe(0);
    expect(listFiles(out)).toEqual(firstFiles);
    expect(firstFiles.map((f) => readFileSync(join(out, f)))).toEqual(firstBytes);
    const logs = firstFiles.filter((f) => f.endsWith('.json.gz'));
    expect(logs.length).toBeGreaterThan(8);
    const body = JSON.parse(gunzipSync(readFileSync(join(out, logs[0] as string))).toString('utf8'));
    expect(Object.keys(body)).toEqual(['Records']);
    expect(body.Records[0].eventVersion).toMatch(/^1\.\d\d$/);
  });

  it('refuses to write into a non-empty folder it did not create, unless --force', () => {
    const out = tempDir();
    writeFileSync(join(out, 'notes.txt'), 'mine');

    const refused = run('--records', '500', '--out', out);
    const forced = run('--records', '500', '--out', out, '--force');

    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('not empty');
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(listFiles(out).filter((f) => f.endsWith('.json.gz')).length).toBeGreaterThan(1);
  });

  it('rejects a missing --out and a non-numeric --records with usage exit code 2', () => {
    expect(run('--records', '10').status).toBe(2);
    expect(run('--records', 'many', '--out', join(tempDir(), 'x')).status).toBe(2);
  });
});
