// Issue 7, defect 4: a worker that runs out of memory must not take the scan down. Its input becomes an
// input error naming it, and every other input's results are printed (this used to be an uncaught
// ERR_WORKER_OUT_OF_MEMORY stack trace and no output at all).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TRUST, ROOT, runCli } from '../cli/run-cli.ts';

let dir: string;
let big: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolewatch-oom-'));
  const denied = readFileSync(
    join(ROOT, 'fixtures', 'cloudtrail', 'rules', 'assume-denied', 'match.json'),
    'utf8',
  );
  const record = JSON.stringify(JSON.parse(denied));
  writeFileSync(join(dir, 'a-small.json'), record);
  // ~15 MB of JSON once gunzipped, whose records need far more than a 24 MB worker heap. (A single
  // allocation larger than a worker's whole heap aborts the process in V8; the per-file size limits
  // keep every allocation far below the default heap.)
  big = join(dir, 'b-big.json.gz');
  writeFileSync(big, gzipSync(`{"Records":[${Array.from({ length: 10_000 }, () => record).join(',')}]}`));
  writeFileSync(
    join(dir, 'c-small.json'),
    record.replace(/"eventID":"[^"]+"/, '"eventID":"c0ffee00-0000-4000-8000-000000000001"'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile: a file that exhausts a scan worker', () => {
  it('becomes an input error naming the file, and the other files are still judged', async () => {
    // The default --workers of a two-core machine (one per core): judged in this thread instead, the
    // big file would give findings and no error.
    const run = await runCli(['scan', '--format', 'json', '--config', EXAMPLE_TRUST, dir], {
      cores: 2,
      env: { ROLEWATCH_WORKER_HEAP_MB: '24' },
    });

    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.errors).toEqual([
      expect.objectContaining({
        location: { file: big },
        message: expect.stringContaining("exhausted a scan worker's memory (24 MB heap)"),
      }),
    ]);
    expect(json.summary.files).toBe(3);
    expect(json.summary.credentialEvents).toBe(2);
    expect(json.findings.map((f: { rule: string }) => f.rule)).toEqual(['assume-denied', 'assume-denied']);
  }, 120_000);
});
