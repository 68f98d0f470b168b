import { Worker } from 'node:worker_threads';
import { createEngine } from '../core/engine/create-engine.ts';
import type { ConfigIssue, TrustConfig } from '../core/model/trust-config.ts';
import type { InputResult } from '../core/pipeline/input-result.ts';
import { ScanCollector } from '../core/pipeline/scan-collector.ts';
import type { ScanCounts } from '../core/pipeline/scan-counts.ts';
import type { ScanResult } from '../core/pipeline/scan-result.ts';
import { listInputFilesSync } from '../io/read-inputs.ts';
import { judgeSourceItem, type ScanJob, type SourceItem } from './judge-source-item.ts';
import type { WorkerInit } from './scan-worker.ts';

export interface RunScanOptions {
  readonly paths: readonly string[];
  readonly config: TrustConfig;
  readonly warnings: readonly ConfigIssue[];
  readonly nowMs: number;
  /** Worker threads; 1 judges in this thread. */
  readonly workers: number;
  /** Input errors kept for output (the count stays exact). */
  readonly maxErrors: number;
  readonly onProgress?: (counts: ScanCounts, findings: number) => void;
}

/**
 * Scans inputs one at a time (memory does not grow with the number of files), in this thread or across
 * worker threads. Every input is judged by the same core function; results are collected in input
 * order, so the output is the same for any worker count.
 */
export async function runScan(options: RunScanOptions): Promise<ScanResult> {
  const collector = new ScanCollector({ maxErrors: options.maxErrors });
  const collect = (result: InputResult): void => {
    collector.add(result);
    options.onProgress?.(collector.counts, collector.findingCount);
  };
  const items = listInputFilesSync(options.paths);
  if (options.workers <= 1) {
    const engine = createEngine({ config: options.config, now: () => options.nowMs });
    const judge = { maxErrors: options.maxErrors };
    for (const item of items) collect(judgeSourceItem(item, engine, judge));
  } else {
    await runInWorkers(items, options, collect);
  }
  return collector.finish(options.warnings);
}

/**
 * Inputs per worker message. CloudTrail writes a file per account and region every few minutes, so real
 * trails hold many small files; a message per file cost more than judging them.
 */
const ITEMS_PER_JOB = 16;

async function runInWorkers(
  items: Iterable<SourceItem>,
  options: RunScanOptions,
  collect: (r: InputResult) => void,
): Promise<void> {
  const init: WorkerInit = { config: options.config, nowMs: options.nowMs, maxErrors: options.maxErrors };
  const url = new URL('./scan-worker.mjs', import.meta.url);
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
    for (const item of items) {
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
