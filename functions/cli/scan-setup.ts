import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { loadTrustFile } from '../adapters/config/load-trust-file.ts';
import { isRemoteSource } from '../adapters/sources/remote-source.ts';
import type { ConfigIssue, TrustConfig } from '../core/model/trust-config.ts';
import { type Period, parseTimeBound } from '../core/pipeline/period.ts';
import type { SourceItem } from '../core/pipeline/source-item.ts';
import { terminalSafe } from '../core/render/terminal-safe.ts';
import { configIssueText } from './config-issue-text.ts';
import type { Io } from './io.ts';
import { intOption } from './options.ts';
import { type ProgressLine, progressLine } from './progress-line.ts';
import { DEFAULT_WORKER_HEAP_MB, type RunScanOptions } from './run-scan.ts';
import { scanSources } from './scan-sources.ts';
import { UsageError } from './usage-error.ts';

/** The options every verb that reads SOURCEs takes (`scan`, `report`, `trust learn`). */
export const SOURCE_OPTIONS = {
  config: { type: 'string', short: 'c' },
  since: { type: 'string' },
  until: { type: 'string' },
  region: { type: 'string' },
  workers: { type: 'string', short: 'w' },
  'max-errors': { type: 'string' },
  'no-progress': { type: 'boolean', default: false },
} as const;

export interface SourceOptionValues {
  readonly config?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly region?: string | undefined;
  readonly workers?: string | undefined;
  readonly 'max-errors'?: string | undefined;
  readonly 'no-progress'?: boolean | undefined;
}

/** More workers than this only cost memory: each is a V8 isolate with its own heap. */
export const maxWorkers = (): number => 4 * availableParallelism();

/** Remote sources read the last 24 hours unless `--since` says otherwise (CONTRACT §1). */
const DEFAULT_REMOTE_SPAN_MS = 24 * 3_600_000;

/** Everything a verb needs to run a scan, once its options are known to be sound. */
export interface ScanSetup {
  readonly config: TrustConfig;
  readonly warnings: readonly ConfigIssue[];
  /** The trust file's path, or undefined when judging without one. */
  readonly configFile: string | undefined;
  /** SHA-256 (hex) of the trust file's text: reports name exactly what they judged against. */
  readonly trustSha256: string;
  readonly period: Period;
  readonly items: AsyncIterable<SourceItem>;
  readonly workers: number;
  readonly maxErrors: number;
  /** `ROLEWATCH_WORKER_HEAP_MB`: old-generation heap per scan worker. */
  readonly workerHeapMb: number;
  readonly nowMs: number;
  readonly progress: ProgressLine | undefined;
}

/**
 * What every scanning verb (scan, report, trust learn) hands `runScan` from its setup: the sources, the
 * trust file, the period, workers and their heap, the error cap and the progress line. Each verb adds
 * its taps, state stage and what it does with findings.
 */
export function runScanOptions(
  setup: ScanSetup,
  io: Io,
): Pick<
  RunScanOptions,
  | 'items'
  | 'config'
  | 'period'
  | 'nowMs'
  | 'workers'
  | 'workerHeapMb'
  | 'workerUrl'
  | 'maxErrors'
  | 'onProgress'
> {
  return {
    items: setup.items,
    config: setup.config,
    period: setup.period,
    nowMs: setup.nowMs,
    workers: setup.workers,
    workerHeapMb: setup.workerHeapMb,
    ...(io.scanWorkerUrl === undefined ? {} : { workerUrl: io.scanWorkerUrl }),
    maxErrors: setup.maxErrors,
    ...(setup.progress ? { onProgress: setup.progress.update } : {}),
  };
}

export interface PrepareScanOptions {
  /**
   * Whether `./rolewatch.yaml` is read when `--config` is not given, with a note when it is missing (the
   * default). `trust learn` judges no trust file: it reads only the one it is told to merge into.
   */
  readonly defaultConfig?: boolean;
}

/**
 * Checks the source options and loads the trust file. Usage mistakes throw a UsageError (exit 2); a
 * broken trust file is printed and returned as exit code 2. A local SOURCE that does not exist is a
 * usage error: a typo in a CI job's path must not go green with "no findings".
 */
export async function prepareScan(
  values: SourceOptionValues,
  sources: readonly string[],
  io: Io,
  options: PrepareScanOptions = {},
): Promise<ScanSetup | number> {
  const defaultConfig = options.defaultConfig ?? true;
  if (sources.length === 0)
    throw new UsageError('name at least one SOURCE (a file, a folder, - or a source URL)');
  for (const source of sources) {
    if (source === '-' || isRemoteSource(source)) continue;
    if (!existsQuietly(source)) throw new UsageError(`no such file or folder: ${terminalSafe(source)}`);
  }
  const defaultWorkers = Math.min(io.cores ?? availableParallelism(), maxWorkers());
  const workers = intOption('--workers', values.workers, defaultWorkers, {
    min: 1,
    max: maxWorkers(),
  });
  const maxErrors = intOption('--max-errors', values['max-errors'], 1000, { min: 0, max: 1_000_000 });
  const workerHeapMb = intOption(
    'ROLEWATCH_WORKER_HEAP_MB',
    io.env.ROLEWATCH_WORKER_HEAP_MB,
    DEFAULT_WORKER_HEAP_MB,
    {
      min: 16,
      max: 65_536,
    },
  );
  const nowMs = io.now();
  const period = periodOf(values.since, values.until, sources, nowMs);

  const configFile =
    values.config ?? (defaultConfig && existsSync('rolewatch.yaml') ? 'rolewatch.yaml' : undefined);
  const source = configFile === undefined ? undefined : ({ kind: 'file', path: configFile } as const);
  const trust = await loadTrustFile(source, { now: nowMs });
  if (!trust.ok) {
    for (const issue of trust.error) io.stderr(`${configIssueText(issue)}\n`);
    io.stderr(`rolewatch: the trust file has ${trust.error.length} error(s); nothing was scanned.\n`);
    return 2;
  }
  if (configFile === undefined && defaultConfig) {
    io.stderr(
      'rolewatch: note: no --config and no ./rolewatch.yaml: judging without a trust file ' +
        '(only rules that need no expectations can fire).\n',
    );
  }
  const progress = io.stderrIsTty && !values['no-progress'] ? progressLine(io) : undefined;
  const items = scanSources(
    sources,
    {
      period: { sinceMs: period.sinceMs ?? nowMs - DEFAULT_REMOTE_SPAN_MS, untilMs: period.untilMs ?? nowMs },
      ...(values.region === undefined ? {} : { region: values.region }),
      env: io.env,
      now: io.now,
      ...(io.paceClock === undefined ? {} : { paceClock: io.paceClock }),
      onNote: (line) => io.stderr(`rolewatch: note: ${terminalSafe(line)}\n`),
      ...(progress ? { onProgress: progress.line } : {}),
    },
    io.readStdin,
    {
      sinceMs: period.sinceMs ?? (period.untilMs ?? nowMs) - DEFAULT_REMOTE_SPAN_MS,
      ...(period.untilMs === undefined ? {} : { untilMs: period.untilMs }),
    },
  );
  return {
    config: trust.value.config,
    warnings: trust.value.warnings,
    configFile,
    trustSha256:
      trust.value.sha256 ?? createHash('sha256').update(JSON.stringify(trust.value.config)).digest('hex'),
    period,
    items,
    workers,
    maxErrors,
    workerHeapMb,
    nowMs,
    progress,
  };
}

function existsQuietly(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (e) {
    // Only a path that is not there is a usage error; unreadable ones are input errors of the scan.
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/**
 * `--since`/`--until`. When every SOURCE is remote and `--since` is not given, the scan judges the last 24
 * hours, as the sources read them. Local files named next to a remote source are not bounded by that
 * default: their inputs are judged whatever their age, the remote ones within the span they were read for.
 */
function periodOf(
  since: string | undefined,
  until: string | undefined,
  sources: readonly string[],
  nowMs: number,
): Period {
  const bound = (flag: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const parsed = parseTimeBound(raw, nowMs);
    if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.error}`);
    return parsed.value;
  };
  const untilMs = bound('--until', until);
  // Remote sources without --since read the day before --until (or before now).
  const sinceMs =
    bound('--since', since) ??
    (sources.every(isRemoteSource) ? (untilMs ?? nowMs) - DEFAULT_REMOTE_SPAN_MS : undefined);
  if (sinceMs !== undefined && untilMs !== undefined && sinceMs >= untilMs) {
    throw new UsageError('--since must be earlier than --until');
  }
  return { ...(sinceMs === undefined ? {} : { sinceMs }), ...(untilMs === undefined ? {} : { untilMs }) };
}
