import { Worker } from 'node:worker_threads';
import { createEngine } from '../core/engine/create-engine.ts';
import type { Finding } from '../core/model/finding.ts';
import type { TrustConfig } from '../core/model/trust-config.ts';
import type { InputResult } from '../core/pipeline/input-result.ts';
import type { JudgeOptions } from '../core/pipeline/judge-input.ts';
import type { Period } from '../core/pipeline/period.ts';
import { ScanCollector, type ScanTotals } from '../core/pipeline/scan-collector.ts';
import type { ScanCounts } from '../core/pipeline/scan-counts.ts';
import type { Tap } from '../core/pipeline/tap.ts';
import { judgeSourceItem, type ScanJob, type SourceItem } from './judge-source-item.ts';
import type { WorkerInit } from './scan-worker.ts';

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
  /** Input errors kept for output (the count stays exact). */
  readonly maxErrors: number;
  readonly onProgress?: (counts: ScanCounts, findings: number) => void;
  /** Findings as they become final, in output order (see ScanCollector): output streams from here. */
  readonly onFindings: (findings: readonly Finding[]) => void;
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
  const collect = (result: InputResult): void => {
    const ready = collector.add(result);
    if (ready.length > 0) options.onFindings(ready);
    options.onProgress?.(collector.counts, collector.findingCount);
  };
  if (options.workers <= 1) {
    const engine = createEngine({ config: options.config, now: () => options.nowMs });
    const judge = judgeOptions(options);
    for await (const item of options.items) collect(judgeSourceItem(item, engine, judge));
  } else {
    await runInWorkers(options.items, options, collect);
  }
  return collector.finish();
}

const judgeOptions = (options: RunScanOptions): JudgeOptions => ({
  maxErrors: options.maxErrors,
  ...(options.period === undefined ? {} : { period: options.period }),
  ...(options.taps === undefined ? {} : { taps: options.taps }),
});

/**
 * Inputs per worker message. CloudTrail writes a file per account and region every few minutes, so real
 * trails hold many small files; a message per file cost more than judging them.
 */
const ITEMS_PER_JOB = 16;

async function runInWorkers(
  items: Iterable<SourceItem> | AsyncIterable<SourceItem>,
  options: RunScanOptions,
  collect: (r: InputResult) => void,
): Promise<void> {
  const { taps, ...judge } = judgeOptions(options);
  const init: WorkerInit = {
    config: options.config,
    nowMs: options.nowMs,
    judge,
    tapIds: (taps ?? []).map((t) => t.id),
  };
  const url = options.workerUrl ?? new URL('./scan-worker.mjs', import.meta.url);
  const workers = Array.from({ length: options.workers }, () => new Worker(url, { workerData: init }));
  // Results may finish out of order; slots hold them until every earlier job has been collected.
  const slots: (InputResult | undefined)[] = [];
  let nextToCollect = 0;
  const flush = (): void => {
    while (nextToCollect < slots.length) {
      const result = slots[nextToCollect];
      if (result === undefined) break;
      collect(result);
      slots[nextToCollect] = undefined; // release the collected result's memory
      nextToCollect++;
    }
  };

  const idle: Worker[] = [];
  let waiters: ((w: Worker) => void)[] = [];
  let failure: Error | undefined;
  const release = (w: Worker): void => {
    const waiter = waiters.shift();
    if (waiter) waiter(w);
    else idle.push(w);
  };
  const acquire = (): Promise<Worker> => {
    const w = idle.pop();
    return w ? Promise.resolve(w) : new Promise((resolve) => waiters.push(resolve));
  };
  let pending = 0;
  let allDone: (() => void) | undefined;
  for (const w of workers) {
    w.on('message', (msg: { index: number; result?: InputResult; crash?: string }) => {
      pending--;
      if (msg.crash !== undefined) failure ??= new Error(`scan worker failed: ${msg.crash}`);
      if (msg.result !== undefined) slots[msg.index] = msg.result;
      flush();
      release(w);
      if (pending === 0) allDone?.();
    });
    w.on('error', (e) => {
      failure ??= e;
      pending = 0;
      allDone?.();
      for (const resolve of waiters) resolve(w);
      waiters = [];
    });
    idle.push(w);
  }
  // Items go out in batches of consecutive items (one message and one result each), collected in order.
  let batch: SourceItem[] = [];
  let jobs = 0;
  const dispatch = async (): Promise<void> => {
    if (batch.length === 0) return;
    const job: ScanJob = { index: jobs++, items: batch };
    batch = [];
    const w = await acquire();
    if (failure) return;
    pending++;
    w.postMessage(job);
  };
  try {
    // Two jobs in flight per worker keep each thread busy while the next batch is posted.
    for (const w of workers) idle.push(w);
    for await (const item of items) {
      if (failure) break;
      batch.push(item);
      if (batch.length >= ITEMS_PER_JOB) await dispatch();
    }
    if (!failure) await dispatch();
    if (pending > 0 && !failure) await new Promise<void>((resolve) => (allDone = resolve));
    flush();
    if (failure) throw failure;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
