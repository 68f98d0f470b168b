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

const USAGE = `usage: trail-generator --out DIR [--records N] [--seed S] [--demo] [--records-per-file N]
                       [--sts-share F] [--force]
  --out DIR             where to write AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz (required)
  --records N           total records (default ${DEFAULT_RECORDS}; ${DEMO_RECORDS} with --demo)
  --seed S              PRNG seed; the same arguments give byte-identical files
  --demo                add the deliberate risky calls that the example trust file flags
  --records-per-file N  records per log file (default 300; 250 with --demo)
  --sts-share F         share of STS credential calls, 0-1 or a percentage (5%); the other records then
                        come from a wide mix of services, as in real trails (unset: the demo's mix, ~50%)
  --force               write into a non-empty folder (a trail this generator wrote there is replaced)`;

/** Where the generator writes its messages: the process's streams, or a test's buffers. */
export interface GeneratorIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

class UsageFailure extends Error {
  override readonly name = 'UsageFailure';
}

function fail(message: string): never {
  throw new UsageFailure(message);
}

function positiveInt(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) fail(`${flag} must be a positive integer, got "${raw}"`);
  return n;
}

function shareOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const percent = raw.endsWith('%');
  const n = Number(percent ? raw.slice(0, -1) : raw) / (percent ? 100 : 1);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    fail(`--sts-share takes a share between 0 and 1 or a percentage, got "${raw}"`);
  }
  return n;
}

/** Runs the generator with `argv` (without the program name); returns the exit code (2: usage error). */
export function runTrailGenerator(argv: readonly string[], io: GeneratorIo): number {
  try {
    generate(argv, io);
    return 0;
  } catch (e) {
    if (!(e instanceof UsageFailure)) throw e;
    io.stderr(`trail-generator: ${e.message}\n${USAGE}\n`);
    return 2;
  }
}

function generate(argv: readonly string[], io: GeneratorIo): void {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    fail((e as Error).message);
  }
  const { values } = parsed;
  if (values.help === true) {
    io.stdout(`${USAGE}\n`);
    return;
  }
  const out = values.out ?? fail('--out is required');
  const demo = values.demo === true;
  const records = positiveInt(values.records, '--records') ?? (demo ? DEMO_RECORDS : DEFAULT_RECORDS);
  const recordsPerFile = positiveInt(values['records-per-file'], '--records-per-file');
  const stsShare = shareOf(values['sts-share']);
  const seed =
    values.seed === undefined ? undefined : /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  const options: TrailOptions = {
    records,
    demo,
    seed: seedOf(seed),
    ...(recordsPerFile === undefined ? {} : { recordsPerFile }),
    ...(stsShare === undefined ? {} : { stsShare }),
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
  io.stderr(
    `wrote ${stats.records} records in ${stats.files} files to ${out} ` +
      `(${mb(stats.compressedBytes)} MB gzipped, ${mb(stats.uncompressedBytes)} MB JSON, ` +
      `${Math.round(stats.uncompressedBytes / Math.max(1, stats.records))} B/record) in ${seconds.toFixed(2)} s\n`,
  );
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      out: { type: 'string' },
      records: { type: 'string' },
      seed: { type: 'string' },
      demo: { type: 'boolean' },
      'records-per-file': { type: 'string' },
      'sts-share': { type: 'string' },
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

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = runTrailGenerator(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
