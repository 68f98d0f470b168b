import { Worker } from 'node:worker_threads';
import { createEngine } from '../core/engine/create-engine.ts';
import type { InputError } from '../core/model/input-error.ts';
import { err } from '../core/model/result.ts';
import { FindingSet } from '../core/pipeline/finding-set.ts';
import type { ScanResult } from '../core/pipeline/scan-result.ts';
import { addCounts, countFindings, emptySummary, type ScanSummary } from '../core/pipeline/scan-summary.ts';
import { listInputFilesSync } from '../io/read-inputs.ts';
import type { LoadedTrustFile } from './load-trust-file.ts';
import { type FileResult, judgeFiles, type LoadedFile, loadFile } from './process-file.ts';
import type { WorkerInit, WorkerJob } from './scan-worker.ts';

export interface RunScanOptions {
  readonly paths: readonly string[];
  readonly trust: LoadedTrustFile;
  readonly nowMs: number;
  /** Worker threads; 1 judges in this thread. */
  readonly workers: number;
  /** Input errors kept for output (the count stays exact). */
  readonly maxErrors: number;
  readonly onProgress?: (summary: ScanSummary, findings: number) => void;
}

/**
 * Scans files one at a time (memory does not grow with the number of files), in this thread or across
 * worker threads. Results are merged in file order, so the output is the same for any worker count.
 */
export async function runScan(options: RunScanOptions): Promise<ScanResult> {
  const summary = emptySummary();
  const findings = new FindingSet();
  const errors: InputError[] = [];
  const merge = (r: FileResult): void => {
    addCounts(summary, r.summary);
    // The caller's copy of a cross-account call outranks the owner's copy, even from another file.
    findings.markResolved(r.resolved);
    findings.addAll(r.findings);
    for (const e of r.errors) if (errors.length < options.maxErrors) errors.push(e);
    options.onProgress?.(summary, findings.size);
  };
  const listingError = (error: InputError): void => {
    summary.files++;
    summary.malformed++;
    if (errors.length < options.maxErrors) errors.push(error);
  };

  if (options.workers <= 1) {
    const engine = createEngine({ config: options.trust.config, now: () => options.nowMs });
    // One thread, one file at a time, all into one result: no per-file result objects to build and
    // merge, which adds up on trails of many small files (as real ones are). Reading ahead on the I/O
    // thread pool was tried too: it competes for the same cores and slowed such trails by a tenth.
    const loaded = function* (): Generator<LoadedFile> {
      for (const entry of listInputFilesSync(options.paths)) {
        yield 'error' in entry
          ? { file: entry.error.location.file ?? '', content: err(entry.error) }
          : loadFile(entry.file);
      }
    };
    const onProgress = options.onProgress;
    merge(judgeFiles(loaded(), engine, options.maxErrors, onProgress && ((s, n) => onProgress(s, n))));
  } else {
    await runInWorkers(options, merge, listingError);
  }
  const sorted = findings.sorted();
  countFindings(summary, sorted);
  return { summary, findings: sorted, errors, warnings: options.trust.warnings };
}

/**
 * Files per worker message. CloudTrail writes a file per account and region every few minutes, so real
 * trails hold many small files; a message per file cost more than judging them.
 */
const FILES_PER_JOB = 16;

type Slot = { kind: 'file'; result?: FileResult } | { kind: 'error'; error: InputError } | { kind: 'merged' };
const MERGED: Slot = { kind: 'merged' };

async function runInWorkers(
  options: RunScanOptions,
  merge: (r: FileResult) => void,
  listingError: (e: InputError) => void,
): Promise<void> {
  const init: WorkerInit = {
    config: options.trust.config,
    nowMs: options.nowMs,
    maxErrors: options.maxErrors,
  };
  const url = new URL('./scan-worker.mjs', import.meta.url);
  const workers = Array.from({ length: options.workers }, () => new Worker(url, { workerData: init }));
  // Results may finish out of order; slots hold them until every earlier file has been merged.
  const slots: Slot[] = [];
  let nextToMerge = 0;
  const flush = (): void => {
    while (nextToMerge < slots.length) {
      const slot = slots[nextToMerge];
      if (slot === undefined) break;
      if (slot.kind === 'file') {
        if (slot.result === undefined) break;
        merge(slot.result);
      } else if (slot.kind === 'error') listingError(slot.error);
      slots[nextToMerge] = MERGED; // release the merged result's memory
      nextToMerge++;
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
    w.on('message', (msg: { index: number; result?: FileResult; crash?: string }) => {
      pending--;
      if (msg.crash !== undefined) failure ??= new Error(`scan worker failed: ${msg.crash}`);
      const slot = slots[msg.index];
      if (slot?.kind === 'file' && msg.result) slot.result = msg.result;
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
  // Files go out in batches of consecutive files (one message and one result each), merged in order.
  let batch: string[] = [];
  const dispatch = async (): Promise<void> => {
    if (batch.length === 0) return;
    const files = batch;
    batch = [];
    const index = slots.length;
    slots.push({ kind: 'file' });
    const w = await acquire();
    if (failure) return;
    pending++;
    w.postMessage({ index, files } satisfies WorkerJob);
  };
  try {
    // Two jobs in flight per worker keep each thread busy while the next batch is posted.
    for (const w of workers) idle.push(w);
    for (const entry of listInputFilesSync(options.paths)) {
      if (failure) break;
      if ('error' in entry) {
        await dispatch();
        slots.push({ kind: 'error', error: entry.error });
        flush();
        continue;
      }
      batch.push(entry.file);
      if (batch.length >= FILES_PER_JOB) await dispatch();
    }
    if (!failure) await dispatch();
    if (pending > 0 && !failure) await new Promise<void>((resolve) => (allDone = resolve));
    flush();
    if (failure) throw failure;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
