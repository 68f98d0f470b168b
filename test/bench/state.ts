/**
 * rolewatch state benchmark (issue 11), side by side in one run, on the generated bench trail:
 *   1. `scan --state FILE` against `scan` without it (wall time, median of R rounds, interleaved);
 *   2. the state file's size after one scan of the trail, and after 10 scans of the same trail;
 *   3. DynamoDB capacity units per 1,000 credential events on the bench mix, as the Lambda path spends
 *      them (state stage + alert de-duplication, one input per log file, as s3-batch judges them),
 *      counted from `ReturnConsumedCapacity` against dynalite with the real SDK client.
 *
 *   npm run bench:state -- [--records N] [--rounds R] [--dynamo-files F] [--runs K]
 *
 * Prints a Markdown report and writes test/bench/last-state-run.json. Not a vitest test; the machine is
 * shared: run it when you need the figures, not in a loop.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { DynamoDbStateStore } from '../../functions/adapters/state/dynamodb-store.ts';
import { createEngine } from '../../functions/core/engine/create-engine.ts';
import { judgeInput } from '../../functions/core/pipeline/judge-input.ts';
import type { Tap } from '../../functions/core/pipeline/tap.ts';
import { factsOf, runStateStage, withStageOutput } from '../../functions/core/state/run-state-stage.ts';
import { stateFactsTap } from '../../functions/core/state/state-facts.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';
import { deliverOnce } from '../../functions/lambda/deliver-once.ts';
import { startDynalite } from '../state/support/dynalite.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BENCH_OUT = join(ROOT, 'bench-out');
const ROLEWATCH = join(ROOT, 'bin/rolewatch.mjs');
const CONFIG = join(ROOT, 'fixtures/trust/example-org.yaml');
const GENERATOR = join(ROOT, 'functions/trail-generator/cli.ts');

const { values: flags } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '3' },
    runs: { type: 'string', default: '10' },
    'dynamo-files': { type: 'string', default: '120' },
  },
  strict: true,
});
const RECORDS = Number(flags.records);
const ROUNDS = Number(flags.rounds);
const RUNS = Number(flags.runs);
const DYNAMO_FILES = Number(flags['dynamo-files']);

function ensureTrail(records: number): string {
  const dir = join(BENCH_OUT, `state-trail-${records}`);
  if (existsSync(join(dir, '.rolewatch-trail'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`bench:state: generating ${records} records into ${dir}\n`);
  const gen = spawnSync(
    process.execPath,
    ['--import', 'tsx', GENERATOR, '--records', String(records), '--out', dir],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (gen.status !== 0) throw new Error(`trail generation failed (exit ${gen.status})`);
  return dir;
}

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.gz') || e.name.endsWith('.json')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function scan(trail: string, extra: readonly string[]): { ms: number; summary: Record<string, unknown> } {
  const started = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [ROLEWATCH, 'scan', '--format', 'json', '--no-progress', '--config', CONFIG, ...extra, trail],
    { cwd: ROOT, maxBuffer: 1 << 30, encoding: 'utf8' },
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`scan failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  return { ms, summary: (JSON.parse(r.stdout) as { summary: Record<string, unknown> }).summary };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** A log file's bytes, or only its records by AWS services (the recurring sessions of a real trail). */
function input(file: string, onlyServices: boolean): Uint8Array {
  const bytes = readFileSync(file);
  if (!onlyServices) return bytes;
  const log = JSON.parse(gunzipSync(bytes).toString('utf8')) as {
    Records: { userIdentity?: { type?: string } }[];
  };
  return Buffer.from(
    JSON.stringify({ Records: log.Records.filter((r) => r.userIdentity?.type === 'AWSService') }),
  );
}

async function dynamoUnits(trailFiles: readonly string[], onlyServices: boolean) {
  const db = await startDynalite();
  try {
    await db.createStateTable('bench-state');
    const store = new DynamoDbStateStore({ table: 'bench-state', client: db.client() });
    const ops: Record<string, number> = {};
    const write = store.write.bind(store);
    store.write = (list, at) => {
      for (const o of list) ops[o.op] = (ops[o.op] ?? 0) + 1;
      return write(list, at);
    };
    const parsed = parseTrustConfig(readFileSync(CONFIG, 'utf8'), CONFIG);
    if (!parsed.ok) throw new Error('example trust file is invalid');
    const config = parsed.value.config;
    const now = Date.now();
    const engine = createEngine({ config, now: () => now });
    const options = {
      deniedBurst: config.thresholds.deniedBurst,
      firstSeen: { forgetAfterDays: config.thresholds.firstSeen.forgetAfterDays, mode: 'report' as const },
      findingFor: engine.findingFor,
    };
    const sink = { name: 'log' as const, minSeverity: 'low' as const, send: async () => undefined };
    // The first third is the baseline forming (new pairs); the rest is the steady state measured.
    const warm = Math.floor(trailFiles.length / 3);
    const totals = { events: 0, read: 0, write: 0 };
    const steady = { events: 0, read: 0, write: 0 };
    for (const [i, file] of trailFiles.entries()) {
      const before = { ...store.consumed };
      const judged = judgeInput({ name: file, bytes: input(file, onlyServices) }, engine, {
        maxErrors: 10,
        taps: [stateFactsTap as Tap],
      });
      const outputs = [];
      for (const facts of factsOf(judged)) outputs.push(await runStateStage(store, facts, options, now));
      const result = withStageOutput(judged, outputs);
      await deliverOnce([sink], result.findings, { store, windowMs: 24 * 3_600_000, now: () => now });
      const events = result.counts.credentialEvents;
      const read = store.consumed.read - before.read;
      const write = store.consumed.write - before.write;
      for (const t of i >= warm ? [totals, steady] : [totals]) {
        t.events += events;
        t.read += read;
        t.write += write;
      }
    }
    const per1000 = (t: typeof totals) => ({
      events: t.events,
      writeUnitsPer1000: Math.round((t.write / Math.max(1, t.events)) * 1000 * 10) / 10,
      readUnitsPer1000: Math.round((t.read / Math.max(1, t.events)) * 1000 * 10) / 10,
    });
    return {
      files: trailFiles.length,
      all: per1000(totals),
      steady: per1000(steady),
      writesByOp: ops,
      items: (await db.scan('bench-state')).length,
    };
  } finally {
    await db.stop();
  }
}

async function main(): Promise<void> {
  spawnSync(process.execPath, [join(ROOT, 'functions/build.mjs'), '--cli'], { cwd: ROOT, stdio: 'inherit' });
  const trail = ensureTrail(RECORDS);
  const tmp = join(BENCH_OUT, 'state-tmp');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });

  // 1 and 2: side by side; the state file is reused across rounds (the steady case: a baseline exists).
  const stateFile = join(tmp, 'state.json');
  const first = scan(trail, ['--state', stateFile]);
  const sizeAfterOne = statSync(stateFile).size;
  const without: number[] = [];
  const withState: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    without.push(scan(trail, []).ms);
    withState.push(scan(trail, ['--state', stateFile]).ms);
  }
  const sizes = [sizeAfterOne];
  for (let r = ROUNDS + 1; r < RUNS; r++) {
    scan(trail, ['--state', stateFile]);
    sizes.push(statSync(stateFile).size);
  }
  const sizeAfterRuns = statSync(stateFile).size;
  const state = JSON.parse(
    spawnSync(process.execPath, [ROLEWATCH, 'state', stateFile, '--format', 'json'], { encoding: 'utf8' })
      .stdout,
  );

  // 3: DynamoDB units on the bench mix.
  const sample = files(trail).slice(0, DYNAMO_FILES);
  const dynamo = await dynamoUnits(sample, false);
  const services = await dynamoUnits(sample, true);

  const report = {
    records: RECORDS,
    credentialEvents: first.summary.credentialEvents,
    rounds: ROUNDS,
    scanMs: {
      without: median(without),
      withState: median(withState),
      ratio: median(withState) / median(without),
    },
    stateFile: { bytesAfterOneScan: sizeAfterOne, bytesAfter: sizeAfterRuns, runs: RUNS, kinds: state.kinds },
    dynamodb: dynamo,
    dynamodbServicesOnly: services,
  };
  writeFileSync(join(ROOT, 'test/bench/last-state-run.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    [
      `## State benchmark (${RECORDS.toLocaleString('en-US')} records, ${String(first.summary.credentialEvents)} credential events)`,
      '',
      '| measure | value |',
      '|---|---|',
      `| scan without --state (median of ${ROUNDS}) | ${(report.scanMs.without / 1000).toFixed(2)} s |`,
      `| scan --state FILE (median of ${ROUNDS}) | ${(report.scanMs.withState / 1000).toFixed(2)} s |`,
      `| ratio (target ≤ 1.15×) | ${report.scanMs.ratio.toFixed(3)}× |`,
      `| state file after 1 scan | ${sizeAfterOne.toLocaleString('en-US')} bytes |`,
      `| state file after ${RUNS} scans of the same trail | ${sizeAfterRuns.toLocaleString('en-US')} bytes |`,
      `| DynamoDB, ${dynamo.files} log files (${dynamo.all.events} events): write / read units per 1,000 events | ${dynamo.all.writeUnitsPer1000} / ${dynamo.all.readUnitsPer1000} |`,
      `| DynamoDB, steady state (last two thirds, ${dynamo.steady.events} events): write / read units per 1,000 | ${dynamo.steady.writeUnitsPer1000} / ${dynamo.steady.readUnitsPer1000} |`,
      `| writes by op (bench mix) | ${JSON.stringify(dynamo.writesByOp)} |`,
      `| DynamoDB, AWS-service sessions only, steady state (${services.steady.events} events): write / read units per 1,000 (target write < 100) | ${services.steady.writeUnitsPer1000} / ${services.steady.readUnitsPer1000} |`,
      '',
    ].join('\n'),
  );
  rmSync(tmp, { recursive: true, force: true });
}

await main();
