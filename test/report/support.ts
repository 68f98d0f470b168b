import { readFileSync } from 'node:fs';
import type { Io } from '../../functions/cli/io.ts';
import { main } from '../../functions/cli/main.ts';
import { createEngine } from '../../functions/core/engine/create-engine.ts';
import type { TrustConfig } from '../../functions/core/model/trust-config.ts';
import type { InputResult } from '../../functions/core/pipeline/input-result.ts';
import { judgeInput } from '../../functions/core/pipeline/judge-input.ts';
import type { Period } from '../../functions/core/pipeline/period.ts';
import { findingStats, summarize } from '../../functions/core/pipeline/scan-summary.ts';
import type { Activity } from '../../functions/core/report/activity.ts';
import { activityTap } from '../../functions/core/report/activity-tap.ts';
import { ReportAssembler } from '../../functions/core/report/build-report.ts';
import type { Report } from '../../functions/core/report/report-schema.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';
import type { CloudTrailRecord } from '../rules/support/cloudtrail-records.ts';

export const EXAMPLE_TRUST_FILE = new URL('../../fixtures/trust/example-org.yaml', import.meta.url).pathname;
export const NOW_MS = Date.parse('2026-12-01T00:00:00Z');

export function trustConfig(yaml: string, nowMs = NOW_MS): TrustConfig {
  const parsed = parseTrustConfig(yaml, 'test.yaml', { now: new Date(nowMs) });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value.config;
}

export const exampleConfig = (): TrustConfig => trustConfig(readFileSync(EXAMPLE_TRUST_FILE, 'utf8'));

/** Judges records as one CloudTrail log file, with the report's activity tap. */
export function judgeRecords(
  records: readonly CloudTrailRecord[],
  config: TrustConfig,
  name = 'file.json',
): InputResult {
  const engine = createEngine({ config, now: () => NOW_MS });
  const bytes = new TextEncoder().encode(JSON.stringify({ Records: records }));
  return judgeInput({ name, bytes }, engine, { maxErrors: 100, taps: [activityTap] });
}

export const activityOf = (r: InputResult): Activity => r.taps[activityTap.id] as Activity;

/** The report of one judged input, assembled in-process as `rolewatch report` does (no files written). */
export function reportOf(
  result: InputResult,
  config: TrustConfig,
  options: { period?: Period; previous?: Report; nowMs?: number } = {},
): Report {
  const assembler = new ReportAssembler({
    config,
    trustFile: { name: 'test.yaml', sha256: '0'.repeat(64) },
    sources: ['file.json'],
    period: options.period ?? {},
    nowMs: options.nowMs ?? NOW_MS,
    version: '0.0.0-test',
    ...(options.previous === undefined ? {} : { previous: options.previous }),
  });
  assembler.add(result.findings);
  return assembler.finish({
    summary: summarize(result.counts, findingStats(result.findings)),
    errors: result.errors,
    taps: result.taps,
  });
}

/** Runs the CLI in-process; stdout and stderr are collected. */
export async function runMain(args: readonly string[], nowMs = NOW_MS) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    stderrIsTty: false,
    columns: 120,
    now: () => nowMs,
    readStdin: () => new Uint8Array(),
    env: process.env,
  };
  const status = await main(args, io);
  return { status, stdout, stderr };
}

/** `rolewatch report --config <example> --workers 1 --out OUT INPUT…`, in-process. */
export const runReport = (out: string, ...inputs: readonly string[]) =>
  runMain(['report', '--config', EXAMPLE_TRUST_FILE, '--workers', '1', '--out', out, ...inputs]);
