// Installs the package as a user would, from the tarball `npm pack` makes, into a temporary prefix, and
// runs the installed `rolewatch` outside the repository. Slow (an npm install): not part of `npm test`;
// `npm run test:package` runs it, and .ci/run does so as a step of its own.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const VERSION = JSON.parse(
  execFileSync('npm', ['pkg', 'get', 'version'], { cwd: ROOT, encoding: 'utf8' }),
) as string;

describe('the packed package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rolewatch-pack-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs from its tarball and scans a trail with the installed rolewatch', () => {
    // prepack builds the CLI bundle, so the tarball never ships a stale or missing one.
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    const files = execFileSync('tar', ['tzf', join(dir, tarball)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .sort();
    // The entry points, the licence and the README; the AWS sources are code-split chunks loaded only
    // when a remote SOURCE is scanned. No sources, maps or tests.
    const chunks = files.filter((f) => f.startsWith('package/dist/cli/chunks/'));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) expect(chunk).toMatch(/^package\/dist\/cli\/chunks\/[\w-]+\.mjs$/);
    expect(files.filter((f) => !chunks.includes(f))).toEqual([
      'package/LICENSE',
      'package/README.md',
      'package/bin/rolewatch.mjs',
      'package/dist/cli/index.mjs',
      'package/dist/cli/scan-worker.mjs',
      'package/package.json',
    ]);

    const prefix = join(dir, 'prefix');
    execFileSync(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        join(dir, tarball),
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    // A folder with nothing of the repository in it: the trail and the trust file are copied there.
    const work = join(dir, 'work');
    mkdirSync(work);
    copyFileSync(join(ROOT, 'fixtures', 'trust', 'example-org.yaml'), join(work, 'rolewatch.yaml'));
    copyFileSync(
      join(ROOT, 'fixtures', 'inputs', 'cloudtrail-log-file.json.gz'),
      join(work, 'trail.json.gz'),
    );
    const rolewatch = (...args: string[]) =>
      execFileSync(join(prefix, 'bin', 'rolewatch'), args, {
        cwd: work,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: dir },
      });

    expect(rolewatch('--version').trim()).toBe(`rolewatch ${VERSION}`);
    const scan = JSON.parse(rolewatch('scan', '--format', 'json', 'trail.json.gz')) as {
      summary: { files: number; credentialEvents: number; malformed: number };
      findings: { rule: string }[];
    };
    expect(scan.summary).toMatchObject({ files: 1, credentialEvents: 2, malformed: 0 });
    expect(scan.findings.map((f) => f.rule)).toContain('external-account');
    expect(readdirSync(join(prefix, 'lib', 'node_modules'))).toEqual(['rolewatch']);
  }, 180_000);
});
