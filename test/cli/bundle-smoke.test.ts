import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_TRUST, ROOT, runCliProcess } from './run-cli.ts';

// Every other CLI test runs main() in-process; these few run the bundle as users do.
describe('the bundled CLI (bin/rolewatch.mjs → dist/cli)', () => {
  it('prints its version', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

    const run = runCliProcess(['--version']);

    expect(run).toEqual({ status: 0, stdout: `rolewatch ${version}\n`, stderr: '' });
  });

  it('reads standard input, writes findings and exits 1 at --fail-on', () => {
    const record = readFileSync(
      join(ROOT, 'fixtures', 'cloudtrail', 'rules', 'assume-denied', 'match.json'),
      'utf8',
    );

    const run = runCliProcess(
      ['scan', '--format', 'jsonl', '--config', EXAMPLE_TRUST, '--fail-on', 'low', '-'],
      {
        input: record,
      },
    );

    expect(run.status).toBe(1);
    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).rule),
    ).toContain('assume-denied');
    expect(run.stderr).toMatch(/Scanned 1 file\(s\), 1 record\(s\)/);
  });

  it('scans a folder across worker threads', () => {
    const run = runCliProcess([
      'scan',
      '--format',
      'json',
      '--workers',
      '2',
      '--config',
      EXAMPLE_TRUST,
      'fixtures/inputs',
    ]);

    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).summary.credentialEvents).toBeGreaterThan(0);
  });
});
