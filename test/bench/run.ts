/**
 * rolewatch benchmark: measures, side by side in one run, the floor (gunzip + JSON.parse + count),
 * jq, and `rolewatch scan` with one worker and with one worker per core, on a generated trail.
 * Also: Lambda bundle sizes and cold import times, warm judging of a 1 MB CloudWatch Logs payload,
 * and (with --memory-check) peak RSS of the one-worker scan at 50,000 and 400,000 records.
 *
 *   npm run bench -- [--records N] [--rounds R] [--memory-check] [--workers N] [--no-jq]
 *
 * Prints a Markdown report and writes test/bench/last-run.json. Not a vitest test.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { CREDENTIAL_EVENT_NAMES } from '../../functions/core/model/credential-event.ts';
import { DEFAULT_SEED, generateTrail } from '../../functions/trail-generator/generate-trail.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BENCH_OUT = join(ROOT, 'bench-out');
const GENERATOR = join(ROOT, 'functions/trail-generator/cli.ts');
const FLOOR = join(ROOT, 'test/bench/floor.mjs');
const FLOOR_THREADS = join(ROOT, 'test/bench/floor-threads.mjs');
const WARM_STREAM = join(ROOT, 'test/bench/warm-stream.mjs');
const ROLEWATCH = join(ROOT, 'bin/rolewatch.mjs');
const CLI_BUNDLE = join(ROOT, 'dist/cli/index.mjs');
const CONFIG = join(ROOT, 'fixtures/trust/example-org.yaml');
const GNU_TIME = '/usr/bin/time';
const CREDENTIAL_EVENTS = CREDENTIAL_EVENT_NAMES;
const TARGET_RSS_MB = 256;

// ---------------------------------------------------------------------------------------------
// Arguments

const { values: flags } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '3' },
    workers: { type: 'string' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    'memory-check': { type: 'boolean', default: false },
    'no-jq': { type: 'boolean', default: false },
    json: { type: 'string', default: join(ROOT, 'test/bench/last-run.json') },
  },
  strict: true,
});
const RECORDS = positiveInt(flags.records, '--records');
const ROUNDS = positiveInt(flags.rounds, '--rounds');
const CORES = os.availableParallelism();
const WORKERS = flags.workers === undefined ? CORES : positiveInt(flags.workers, '--workers');
const SEED = positiveInt(flags.seed, '--seed');

function positiveInt(raw: string, flag: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    process.stderr.write(`bench: ${flag} must be a positive integer, got "${raw}"\n`);
    process.exit(2);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Measuring one process

interface Measurement {
  readonly wallMs: number;
  /** Peak resident set size of the process (tree), from GNU time; undefined when it is absent. */
  readonly maxRssMb?: number;
  readonly status: number | null;
  readonly stderr: string;
}

const hasGnuTime = existsSync(GNU_TIME);
const tmpDir = join(BENCH_OUT, 'tmp');

/** Runs `cmd`, stdout to `stdoutFile` (or discarded), and reports wall time and peak RSS. */
function measure(cmd: readonly string[], stdoutFile?: string, env?: NodeJS.ProcessEnv): Measurement {
  mkdirSync(tmpDir, { recursive: true });
  const timeFile = join(tmpDir, 'time.txt');
  rmSync(timeFile, { force: true });
  const argv = hasGnuTime ? [GNU_TIME, '-f', '%M', '-o', timeFile, ...cmd] : [...cmd];
  const out = stdoutFile === undefined ? 'ignore' : openSync(stdoutFile, 'w');
  const started = process.hrtime.bigint();
  const r = spawnSync(argv[0] as string, argv.slice(1), {
    cwd: ROOT,
    stdio: ['ignore', out, 'pipe'],
    env: env ?? process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (typeof out === 'number') closeSync(out);
  let maxRssMb: number | undefined;
  if (hasGnuTime && existsSync(timeFile)) {
    const kb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
    if (Number.isFinite(kb)) maxRssMb = kb / 1024;
  }
  return {
    wallMs,
    ...(maxRssMb === undefined ? {} : { maxRssMb }),
    status: r.status,
    stderr: r.stderr?.toString('utf8') ?? String(r.error ?? ''),
  };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

// ---------------------------------------------------------------------------------------------
// The trail

interface Trail {
  readonly dir: string;
  readonly records: number;
  readonly files: number;
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
  readonly reused: boolean;
}

/** Generates the trail with the generator CLI, or reuses one generated earlier with the same arguments. */
function ensureTrail(records: number): Trail {
  const dir = join(BENCH_OUT, `trail-${records}-seed${SEED}`);
  const markerPath = join(dir, '.rolewatch-trail');
  const readMarker = () => {
    try {
      return JSON.parse(readFileSync(markerPath, 'utf8')) as {
        options: { records: number; seed: number; demo: boolean };
        stats: { files: number; records: number; compressedBytes: number; uncompressedBytes: number };
      };
    } catch {
      return undefined;
    }
  };
  let marker = readMarker();
  const reused = marker?.options.records === records && marker.options.seed === SEED && !marker.options.demo;
  if (!reused) {
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`bench: generating ${records.toLocaleString('en-US')} records into ${dir}\n`);
    const gen = spawnSync(
      process.execPath,
      ['--import', 'tsx', GENERATOR, '--records', String(records), '--seed', String(SEED), '--out', dir],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (gen.status !== 0) throw new Error(`trail generation failed (exit ${gen.status})`);
    marker = readMarker();
  }
  if (marker === undefined) throw new Error(`no generator marker in ${dir}`);
  return { dir, ...marker.stats, reused };
}

// ---------------------------------------------------------------------------------------------
// Contenders

interface Contender {
  readonly id: string;
  readonly label: string;
  readonly cmd?: readonly string[];
  readonly skipReason?: string;
}

interface ContenderResult {
  readonly id: string;
  readonly label: string;
  readonly skipped?: string;
  readonly wallMs?: readonly number[];
  readonly medianWallMs?: number;
  readonly maxRssMb?: number;
  readonly recordsPerSecond?: number;
  readonly compressedMBps?: number;
  readonly uncompressedMBps?: number;
  readonly ratioToFloor?: number;
  /** What the contender counted, to check that all read the same trail. */
  readonly counted?: { records?: number; credentialEvents?: number };
  readonly notes: string[];
}

const scanCmd = (dir: string, workers: number): string[] => [
  process.execPath,
  ROLEWATCH,
  'scan',
  '--format',
  'json',
  '--config',
  CONFIG,
  '--workers',
  String(workers),
  dir,
];

function jqCmd(dir: string): string[] {
  const names = CREDENTIAL_EVENTS.map((n) => `"${n}"`).join(', ');
  const filter =
    `reduce inputs as $f (0; . + ([$f.Records[] | select(.eventSource == "sts.amazonaws.com" ` +
    `and (.eventName | IN(${names})))] | length))`;
  return [
    'sh',
    '-c',
    `find "$1" -name '*.json.gz' -print0 | xargs -0 zcat | jq -n '${filter}'`,
    'jq-bench',
    dir,
  ];
}

/** Checks that the scanner runs at all (built, accepts --workers) on a tiny trail before timing it. */
function rolewatchPreflight(): string | undefined {
  if (!existsSync(CLI_BUNDLE))
    return 'the CLI is not built (dist/cli/index.mjs missing; run `npm run build`)';
  const dir = join(BENCH_OUT, 'preflight');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const records = [...generateTrail({ records: 200, seed: SEED })].flatMap((f) => f.records);
  writeFileSync(join(dir, 'preflight.json.gz'), gzipSync(JSON.stringify({ Records: records })));
  const out = join(tmpDir, 'preflight.out.json');
  const m = measure(scanCmd(dir, 1), out);
  if (m.status !== 0 && m.status !== 1) {
    return `\`rolewatch scan --workers 1\` failed (exit ${m.status}): ${m.stderr.trim().split('\n')[0] ?? ''}`;
  }
  try {
    const summary = (JSON.parse(readFileSync(out, 'utf8')) as { summary?: { records?: number } }).summary;
    if (summary?.records !== 200) return `preflight scan reported ${summary?.records} records, expected 200`;
  } catch (e) {
    return `preflight scan printed no JSON: ${(e as Error).message}`;
  }
  return undefined;
}

function jqAvailable(): string | undefined {
  if (flags['no-jq']) return 'skipped with --no-jq';
  const r = spawnSync('sh', ['-c', 'command -v jq && command -v zcat'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : 'jq or zcat is not installed (apt-get install jq)';
}

function readCount(id: string, stdoutFile: string): ContenderResult['counted'] {
  try {
    const text = readFileSync(stdoutFile, 'utf8').trim();
    if (id === 'jq') return { credentialEvents: Number(text) };
    const body = JSON.parse(text) as {
      records?: number;
      credentialEvents?: number;
      summary?: Record<string, number>;
    };
    const s = body.summary ?? body;
    return {
      ...(s.records === undefined ? {} : { records: s.records }),
      ...(s.credentialEvents === undefined ? {} : { credentialEvents: s.credentialEvents }),
    };
  } catch {
    return undefined;
  }
}

function runContenders(trail: Trail, contenders: readonly Contender[]): ContenderResult[] {
  const runnable = contenders.filter((c) => c.cmd !== undefined);
  const walls = new Map<string, number[]>();
  const rss = new Map<string, number[]>();
  const notes = new Map<string, string[]>();
  const counted = new Map<string, ContenderResult['counted']>();
  for (let round = 0; round < ROUNDS; round++) {
    // Interleave, rotating who goes first, so that drift (thermal, cache) spreads over everyone.
    for (let i = 0; i < runnable.length; i++) {
      const c = runnable[(i + round) % runnable.length] as Contender;
      const stdoutFile = join(tmpDir, `${c.id}.out`);
      process.stderr.write(`bench: round ${round + 1}/${ROUNDS} ${c.label} … `);
      const m = measure(c.cmd as string[], stdoutFile);
      process.stderr.write(`${(m.wallMs / 1000).toFixed(2)} s\n`);
      if (m.status !== 0 && !(c.id.startsWith('rolewatch') && m.status === 1)) {
        const list = notes.get(c.id) ?? [];
        list.push(`round ${round + 1} exited ${m.status}: ${m.stderr.trim().split('\n')[0] ?? ''}`);
        notes.set(c.id, list);
      }
      walls.set(c.id, [...(walls.get(c.id) ?? []), m.wallMs]);
      if (m.maxRssMb !== undefined) rss.set(c.id, [...(rss.get(c.id) ?? []), m.maxRssMb]);
      if (round === 0) counted.set(c.id, readCount(c.id, stdoutFile));
    }
  }
  const floorMs = walls.has('floor') ? median(walls.get('floor') ?? []) : undefined;
  const floorCount = counted.get('floor');
  return contenders.map((c): ContenderResult => {
    const w = walls.get(c.id);
    if (c.cmd === undefined || w === undefined) {
      return { id: c.id, label: c.label, skipped: c.skipReason ?? 'not run', notes: [] };
    }
    const med = median(w);
    const seconds = med / 1000;
    const n = notes.get(c.id) ?? [];
    const count = counted.get(c.id);
    if (
      floorCount?.credentialEvents !== undefined &&
      count?.credentialEvents !== undefined &&
      count.credentialEvents !== floorCount.credentialEvents
    ) {
      n.push(`counted ${count.credentialEvents} credential events, the floor ${floorCount.credentialEvents}`);
    }
    if (count?.records !== undefined && count.records !== trail.records) {
      n.push(`counted ${count.records} records, the trail has ${trail.records}`);
    }
    const peaks = rss.get(c.id);
    return {
      id: c.id,
      label: c.label,
      wallMs: w,
      medianWallMs: med,
      ...(peaks === undefined ? {} : { maxRssMb: Math.max(...peaks) }),
      recordsPerSecond: trail.records / seconds,
      compressedMBps: trail.compressedBytes / 1e6 / seconds,
      uncompressedMBps: trail.uncompressedBytes / 1e6 / seconds,
      ...(floorMs === undefined ? {} : { ratioToFloor: med / floorMs }),
      ...(count === undefined ? {} : { counted: count }),
      notes: n,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Lambda bundles: size, cold import, warm judging

const LAMBDA_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  ROLEWATCH_CONFIG: CONFIG,
  ROLEWATCH_ALERT_SINKS: 'log',
  ROLEWATCH_STATE: 'memory',
  AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
  POWERTOOLS_METRICS_NAMESPACE: 'rolewatch',
};
const IMPORT_RUNS = 7;

interface BundleResult {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly coldImportMs?: number;
  readonly coldImportMinusBaselineMs?: number;
  readonly error?: string;
}

function measureBundles(): { baselineMs: number; bundles: BundleResult[] } {
  const dist = join(ROOT, 'dist');
  const names = existsSync(dist)
    ? readdirSync(dist).filter((d) => d !== 'cli' && existsSync(join(dist, d, 'index.mjs')))
    : [];
  const wall = (args: string[]): { ms: number; status: number | null; stderr: string } => {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, {
      cwd: ROOT,
      env: LAMBDA_ENV,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return {
      ms: Number(process.hrtime.bigint() - started) / 1e6,
      status: r.status,
      stderr: r.stderr.toString(),
    };
  };
  const baselineMs = median(Array.from({ length: IMPORT_RUNS }, () => wall(['-e', '0']).ms));
  const bundles = names.sort().map((name): BundleResult => {
    const file = join(dist, name, 'index.mjs');
    const bytes = statSync(file).size;
    const gzipBytes = gzipSync(readFileSync(file)).length;
    const code = `const m = await import(${JSON.stringify(`file://${file}`)}); if (typeof m.handler !== 'function') process.exit(3);`;
    const runs = Array.from({ length: IMPORT_RUNS }, () => wall(['--input-type=module', '-e', code]));
    const failed = runs.find((r) => r.status !== 0);
    if (failed !== undefined) {
      const why = failed.status === 3 ? 'no `handler` export' : failed.stderr.trim().split('\n')[0];
      return { name, bytes, gzipBytes, error: `import failed: ${why}` };
    }
    const ms = median(runs.map((r) => r.ms));
    return { name, bytes, gzipBytes, coldImportMs: ms, coldImportMinusBaselineMs: ms - baselineMs };
  });
  return { baselineMs, bundles };
}

interface WarmStreamResult {
  readonly skipped?: string;
  readonly payloadDecodedBytes?: number;
  readonly payloadEncodedBytes?: number;
  readonly logEvents?: number;
  readonly firstCallMs?: number;
  readonly warmMedianMs?: number;
  readonly warmRecordsPerSecond?: number;
  /** The handler's return value, shortened. */
  readonly returned?: string;
}

/** A CloudWatch Logs subscription event whose decoded body is about `targetBytes` of CloudTrail records. */
function buildStreamPayload(targetBytes: number): {
  event: unknown;
  decodedBytes: number;
  logEvents: number;
} {
  const logEvents: { id: string; timestamp: number; message: string }[] = [];
  let size = 0;
  outer: for (const file of generateTrail({ records: 5000, seed: SEED + 1, recordsPerFile: 500 })) {
    for (const record of file.records) {
      const message = JSON.stringify(record);
      const timestamp = Date.parse(record.eventTime as string);
      const id = `${String(timestamp).padStart(20, '0')}${String(logEvents.length).padStart(36, '0')}`.slice(
        0,
        56,
      );
      logEvents.push({ id, timestamp, message });
      size += message.length + 100;
      if (size >= targetBytes) break outer;
    }
  }
  const body = {
    messageType: 'DATA_MESSAGE',
    owner: '444455556666',
    logGroup: 'aws-cloudtrail-logs-acme-org',
    logStream: '444455556666_CloudTrail_us-east-1',
    subscriptionFilters: ['rolewatch-stream'],
    logEvents,
  };
  const decoded = JSON.stringify(body);
  return {
    event: { awslogs: { data: gzipSync(decoded).toString('base64') } },
    decodedBytes: Buffer.byteLength(decoded),
    logEvents: logEvents.length,
  };
}

function measureWarmStream(): WarmStreamResult {
  const bundle = join(ROOT, 'dist/stream/index.mjs');
  if (!existsSync(bundle)) return { skipped: 'dist/stream/index.mjs not built (run `npm run build`)' };
  const { event, decodedBytes, logEvents } = buildStreamPayload(1_000_000);
  mkdirSync(tmpDir, { recursive: true });
  const payloadFile = join(tmpDir, 'stream-payload.json');
  const resultFile = join(tmpDir, 'stream-result.json');
  writeFileSync(payloadFile, JSON.stringify(event));
  rmSync(resultFile, { force: true });
  const r = spawnSync(process.execPath, [WARM_STREAM, bundle, payloadFile, '20', resultFile], {
    cwd: ROOT,
    env: LAMBDA_ENV,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0 || !existsSync(resultFile)) {
    return {
      skipped: `handler run failed (exit ${r.status}): ${r.stderr.toString().trim().split('\n')[0] ?? ''}`,
    };
  }
  const { firstMs, warmMs, returned } = JSON.parse(readFileSync(resultFile, 'utf8')) as {
    firstMs: number;
    warmMs: number[];
    returned: string;
  };
  const warmMedianMs = median(warmMs);
  return {
    payloadDecodedBytes: decodedBytes,
    payloadEncodedBytes: Buffer.byteLength(JSON.stringify(event)),
    logEvents,
    firstCallMs: firstMs,
    warmMedianMs,
    warmRecordsPerSecond: logEvents / (warmMedianMs / 1000),
    returned,
  };
}

// ---------------------------------------------------------------------------------------------
// Streaming check

interface MemoryPoint {
  readonly records: number;
  readonly compressedMB: number;
  readonly wallMs?: number;
  readonly maxRssMb?: number;
  readonly error?: string;
}

function memoryCheck(rolewatchSkip: string | undefined): MemoryPoint[] | { skipped: string } {
  if (rolewatchSkip !== undefined) return { skipped: rolewatchSkip };
  if (!hasGnuTime) return { skipped: `${GNU_TIME} is not installed: peak RSS cannot be read` };
  return [50_000, 400_000].map((records): MemoryPoint => {
    const trail = ensureTrail(records);
    process.stderr.write(`bench: memory check, one worker, ${records.toLocaleString('en-US')} records … `);
    const m = measure(scanCmd(trail.dir, 1));
    process.stderr.write(`${m.maxRssMb?.toFixed(0) ?? '?'} MB\n`);
    const base = { records, compressedMB: trail.compressedBytes / 1e6 };
    if (m.status !== 0 && m.status !== 1)
      return { ...base, error: `exit ${m.status}: ${m.stderr.split('\n')[0]}` };
    return { ...base, wallMs: m.wallMs, ...(m.maxRssMb === undefined ? {} : { maxRssMb: m.maxRssMb }) };
  });
}

// ---------------------------------------------------------------------------------------------
// Targets and report

type Verdict = 'PASS' | 'FAIL' | 'SKIP';
interface Target {
  readonly target: string;
  readonly verdict: Verdict;
  readonly actual: string;
}

function judgeTargets(
  results: readonly ContenderResult[],
  memory: MemoryPoint[] | { skipped: string },
): Target[] {
  const get = (id: string) => results.find((r) => r.id === id && r.medianWallMs !== undefined);
  const floor = get('floor');
  const one = get('rolewatch-1');
  const all = get('rolewatch-n');
  const jq = get('jq');
  const targets: Target[] = [];
  const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

  if (floor && one) {
    const r = (one.medianWallMs as number) / (floor.medianWallMs as number);
    targets.push({
      target: 'one worker ≤ 1.10× floor wall time',
      verdict: r <= 1.1 ? 'PASS' : 'FAIL',
      actual: `${r.toFixed(2)}×`,
    });
  } else
    targets.push({ target: 'one worker ≤ 1.10× floor wall time', verdict: 'SKIP', actual: 'not measured' });

  if (one && all && CORES >= 2 && WORKERS >= 2) {
    const speedup = (one.medianWallMs as number) / (all.medianWallMs as number);
    const floorN = get('floor-n');
    const ceiling =
      floor && floorN
        ? ` (the floor itself: ${((floor.medianWallMs as number) / (floorN.medianWallMs as number)).toFixed(2)}× ` +
          `on ${WORKERS} threads)`
        : '';
    targets.push({
      target: `all cores (${WORKERS} workers) ≥ 1.7× faster than one worker`,
      verdict: speedup >= 1.7 ? 'PASS' : 'FAIL',
      actual: `${speedup.toFixed(2)}× faster${ceiling}`,
    });
  } else {
    targets.push({
      target: 'all cores ≥ 1.7× faster than one worker',
      verdict: 'SKIP',
      actual: CORES < 2 ? 'one core only' : 'not measured',
    });
  }

  const peaks = [
    one?.maxRssMb,
    all?.maxRssMb,
    ...(Array.isArray(memory) ? memory.map((m) => m.maxRssMb) : []),
  ].filter((x): x is number => x !== undefined);
  targets.push(
    peaks.length === 0
      ? { target: `peak RSS < ${TARGET_RSS_MB} MB`, verdict: 'SKIP', actual: 'not measured' }
      : {
          target: `peak RSS < ${TARGET_RSS_MB} MB`,
          verdict: Math.max(...peaks) < TARGET_RSS_MB ? 'PASS' : 'FAIL',
          actual: `max ${Math.max(...peaks).toFixed(0)} MB`,
        },
  );

  if (jq && one) {
    const speedup = (jq.medianWallMs as number) / (one.medianWallMs as number);
    targets.push({
      target: '≥ 3× faster than jq (one worker)',
      verdict: speedup >= 3 ? 'PASS' : 'FAIL',
      actual: `${ratio(jq.medianWallMs as number, one.medianWallMs as number)} faster`,
    });
  } else
    targets.push({ target: '≥ 3× faster than jq (one worker)', verdict: 'SKIP', actual: 'not measured' });
  if (jq && all && WORKERS >= 2) {
    const speedup = (jq.medianWallMs as number) / (all.medianWallMs as number);
    targets.push({
      target: `≥ 3× faster than jq (${WORKERS} workers, the default)`,
      verdict: speedup >= 3 ? 'PASS' : 'FAIL',
      actual: `${ratio(jq.medianWallMs as number, all.medianWallMs as number)} faster`,
    });
  }
  return targets;
}

const fmt = (n: number | undefined, digits = 1): string =>
  n === undefined
    ? '—'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
/** Table cells: a `|` in a label (e.g. `zcat | jq`) would split the cell. */
const cell = (s: string): string => s.replaceAll('|', '\\|');
const fmtInt = (n: number | undefined): string =>
  n === undefined ? '—' : Math.round(n).toLocaleString('en-US');

function main(): void {
  const started = new Date();
  mkdirSync(BENCH_OUT, { recursive: true });
  const trail = ensureTrail(RECORDS);

  const rolewatchSkip = rolewatchPreflight();
  const jqSkip = jqAvailable();
  const contenders: Contender[] = [
    { id: 'floor', label: 'floor (gunzip + JSON.parse + count)', cmd: [process.execPath, FLOOR, trail.dir] },
    {
      id: 'floor-n',
      label: `floor on ${WORKERS} threads`,
      cmd: [process.execPath, FLOOR_THREADS, String(WORKERS), trail.dir],
    },
    jqSkip === undefined
      ? { id: 'jq', label: 'zcat | jq (count STS credential events)', cmd: jqCmd(trail.dir) }
      : { id: 'jq', label: 'zcat | jq', skipReason: jqSkip },
    rolewatchSkip === undefined
      ? { id: 'rolewatch-1', label: 'rolewatch scan --workers 1', cmd: scanCmd(trail.dir, 1) }
      : { id: 'rolewatch-1', label: 'rolewatch scan --workers 1', skipReason: rolewatchSkip },
    rolewatchSkip === undefined
      ? { id: 'rolewatch-n', label: `rolewatch scan --workers ${WORKERS}`, cmd: scanCmd(trail.dir, WORKERS) }
      : { id: 'rolewatch-n', label: `rolewatch scan --workers ${WORKERS}`, skipReason: rolewatchSkip },
  ];
  const results = runContenders(trail, contenders);
  const { baselineMs, bundles } = measureBundles();
  const warm = measureWarmStream();
  const memory = flags['memory-check'] ? memoryCheck(rolewatchSkip) : { skipped: 'run with --memory-check' };
  const targets = judgeTargets(results, memory);

  const machine = {
    cores: CORES,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemoryGB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    gnuTime: hasGnuTime,
  };
  const lines: string[] = [];
  const p = (s = ''): void => {
    lines.push(s);
  };
  p(`# rolewatch benchmark`);
  p();
  p(
    `${started.toISOString()} · ${machine.cpuModel}, ${CORES} cores, ${machine.totalMemoryGB} GB · node ${machine.node}` +
      ` · median of ${ROUNDS} interleaved rounds`,
  );
  p();
  p(
    `Trail: ${fmtInt(trail.records)} records in ${fmtInt(trail.files)} files, ` +
      `${fmt(trail.compressedBytes / 1e6)} MB gzipped, ${fmt(trail.uncompressedBytes / 1e6)} MB JSON ` +
      `(seed ${SEED}${trail.reused ? ', reused' : ''})`,
  );
  p();
  p('| contender | wall s | records/s | MB/s gz | MB/s JSON | peak RSS MB | × floor |');
  p('|---|--:|--:|--:|--:|--:|--:|');
  for (const r of results) {
    if (r.skipped !== undefined) {
      p(`| ${cell(r.label)} | skipped: ${cell(r.skipped)} | | | | | |`);
      continue;
    }
    p(
      `| ${cell(r.label)} | ${fmt((r.medianWallMs ?? 0) / 1000, 2)} | ${fmtInt(r.recordsPerSecond)} | ` +
        `${fmt(r.compressedMBps)} | ${fmt(r.uncompressedMBps)} | ${fmtInt(r.maxRssMb)} | ${fmt(r.ratioToFloor, 2)} |`,
    );
  }
  for (const r of results) for (const n of r.notes) p(`- note (${cell(r.label)}): ${n}`);
  p();
  p('## Lambda bundles');
  p();
  if (bundles.length === 0) p('No bundles in dist/ (run `npm run build`).');
  else {
    p(
      `Cold import: median of ${IMPORT_RUNS} fresh \`node\` processes; bare \`node -e 0\` takes ${fmt(baselineMs)} ms.`,
    );
    p();
    p('| bundle | size KB | gzip KB | import ms | import − node ms |');
    p('|---|--:|--:|--:|--:|');
    for (const b of bundles) {
      if (b.error !== undefined)
        p(`| ${b.name} | ${fmt(b.bytes / 1024)} | ${fmt(b.gzipBytes / 1024)} | ${b.error} | |`);
      else {
        p(
          `| ${b.name} | ${fmt(b.bytes / 1024)} | ${fmt(b.gzipBytes / 1024)} | ${fmt(b.coldImportMs)} | ` +
            `${fmt(b.coldImportMinusBaselineMs)} |`,
        );
      }
    }
  }
  p();
  p('## Warm judging of a CloudWatch Logs payload (stream bundle)');
  p();
  if (warm.skipped !== undefined) p(`Skipped: ${warm.skipped}`);
  else {
    p(
      `${fmtInt(warm.logEvents)} log events, ${fmt((warm.payloadDecodedBytes ?? 0) / 1e6, 2)} MB decoded ` +
        `(${fmt((warm.payloadEncodedBytes ?? 0) / 1e3)} KB as delivered): first call ${fmt(warm.firstCallMs)} ms, ` +
        `warm median of 20 ${fmt(warm.warmMedianMs)} ms (${fmtInt(warm.warmRecordsPerSecond)} records/s).`,
    );
    p(`Handler returned: \`${warm.returned ?? ''}\``);
  }
  p();
  p('## Streaming check (one worker)');
  p();
  if (!Array.isArray(memory)) p(`Skipped: ${memory.skipped}`);
  else {
    p('| records | gzipped MB | wall s | peak RSS MB |');
    p('|--:|--:|--:|--:|');
    for (const m of memory) {
      p(
        m.error === undefined
          ? `| ${fmtInt(m.records)} | ${fmt(m.compressedMB)} | ${fmt((m.wallMs ?? 0) / 1000, 2)} | ${fmtInt(m.maxRssMb)} |`
          : `| ${fmtInt(m.records)} | ${fmt(m.compressedMB)} | ${m.error} | |`,
      );
    }
  }
  p();
  p('## Targets');
  p();
  p('| target | result | actual |');
  p('|---|---|---|');
  for (const t of targets) p(`| ${t.target} | ${t.verdict} | ${t.actual} |`);
  process.stdout.write(`${lines.join('\n')}\n`);

  const report = {
    date: started.toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
    trail: { ...trail, dir: trail.dir.replace(`${ROOT}/`, ''), seed: SEED },
    rounds: ROUNDS,
    workers: WORKERS,
    contenders: results,
    bundles: { nodeBaselineMs: baselineMs, bundles },
    warmStream: warm,
    memoryCheck: memory,
    targets,
  };
  writeFileSync(flags.json, `${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(`bench: wrote ${flags.json}\n`);
}

main();
