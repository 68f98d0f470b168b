import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { runTrailGenerator } from '../../functions/trail-generator/cli.ts';

/** Runs the generator's CLI in this process (issue 8: spawning it per test made this file take seconds). */
const run = (...args: string[]) => {
  const out = { stdout: '', stderr: '' };
  const status = runTrailGenerator(args, {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
  });
  return { status, ...out };
};

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
    // One comparison of all bytes: a deep equality over 382 buffers took seconds.
    const againBytes = Buffer.concat(firstFiles.map((f) => readFileSync(join(out, f))));
    expect(againBytes.equals(Buffer.concat(firstBytes))).toBe(true);
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

  it('rejects a missing --out, a non-numeric --records and a share outside 0-1 with usage exit code 2', () => {
    expect(run('--records', '10').status).toBe(2);
    expect(run('--records', 'many', '--out', join(tempDir(), 'x')).status).toBe(2);
    const share = run('--sts-share', '120%', '--out', join(tempDir(), 'x'));
    expect(share.status).toBe(2);
    expect(share.stderr).toContain('--sts-share');
  });

  it('writes the share of STS credential calls it is given (--sts-share, a fraction or a percentage)', () => {
    const out = join(tempDir(), 'trail');

    const r = run('--records', '2000', '--sts-share', '5%', '--out', out);

    expect(r.status, r.stderr).toBe(0);
    const records = listFiles(out)
      .filter((f) => f.endsWith('.json.gz'))
      .flatMap((f) => JSON.parse(gunzipSync(readFileSync(join(out, f))).toString('utf8')).Records);
    const credential = records.filter(
      (x: { eventSource: string; eventName: string }) =>
        x.eventSource === 'sts.amazonaws.com' && x.eventName !== 'GetCallerIdentity',
    );
    expect(records).toHaveLength(2000);
    expect(credential.length / records.length).toBeCloseTo(0.05, 2);
  });
});
