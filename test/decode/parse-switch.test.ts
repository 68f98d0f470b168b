// `scan --parse full` keeps the path that parses every record, `--parse selective-js` scans with JavaScript
// only; the default (selective, the WebAssembly scanner on files of 16 KiB or more) prints the same.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTrail } from '../../functions/trail-generator/generate-trail.ts';
import { encodeTrailFile } from '../../functions/trail-generator/write-trail.ts';
import { EXAMPLE_TRUST, runCli } from '../cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'rolewatch-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scan --parse', () => {
  it('prints byte-identical JSON with --parse full, --parse selective-js and the default, with one worker and two', async () => {
    for (const file of generateTrail({ records: 1500, demo: true, recordsPerFile: 200 })) {
      writeFileSync(join(dir, `${file.key.replaceAll('/', '_')}`), encodeTrailFile(file));
    }
    writeFileSync(join(dir, 'broken.json'), '{"Records":[{"eventSource":"s3.amazonaws.com",\n');
    const scan = (...extra: string[]) =>
      runCli(['scan', '--format', 'json', '--config', EXAMPLE_TRUST, ...extra, dir]);

    const selective = await scan('--workers', '1');
    const full = await scan('--workers', '1', '--parse', 'full');
    const js = await scan('--workers', '1', '--parse', 'selective-js');
    const twoWorkers = await scan('--workers', '2', '--parse', 'selective');

    expect(selective.status, selective.stderr).toBe(0);
    expect(full.stdout).toBe(selective.stdout);
    expect(js.stdout).toBe(selective.stdout);
    expect(twoWorkers.stdout).toBe(selective.stdout);
    const summary = JSON.parse(selective.stdout).summary;
    expect(summary.records).toBe(1500);
    expect(summary.malformed).toBe(1);
    expect(summary.findings).toBeGreaterThan(10);
  });

  it('refuses a parse mode it does not know (usage error, exit 2)', async () => {
    const run = await runCli(['scan', '--parse', 'fast', dir]);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--parse/);
  });
});
