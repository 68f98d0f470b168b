import type { ParseMode } from '../core/decode/decode-bytes.ts';
import { createEngine } from '../core/engine/create-engine.ts';
import type { Finding } from '../core/model/finding.ts';
import type { TrustConfig } from '../core/model/trust-config.ts';
import type { InputResult } from '../core/pipeline/input-result.ts';
import type { JudgeOptions } from '../core/pipeline/judge-input.ts';
import type { Period } from '../core/pipeline/period.ts';
import { ScanCollector, type ScanTotals } from '../core/pipeline/scan-collector.ts';
import type { ScanCounts } from '../core/pipeline/scan-counts.ts';
import type { Tap } from '../core/pipeline/tap.ts';
import { judgeSourceItem, type SourceItem } from './judge-source-item.ts';
import { ScanWorkerPool } from './worker-pool.ts';

export interface RunScanOptions {
  /** What to read, in order (local files are read by the thread that judges them). */
  readonly items: Iterable<SourceItem> | AsyncIterable<SourceItem>;
  readonly config: TrustConfig;
  /** Credential events outside it are counted, not judged. */
  readonly period?: Period;
  /** Reducers over the judged events (from {@link TAPS}); their merged accumulators come back in `taps`. */
  readonly taps?: readonly Tap[];
  readonly nowMs: number;
  /** Worker threads; 1 judges in this thread. */
  readonly workers: number;
  /** The worker script; `scan-worker.mjs` next to this bundle by default. */
  readonly workerUrl?: URL;
  /** Old-generation heap per worker, MB ({@link DEFAULT_WORKER_HEAP_MB} by default). */
  readonly workerHeapMb?: number;
  /** Input errors kept for output (the count stays exact). */
  readonly maxErrors: number;
  /** How records are parsed (JudgeOptions.parse; default selective). */
  readonly parse?: ParseMode;
  readonly onProgress?: (counts: ScanCounts, findings: number) => void;
  /**
   * Findings as they become final, in output order (see ScanCollector): output streams from here. A
   * returned promise is awaited before the next input is judged: that is how a slow reader of the
   * output (a pipe) holds the scan back instead of letting unwritten output pile up in memory.
   */
  readonly onFindings: (findings: readonly Finding[]) => void | Promise<void>;
  /**
   * Runs on each result (one input, or a worker's batch of consecutive inputs) in this thread, in input
   * order, before it is collected: the state stage (stateful rules, session lineage) sees every input in
   * the same order for any number of workers.
   */
  readonly beforeCollect?: (result: InputResult) => InputResult;
}

/**
 * Scans inputs one at a time (memory does not grow with the number of files, nor with the number of
 * findings: they are handed to `onFindings` as they become final), in this thread or across worker
 * threads. Every input is judged by the same core function; results are collected in input order, so
 * the output is the same for any worker count. Returns what is left at the end: the findings held
 * for cross-account merging, the summary, the kept input errors.
 */
export async function runScan(options: RunScanOptions): Promise<ScanTotals> {
  const collector = new ScanCollector({ maxErrors: options.maxErrors, taps: options.taps ?? [] });
  const collect = async (judged: InputResult): Promise<void> => {
    const result = options.beforeCollect === undefined ? judged : options.beforeCollect(judged);
    const ready = collector.add(result);
    if (ready.length > 0) await options.onFindings(ready);
    options.onProgress?.(collector.counts, collector.findingCount);
  };
  if (options.workers <= 1) {
    const engine = createEngine({ config: options.config, now: () => options.nowMs });
    const judge = judgeOptions(options);
    for await (const item of options.items) await collect(judgeSourceItem(item, engine, judge));
  } else {
    await runInWorkers(options.items, options, collect);
  }
  return collector.finish();
}

const judgeOptions = (options: RunScanOptions): JudgeOptions => ({
  maxErrors: options.maxErrors,
  ...(options.parse === undefined ? {} : { parse: options.parse }),
  ...(options.period === undefined ? {} : { period: options.period }),
  ...(options.taps === undefined ? {} : { taps: options.taps }),
});

/**
 * Inputs per worker message. CloudTrail writes a file per account and region every few minutes, so real
 * trails hold many small files; a message per file cost more than judging them. (`beforeCollect` sees a
 * batch's inputs one by one through their state facts, so batching does not change the output.)
 */
const ITEMS_PER_JOB = 16;

/** Old-generation heap per scan worker unless ROLEWATCH_WORKER_HEAP_MB says otherwise. */
export const DEFAULT_WORKER_HEAP_MB = 2048;

async function runInWorkers(
  items: Iterable<SourceItem> | AsyncIterable<SourceItem>,
  options: RunScanOptions,
  collect: (r: InputResult) => Promise<void>,
): Promise<void> {
  const { taps, ...judge } = judgeOptions(options);
  const pool = new ScanWorkerPool({
    url: options.workerUrl ?? new URL('./scan-worker.mjs', import.meta.url),
    init: { config: options.config, nowMs: options.nowMs, judge, tapIds: (taps ?? []).map((t) => t.id) },
    max: options.workers,
    heapMb: options.workerHeapMb ?? DEFAULT_WORKER_HEAP_MB,
  });
  // Jobs run concurrently but are collected in order; two per worker keep every thread busy while
  // bounding what waits in memory.
  const inFlight: Promise<InputResult>[] = [];
  const limit = 2 * options.workers;
  try {
    let batch: SourceItem[] = [];
    const dispatch = async (): Promise<void> => {
      if (batch.length === 0) return;
      const job = pool.run(batch);
      job.catch(() => {}); // awaited in order below; this only keeps an early rejection from going unhandled
      inFlight.push(job);
      batch = [];
      while (inFlight.length >= limit) await collect(await inFlight.shift()!);
    };
    for await (const item of items) {
      batch.push(item);
      if (batch.length >= ITEMS_PER_JOB) await dispatch();
    }
    await dispatch();
    while (inFlight.length > 0) await collect(await inFlight.shift()!);
  } finally {
    await pool.close();
  }
}
