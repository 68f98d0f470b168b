/**
 * rolewatch benchmark (issue 10): on trails at 5 %, 25 % and 50 % STS credential calls and on an all-STS
 * trail where nearly every record gives findings, times side by side in one run — interleaved rounds,
 * medians — the floor (gunzip + JSON.parse of every file), gunzip alone, and `rolewatch scan --workers 1`;
 * worker scaling against the floor's own 2-thread speed-up; the Lambda bundles (cold import, the stream
 * handler warm against its own floor) and the s3-batch handler's peak memory per object size. Prints a
 * Markdown report with PASS/FAIL per target, a CPU profile for each failed scan target, and writes
 * test/bench/last-run.json. Not a vitest test.
 *
 *   npm run bench -- [--records N] [--rounds R] [--object-sizes 25,50,100] [--no-lambda] [--no-s3]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { DEFAULT_SEED, generateTrail } from '../../functions/trail-generator/generate-trail.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BENCH_OUT = join(ROOT, 'bench-out');
const TMP = join(BENCH_OUT, 'tmp');
const HERE = join(ROOT, 'test/bench');
const GENERATOR = join(ROOT, 'functions/trail-generator/cli.ts');
const ROLEWATCH = join(ROOT, 'bin/rolewatch.mjs');
const CLI_BUNDLE = join(ROOT, 'dist/cli/index.mjs');
const CONFIG = join(ROOT, 'fixtures/trust/example-org.yaml');
const FRESH_CONFIG = join(HERE, 'fresh-trust.yaml');
const GNU_TIME = '/usr/bin/time';
const TSX = ['--import', 'tsx'];

const { values: flags } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '5' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    'object-sizes': { type: 'string', default: '25,50,100' },
    'no-lambda': { type: 'boolean', default: false },
    'no-s3': { type: 'boolean', default: false },
    json: { type: 'string', default: join(HERE, 'last-run.json') },
  },
  strict: true,
});
const RECORDS = positiveInt(flags.records, '--records');
const ROUNDS = positiveInt(flags.rounds, '--rounds');
const SEED = positiveInt(flags.seed, '--seed');
const OBJECT_SIZES_MB = flags['object-sizes'].split(',').map((s) => positiveInt(s.trim(), '--object-sizes'));

function positiveInt(raw: string, flag: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    process.stderr.write(`bench: ${flag} takes positive whole numbers, not "${raw}"\n`);
    process.exit(2);
  }
  return n;
}

const log = (s: string): void => {
  process.stderr.write(s);
};
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const fmt = (n: number | undefined, digits = 2): string =>
  n === undefined || !Number.isFinite(n)
    ? '—'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const cell = (s: string): string => s.replaceAll('|', '\\|');

// ---------------------------------------------------------------------------------------------
// Measuring one process: wall time here, CPU time and peak RSS from GNU time.

interface Measurement {
  readonly wallMs: number;
  readonly cpuMs?: number;
  readonly maxRssMb?: number;
  readonly status: number | null;
  readonly stderr: string;
}

const hasGnuTime = existsSync(GNU_TIME);

function measure(cmd: readonly string[], stdoutFile?: string): Measurement {
  mkdirSync(TMP, { recursive: true });
  const timeFile = join(TMP, 'time.txt');
  rmSync(timeFile, { force: true });
  const argv = hasGnuTime ? [GNU_TIME, '-f', '%U %S %M', '-o', timeFile, ...cmd] : [...cmd];
  const started = process.hrtime.bigint();
  const r = spawnSync(argv[0] as string, argv.slice(1), {
    cwd: ROOT,
    stdio: ['ignore', stdoutFile === undefined ? 'ignore' : 'pipe', 'pipe'],
    maxBuffer: 2 ** 31 - 1,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (stdoutFile !== undefined && r.stdout !== null) writeFileSync(stdoutFile, r.stdout);
  let cpuMs: number | undefined;
  let maxRssMb: number | undefined;
  if (hasGnuTime && existsSync(timeFile)) {
    const [user, sys, kb] = (readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '')
      .split(' ')
      .map(Number);
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuMs = ((user as number) + (sys as number)) * 1000;
    if (Number.isFinite(kb)) maxRssMb = (kb as number) / 1024;
  }
  return {
    wallMs,
    ...(cpuMs === undefined ? {} : { cpuMs }),
    ...(maxRssMb === undefined ? {} : { maxRssMb }),
    status: r.status,
    stderr: r.stderr?.toString('utf8') ?? String(r.error ?? ''),
  };
}

// ---------------------------------------------------------------------------------------------
// Trails

interface Mix {
  readonly id: string;
  readonly label: string;
  readonly share: number;
  readonly config: string;
}

const MIXES: readonly Mix[] = [
  { id: 'sts5', label: '5 % credential calls', share: 0.05, config: CONFIG },
  { id: 'sts25', label: '25 %', share: 0.25, config: CONFIG },
  { id: 'sts50', label: '50 %', share: 0.5, config: CONFIG },
  { id: 'all', label: 'all-STS, fresh trust file', share: 1, config: FRESH_CONFIG },
];

interface Trail {
  readonly dir: string;
  readonly files: number;
  readonly records: number;
  readonly compressedBytes: number;
  readonly uncompressedBytes: number;
}

function ensureTrail(mix: Mix): Trail {
  const dir = join(BENCH_OUT, `trail-${RECORDS}-sts${mix.share}-seed${SEED}`);
  const markerPath = join(dir, '.rolewatch-trail');
  const read = (): { options: Record<string, unknown>; stats: Omit<Trail, 'dir'> } | undefined => {
    try {
      return JSON.parse(readFileSync(markerPath, 'utf8'));
    } catch {
      return undefined;
    }
  };
  let marker = read();
  const fresh =
    marker?.options.records === RECORDS &&
    marker.options.seed === SEED &&
    marker.options.stsShare === mix.share;
  if (!fresh) {
    rmSync(dir, { recursive: true, force: true });
    log(`bench: generating ${RECORDS.toLocaleString('en-US')} records at ${mix.share * 100} % into ${dir}\n`);
    const gen = spawnSync(
      process.execPath,
      [
        ...TSX,
        GENERATOR,
        '--records',
        String(RECORDS),
        '--seed',
        String(SEED),
        '--sts-share',
        String(mix.share),
        '--out',
        dir,
      ],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (gen.status !== 0) throw new Error(`trail generation failed (exit ${gen.status})`);
    marker = read();
  }
  if (marker === undefined) throw new Error(`no generator marker in ${dir}`);
  return { dir, ...marker.stats };
}

// ---------------------------------------------------------------------------------------------
// Contenders, interleaved

interface Run {
  readonly mix: Mix;
  readonly trail: Trail;
  readonly id: 'floor' | 'gunzip' | 'scan1' | 'scan1js' | 'floor2' | 'scan2' | 'startup' | 'node';
  readonly label: string;
  readonly cmd: readonly string[];
}

const scanCmd = (trail: Trail, mix: Mix, workers: number, extra: readonly string[] = []): string[] => [
  process.execPath,
  ROLEWATCH,
  'scan',
  ...extra,
  '--format',
  'json',
  '--no-progress',
  '--config',
  mix.config,
  '--workers',
  String(workers),
  trail.dir,
];

interface RunResult {
  readonly mix: string;
  readonly id: Run['id'];
  readonly label: string;
  readonly wallMs: number[];
  readonly cpuMs: number[];
  readonly rssMb: number[];
  readonly notes: string[];
  counted?:
    | { records?: number | undefined; credentialEvents?: number | undefined; findings?: number | undefined }
    | undefined;
}

function runAll(runs: readonly Run[]): Map<string, RunResult> {
  const results = new Map<string, RunResult>();
  const key = (r: Run): string => `${r.mix.id}/${r.id}`;
  for (const r of runs) {
    results.set(key(r), {
      mix: r.mix.id,
      id: r.id,
      label: r.label,
      wallMs: [],
      cpuMs: [],
      rssMb: [],
      notes: [],
    });
  }
  for (let round = 0; round < ROUNDS; round++) {
    // Interleaved, rotating who goes first, so that drift (load, thermal, cache) spreads over everyone.
    for (let i = 0; i < runs.length; i++) {
      const r = runs[(i + round) % runs.length] as Run;
      const out = join(TMP, `${r.mix.id}-${r.id}.out`);
      log(`bench: round ${round + 1}/${ROUNDS} ${r.mix.id} ${r.label} … `);
      const m = measure(r.cmd, out);
      log(`${(m.wallMs / 1000).toFixed(2)} s\n`);
      const res = results.get(key(r)) as RunResult;
      // rolewatch exits 1 when findings reach --fail-on (not given here) or input errors with --strict.
      if (m.status !== 0)
        res.notes.push(`round ${round + 1} exited ${m.status}: ${m.stderr.trim().split('\n')[0] ?? ''}`);
      res.wallMs.push(m.wallMs);
      if (m.cpuMs !== undefined) res.cpuMs.push(m.cpuMs);
      if (m.maxRssMb !== undefined) res.rssMb.push(m.maxRssMb);
      if (round === 0) res.counted = readCount(out);
    }
  }
  return results;
}

function readCount(file: string): RunResult['counted'] {
  try {
    const body = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
      summary?: Record<string, number>;
    };
    const s = (body.summary ?? body) as Record<string, number>;
    return { records: s.records, credentialEvents: s.credentialEvents, findings: s.findings };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Profiles of failed scan targets

function profileScan(trail: Trail, mix: Mix): string[] {
  const dir = join(TMP, `profile-${mix.id}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const [node, ...rest] = scanCmd(trail, mix, 1);
  spawnSync(node as string, ['--cpu-prof', '--cpu-prof-dir', dir, ...rest], { cwd: ROOT, stdio: 'ignore' });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) return ['(no profile written)'];
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string } }[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const name =
      frame === undefined
        ? '?'
        : `${frame.functionName || '(anonymous)'} (${frame.url.split('/').pop() || 'native'})`;
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(name, (self.get(name) ?? 0) + dt);
    total += dt;
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([name, us]) => `${((100 * us) / total).toFixed(1)} % ${name}`);
}

// ---------------------------------------------------------------------------------------------
// Lambda: bundles, cold import, warm stream handler, s3-batch memory

const LAMBDA_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  ROLEWATCH_CONFIG: CONFIG,
  ROLEWATCH_ALERT_SINKS: 'log',
  ROLEWATCH_STATE: 'memory',
  AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
  POWERTOOLS_METRICS_NAMESPACE: 'rolewatch',
};
const IMPORT_RUNS = 9;

interface BundleResult {
  readonly name: string;
  readonly bytes: number;
  readonly coldImportMs?: number;
  readonly overNodeMs?: number;
  readonly error?: string;
}

function measureBundles(): { nodeMs: number; bundles: BundleResult[] } {
  const dist = join(ROOT, 'dist');
  const names = readdirSync(dist).filter((d) => d !== 'cli' && existsSync(join(dist, d, 'index.mjs')));
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
  // Interleaved with bare node, so that both see the same load.
  const nodeRuns: number[] = [];
  const runs = new Map<string, number[]>();
  const errors = new Map<string, string>();
  for (let i = 0; i < IMPORT_RUNS; i++) {
    nodeRuns.push(wall(['-e', '0']).ms);
    for (const name of names) {
      const file = join(dist, name, 'index.mjs');
      const code = `const m = await import(${JSON.stringify(`file://${file}`)}); if (typeof m.handler !== 'function') process.exit(3);`;
      const r = wall(['--input-type=module', '-e', code]);
      if (r.status !== 0) errors.set(name, r.stderr.trim().split('\n')[0] ?? `exit ${r.status}`);
      runs.set(name, [...(runs.get(name) ?? []), r.ms]);
    }
  }
  const nodeMs = median(nodeRuns);
  const bundles = names.sort().map((name): BundleResult => {
    const bytes = statSync(join(dist, name, 'index.mjs')).size;
    const error = errors.get(name);
    if (error !== undefined) return { name, bytes, error };
    const ms = median(runs.get(name) ?? []);
    return { name, bytes, coldImportMs: ms, overNodeMs: ms - nodeMs };
  });
  return { nodeMs, bundles };
}

function streamPayload(targetBytes: number): { event: unknown; decodedBytes: number; logEvents: number } {
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

interface WarmStream {
  readonly skipped?: string;
  readonly logEvents?: number;
  readonly decodedBytes?: number;
  readonly firstCallMs?: number;
  readonly warmMs?: number;
  readonly floorMs?: number;
  readonly returned?: string;
}

/** Calls of the warm stream measurement: as many again before it, unmeasured (see warm-stream.mjs). */
const WARM_CALLS = 40;

function measureWarmStream(): WarmStream {
  const bundle = join(ROOT, 'dist/stream/index.mjs');
  if (!existsSync(bundle)) return { skipped: 'dist/stream/index.mjs not built' };
  const { event, decodedBytes, logEvents } = streamPayload(1_000_000);
  const payloadFile = join(TMP, 'stream-payload.json');
  const resultFile = join(TMP, 'stream-result.json');
  writeFileSync(payloadFile, JSON.stringify(event));
  rmSync(resultFile, { force: true });
  const r = spawnSync(
    process.execPath,
    [join(HERE, 'warm-stream.mjs'), bundle, payloadFile, String(WARM_CALLS), resultFile, String(WARM_CALLS)],
    {
      cwd: ROOT,
      env: LAMBDA_ENV,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  if (r.status !== 0 || !existsSync(resultFile)) {
    return {
      skipped: `handler run failed (exit ${r.status}): ${r.stderr.toString().trim().split('\n')[0] ?? ''}`,
    };
  }
  const out = JSON.parse(readFileSync(resultFile, 'utf8')) as {
    firstMs: number;
    warmMs: number[];
    floorMs: number[];
    returned: string;
  };
  return {
    logEvents,
    decodedBytes,
    firstCallMs: out.firstMs,
    warmMs: median(out.warmMs),
    floorMs: median(out.floorMs),
    returned: out.returned,
  };
}

interface ObjectMemory {
  readonly mb: number;
  readonly compressedMb?: number;
  readonly records?: number;
  readonly maxRssMb?: number;
  readonly ms?: number;
  readonly error?: string;
}

function measureS3Batch(): ObjectMemory[] {
  const bundle = join(ROOT, 'dist/s3-batch/index.mjs');
  return OBJECT_SIZES_MB.map((mb): ObjectMemory => {
    const file = join(BENCH_OUT, `s3-object-${mb}mb-sts0.05-seed${SEED}.json.gz`);
    const meta = `${file}.meta.json`;
    if (!existsSync(meta)) {
      log(`bench: writing a ${mb} MB log object … `);
      const gen = spawnSync(
        process.execPath,
        [...TSX, join(HERE, 's3-object.ts'), String(mb), '0.05', file],
        { cwd: ROOT },
      );
      if (gen.status !== 0)
        return { mb, error: `object generation failed: ${gen.stderr.toString().split('\n')[0]}` };
      writeFileSync(meta, gen.stdout);
      log('done\n');
    }
    const object = JSON.parse(readFileSync(meta, 'utf8')) as { compressedBytes: number; records: number };
    const run = spawnSync(process.execPath, [join(HERE, 's3-batch-run.mjs'), bundle, file, CONFIG], {
      cwd: ROOT,
      env: LAMBDA_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = run.stdout.toString().trim().split('\n').pop() ?? '';
    try {
      const out = JSON.parse(line) as { maxRssMb: number; ms: number; failures: number };
      if (out.failures > 0) return { mb, error: 'the message failed' };
      return {
        mb,
        compressedMb: object.compressedBytes / 1e6,
        records: object.records,
        maxRssMb: out.maxRssMb,
        ms: out.ms,
      };
    } catch {
      return { mb, error: `exit ${run.status}: ${run.stderr.toString().trim().split('\n')[0] ?? ''}` };
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Targets (issue 10)

type Verdict = 'PASS' | 'FAIL' | 'SKIP';
interface Target {
  readonly target: string;
  readonly verdict: Verdict;
  readonly actual: string;
  /** The mix whose scan to profile when this target fails. */
  readonly profileMix?: string;
}

function main(): void {
  const started = new Date();
  const loadBefore = os.loadavg();
  mkdirSync(TMP, { recursive: true });
  if (!existsSync(CLI_BUNDLE))
    throw new Error('the CLI is not built: run `npm run build` (npm run bench does)');

  const trails = new Map(MIXES.map((m) => [m.id, ensureTrail(m)]));
  const runs: Run[] = [];
  for (const mix of MIXES) {
    const trail = trails.get(mix.id) as Trail;
    runs.push(
      {
        mix,
        trail,
        id: 'floor',
        label: 'floor (gunzip + JSON.parse)',
        cmd: [process.execPath, join(HERE, 'floor.mjs'), trail.dir],
      },
      {
        mix,
        trail,
        id: 'gunzip',
        label: 'gunzip only',
        cmd: [process.execPath, join(HERE, 'gunzip-only.mjs'), trail.dir],
      },
      { mix, trail, id: 'scan1', label: 'rolewatch scan --workers 1', cmd: scanCmd(trail, mix, 1) },
    );
  }
  // Worker scaling on the realistic trail: both speed-ups measured in the same rounds.
  const scaling = MIXES[0] as Mix;
  const scalingTrail = trails.get(scaling.id) as Trail;
  runs.push(
    {
      // The JavaScript scanner alone, for the plain-JavaScript target (the default uses WebAssembly).
      mix: scaling,
      trail: scalingTrail,
      id: 'scan1js',
      label: 'rolewatch scan --workers 1 --parse selective-js',
      cmd: scanCmd(scalingTrail, scaling, 1, ['--parse', 'selective-js']),
    },
    {
      mix: scaling,
      trail: scalingTrail,
      id: 'floor2',
      label: 'floor on 2 threads',
      cmd: [process.execPath, join(HERE, 'floor-threads.mjs'), '2', scalingTrail.dir],
    },
    {
      mix: scaling,
      trail: scalingTrail,
      id: 'scan2',
      label: 'rolewatch scan --workers 2',
      cmd: scanCmd(scalingTrail, scaling, 2),
    },
  );
  // The fixed cost every scan pays (loading the CLI and the trust file), beside bare node's own.
  const empty = join(TMP, 'empty');
  mkdirSync(empty, { recursive: true });
  const startupTrail: Trail = { dir: empty, files: 0, records: 0, compressedBytes: 0, uncompressedBytes: 0 };
  const startupMix: Mix = { id: 'startup', label: 'no input', share: 0, config: CONFIG };
  runs.push(
    {
      mix: startupMix,
      trail: startupTrail,
      id: 'node',
      label: 'bare node -e 0',
      cmd: [process.execPath, '-e', '0'],
    },
    {
      mix: startupMix,
      trail: startupTrail,
      id: 'startup',
      label: 'rolewatch scan of an empty folder',
      cmd: scanCmd(startupTrail, startupMix, 1),
    },
  );
  const results = runAll(runs);
  const get = (mix: string, id: Run['id']) => results.get(`${mix}/${id}`);
  const med = (r: RunResult | undefined, what: 'wallMs' | 'cpuMs'): number | undefined =>
    r === undefined || r[what].length === 0 ? undefined : median(r[what]);

  for (const mix of MIXES) {
    const trail = trails.get(mix.id) as Trail;
    const scan = get(mix.id, 'scan1');
    const floor = get(mix.id, 'floor');
    if (scan?.counted?.records !== undefined && scan.counted.records !== trail.records) {
      scan.notes.push(`scan counted ${scan.counted.records} records, the trail has ${trail.records}`);
    }
    if (
      scan?.counted?.credentialEvents !== undefined &&
      floor?.counted?.credentialEvents !== undefined &&
      scan.counted.credentialEvents !== floor.counted.credentialEvents
    ) {
      scan.notes.push(
        `scan counted ${scan.counted.credentialEvents} credential events, the floor ${floor.counted.credentialEvents}`,
      );
    }
  }

  const lambda = flags['no-lambda'] ? undefined : { ...measureBundles(), warm: measureWarmStream() };
  const s3 = flags['no-s3'] ? undefined : measureS3Batch();

  // Targets
  const targets: Target[] = [];
  const ratio = (
    mix: string,
    a: Run['id'],
    b: Run['id'],
    what: 'wallMs' | 'cpuMs' = 'wallMs',
  ): number | undefined => {
    const x = med(get(mix, a), what);
    const y = med(get(mix, b), what);
    return x === undefined || y === undefined ? undefined : x / y;
  };
  const ratioTarget = (mix: string, label: string, limit: number, extra?: { gunzipLimit: number }): void => {
    const f = ratio(mix, 'scan1', 'floor');
    const g = ratio(mix, 'scan1', 'gunzip');
    const pass =
      f !== undefined && f <= limit && (extra === undefined || (g !== undefined && g <= extra.gunzipLimit));
    targets.push({
      target: `${label}: one worker ≤ ${limit.toFixed(2)}× floor${extra ? `, ≤ ${extra.gunzipLimit}× gunzip-only` : ''}`,
      verdict: f === undefined ? 'SKIP' : pass ? 'PASS' : 'FAIL',
      actual: `${fmt(f)}× floor (CPU ${fmt(ratio(mix, 'scan1', 'floor', 'cpuMs'))}×), ${fmt(g)}× gunzip-only`,
      profileMix: mix,
    });
  };
  ratioTarget('sts5', '5 %', 0.6, { gunzipLimit: 1.6 });
  const plainJs = ratio('sts5', 'scan1js', 'floor');
  targets.push({
    target: '5 %: plain JavaScript ≤ 0.75× floor',
    verdict: plainJs === undefined ? 'SKIP' : plainJs <= 0.75 ? 'PASS' : 'FAIL',
    actual: `${fmt(plainJs)}× (\`--parse selective-js\`: the JavaScript scanner only)`,
    profileMix: 'sts5',
  });
  ratioTarget('sts25', '25 %', 0.8);
  ratioTarget('sts50', '50 %', 1.1);
  const allRatio = ratio('all', 'scan1', 'floor');
  const allRss = get('all', 'scan1')?.rssMb;
  const allPeak = allRss === undefined || allRss.length === 0 ? undefined : Math.max(...allRss);
  targets.push({
    target: 'all-STS, nearly every record with findings: ≤ 3× floor, peak RSS < 256 MB',
    verdict: allRatio === undefined ? 'SKIP' : allRatio <= 3 && (allPeak ?? 0) < 256 ? 'PASS' : 'FAIL',
    actual: `${fmt(allRatio)}× floor, ${fmt(allPeak, 0)} MB`,
    profileMix: 'all',
  });
  const scanSpeedup = ratio('sts5', 'scan1', 'scan2');
  const floorSpeedup = ratio('sts5', 'floor', 'floor2');
  const scalingRatio =
    scanSpeedup === undefined || floorSpeedup === undefined ? undefined : scanSpeedup / floorSpeedup;
  targets.push({
    target: "worker scaling ≥ 0.9 of the floor's own 2-thread speed-up",
    verdict: scalingRatio === undefined ? 'SKIP' : scalingRatio >= 0.9 ? 'PASS' : 'FAIL',
    actual: `${fmt(scalingRatio)} (scan ${fmt(scanSpeedup)}× faster on 2 workers, floor ${fmt(floorSpeedup)}× on 2 threads)`,
  });
  if (lambda !== undefined) {
    const w = lambda.warm;
    const warmRatio = w.warmMs === undefined || w.floorMs === undefined ? undefined : w.warmMs / w.floorMs;
    targets.push({
      target: 'Lambda stream handler warm on the 1 MB payload ≤ 1.3× its own floor',
      verdict: warmRatio === undefined ? 'SKIP' : warmRatio <= 1.3 ? 'PASS' : 'FAIL',
      actual: `${fmt(warmRatio)}× (${fmt(w.warmMs, 1)} ms against ${fmt(w.floorMs, 1)} ms)`,
    });
    const worst = Math.max(...lambda.bundles.map((b) => b.overNodeMs ?? Number.POSITIVE_INFINITY));
    targets.push({
      target: 'cold import ≤ +80 ms over bare node',
      verdict: lambda.bundles.length === 0 ? 'SKIP' : worst <= 80 ? 'PASS' : 'FAIL',
      actual: `+${fmt(worst, 1)} ms at most (bare node ${fmt(lambda.nodeMs, 1)} ms)`,
    });
  }
  if (s3 !== undefined) {
    const hundred = s3.find((o) => o.mb >= 100);
    targets.push({
      target: 's3-batch: a 100 MB object at 5 % within 256 MB',
      verdict: hundred?.maxRssMb === undefined ? 'SKIP' : hundred.maxRssMb < 256 ? 'PASS' : 'FAIL',
      actual:
        hundred?.maxRssMb === undefined
          ? (hundred?.error ?? 'not measured')
          : `${fmt(hundred.maxRssMb, 0)} MB peak RSS`,
    });
  }
  const profiles = new Map<string, string[]>();
  for (const t of targets) {
    if (t.verdict !== 'FAIL' || t.profileMix === undefined || profiles.has(t.profileMix)) continue;
    const mix = MIXES.find((m) => m.id === t.profileMix) as Mix;
    log(`bench: profiling the ${mix.label} scan\n`);
    profiles.set(mix.id, profileScan(trails.get(mix.id) as Trail, mix));
  }
  const loadAfter = os.loadavg();

  // Report
  const lines: string[] = [];
  const p = (s = ''): void => {
    lines.push(s);
  };
  const machine = {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemoryGB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    loadBefore: loadBefore.map((x) => Number(x.toFixed(2))),
    loadAfter: loadAfter.map((x) => Number(x.toFixed(2))),
  };
  p('# rolewatch benchmark');
  p();
  p(
    `${started.toISOString()} · ${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemoryGB} GB · node ${machine.node} · ` +
      `median of ${ROUNDS} interleaved rounds · load average ${machine.loadBefore.join(' / ')} before, ${machine.loadAfter.join(' / ')} after`,
  );
  p();
  p('| trail | contender | wall s | CPU s | peak RSS MB | × floor | × floor (CPU) | × gunzip-only |');
  p('|---|---|--:|--:|--:|--:|--:|--:|');
  for (const mix of MIXES) {
    const trail = trails.get(mix.id) as Trail;
    const first = `${mix.label} (${trail.records.toLocaleString('en-US')} records, ${trail.files.toLocaleString('en-US')} files, ${fmt(trail.uncompressedBytes / 1e6, 0)} MB JSON)`;
    let shown = false;
    for (const id of ['floor', 'gunzip', 'scan1', 'scan1js', 'floor2', 'scan2'] as const) {
      const r = get(mix.id, id);
      if (r === undefined) continue;
      const rss = r.rssMb.length === 0 ? undefined : Math.max(...r.rssMb);
      p(
        `| ${shown ? '' : cell(first)} | ${cell(r.label)} | ${fmt((med(r, 'wallMs') ?? 0) / 1000)} | ${fmt((med(r, 'cpuMs') ?? 0) / 1000)} | ` +
          `${fmt(rss, 0)} | ${fmt(ratio(mix.id, id, 'floor'))} | ${fmt(ratio(mix.id, id, 'floor', 'cpuMs'))} | ${fmt(ratio(mix.id, id, 'gunzip'))} |`,
      );
      shown = true;
    }
  }
  for (const r of results.values()) {
    // An empty scan exits 1 with nothing read only under --strict; its warning is expected.
    if (r.mix === 'startup') continue;
    for (const n of r.notes) p(`- note (${r.mix}, ${cell(r.label)}): ${n}`);
  }
  const startup = med(get('startup', 'startup'), 'cpuMs');
  const bareNode = med(get('startup', 'node'), 'cpuMs');
  if (startup !== undefined && bareNode !== undefined) {
    p(
      `- Fixed cost of every scan: \`rolewatch scan\` of an empty folder takes ${fmt(startup / 1000)} s of CPU ` +
        `(${fmt((med(get('startup', 'startup'), 'wallMs') ?? 0) / 1000)} s wall), bare \`node -e 0\` ${fmt(bareNode / 1000)} s: ` +
        `${fmt((startup - bareNode) / 1000)} s of loading the CLI and the trust file, included in every scan above.`,
    );
  }
  const allFindings = get('all', 'scan1')?.counted;
  if (allFindings?.findings !== undefined && allFindings.records !== undefined) {
    p(
      `- all-STS trail: ${allFindings.findings.toLocaleString('en-US')} findings for ${allFindings.records.toLocaleString('en-US')} records (${fmt(allFindings.findings / allFindings.records)} per record).`,
    );
  }
  if (lambda !== undefined) {
    p();
    p('## Lambda');
    p();
    p(
      `Cold import: median of ${IMPORT_RUNS} fresh processes each, interleaved with bare \`node -e 0\` (${fmt(lambda.nodeMs, 1)} ms).`,
    );
    p();
    p('| bundle | size KB | import ms | over node ms |');
    p('|---|--:|--:|--:|');
    for (const b of lambda.bundles) {
      p(
        b.error === undefined
          ? `| ${b.name} | ${fmt(b.bytes / 1024, 0)} | ${fmt(b.coldImportMs, 1)} | ${fmt(b.overNodeMs, 1)} |`
          : `| ${b.name} | ${fmt(b.bytes / 1024, 0)} | ${cell(b.error)} | |`,
      );
    }
    p();
    const w = lambda.warm;
    p(
      w.skipped !== undefined
        ? `Warm stream handler: skipped (${w.skipped}).`
        : `Warm stream handler on a CloudWatch Logs payload of ${w.logEvents} log events (${fmt((w.decodedBytes ?? 0) / 1e6)} MB decoded): ` +
            `median ${fmt(w.warmMs, 1)} ms against ${fmt(w.floorMs, 1)} ms for its floor (base64 → gunzip → JSON.parse of the payload and of each message), ` +
            `interleaved in one process, ${WARM_CALLS} calls of each after ${WARM_CALLS} unmeasured ones; first call ${fmt(w.firstCallMs, 1)} ms. Returned \`${w.returned ?? ''}\`.`,
    );
  }
  if (s3 !== undefined) {
    p();
    p('## s3-batch memory per object size (5 % credential calls, one object, built bundle)');
    p();
    p('| JSON MB | gzipped MB | records | peak RSS MB | handler s |');
    p('|--:|--:|--:|--:|--:|');
    for (const o of s3) {
      p(
        o.error === undefined
          ? `| ${o.mb} | ${fmt(o.compressedMb, 1)} | ${(o.records ?? 0).toLocaleString('en-US')} | ${fmt(o.maxRssMb, 0)} | ${fmt((o.ms ?? 0) / 1000)} |`
          : `| ${o.mb} | | | ${cell(o.error)} | |`,
      );
    }
  }
  p();
  p('## Targets');
  p();
  p('| target | result | actual |');
  p('|---|---|---|');
  for (const t of targets) p(`| ${cell(t.target)} | ${t.verdict} | ${cell(t.actual)} |`);
  for (const [mix, top] of profiles) {
    p();
    p(
      `Where the time goes, one-worker scan of the ${MIXES.find((m) => m.id === mix)?.label} trail (CPU profile, self time):`,
    );
    p();
    for (const line of top) p(`- ${cell(line)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  const report = {
    date: started.toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
    rounds: ROUNDS,
    trails: Object.fromEntries(
      [...trails].map(([id, t]) => [id, { ...t, dir: t.dir.replace(`${ROOT}/`, '') }]),
    ),
    results: [...results.values()],
    lambda,
    s3Batch: s3,
    targets,
    profiles: Object.fromEntries(profiles),
  };
  writeFileSync(flags.json, `${JSON.stringify(report, null, 2)}\n`);
  log(`bench: wrote ${flags.json}\n`);
}

main();
