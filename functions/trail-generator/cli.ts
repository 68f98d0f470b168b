/**
 * Writes a synthetic, deterministic CloudTrail trail (gzipped S3 log files) for the demo and the benchmark.
 *
 *   tsx functions/trail-generator/cli.ts --demo --out fixtures/demo/trail
 *   tsx functions/trail-generator/cli.ts --records 200000 --out bench-out/trail-200000 [--seed S] [--force]
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_RECORDS, DEMO_RECORDS, seedOf, type TrailOptions } from './generate-trail.ts';
import { writeTrail } from './write-trail.ts';

/** Marks a folder as written by this generator (no `.json` suffix, so scanners ignore it). */
export const MARKER_FILE = '.rolewatch-trail';

const USAGE = `usage: trail-generator --out DIR [--records N] [--seed S] [--demo] [--records-per-file N] [--force]
  --out DIR             where to write AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz (required)
  --records N           total records (default ${DEFAULT_RECORDS}; ${DEMO_RECORDS} with --demo)
  --seed S              PRNG seed; the same arguments give byte-identical files
  --demo                add the deliberate risky calls that the example trust file flags
  --records-per-file N  records per log file (default 300; 250 with --demo)
  --force               write into a non-empty folder (a trail this generator wrote there is replaced)`;

function fail(message: string): never {
  process.stderr.write(`trail-generator: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function positiveInt(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) fail(`${flag} must be a positive integer, got "${raw}"`);
  return n;
}

function main(): void {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (e) {
    fail((e as Error).message);
  }
  const { values } = parsed;
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const out = values.out ?? fail('--out is required');
  const demo = values.demo === true;
  const records = positiveInt(values.records, '--records') ?? (demo ? DEMO_RECORDS : DEFAULT_RECORDS);
  const recordsPerFile = positiveInt(values['records-per-file'], '--records-per-file');
  const seed =
    values.seed === undefined ? undefined : /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  const options: TrailOptions = {
    records,
    demo,
    seed: seedOf(seed),
    ...(recordsPerFile === undefined ? {} : { recordsPerFile }),
  };

  if (existsSync(out) && readdirSync(out).length > 0) {
    const ours = existsSync(join(out, MARKER_FILE));
    if (ours && (demo || values.force === true)) {
      // Only ever delete a folder this generator wrote: it carries the marker.
      rmSync(join(out, 'AWSLogs'), { recursive: true, force: true });
    } else if (values.force !== true) {
      fail(`${out} is not empty; pass --force to write into it anyway`);
    }
  }

  const started = process.hrtime.bigint();
  const stats = writeTrail(options, out);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  writeFileSync(
    join(out, MARKER_FILE),
    `${JSON.stringify({ generator: 'rolewatch trail-generator', options, stats })}\n`,
  );
  const mb = (n: number): string => (n / 1e6).toFixed(1);
  process.stderr.write(
    `wrote ${stats.records} records in ${stats.files} files to ${out} ` +
      `(${mb(stats.compressedBytes)} MB gzipped, ${mb(stats.uncompressedBytes)} MB JSON, ` +
      `${Math.round(stats.uncompressedBytes / Math.max(1, stats.records))} B/record) in ${seconds.toFixed(2)} s\n`,
  );
}

function parse() {
  return parseArgs({
    options: {
      out: { type: 'string' },
      records: { type: 'string' },
      seed: { type: 'string' },
      demo: { type: 'boolean' },
      'records-per-file': { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}

/** Reads the marker a previous run left, to let callers (the benchmark) reuse a trail. */
export function readMarker(dir: string): { options: TrailOptions } | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, MARKER_FILE), 'utf8')) as { options: TrailOptions };
  } catch {
    return undefined;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
