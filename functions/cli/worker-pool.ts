import { Worker } from 'node:worker_threads';
import type { InputError } from '../core/model/input-error.ts';
import {
  EMPTY_RESULT,
  type InputResult,
  mergeResults,
  unreadableInput,
} from '../core/pipeline/input-result.ts';
import type { ScanJob, SourceItem } from './judge-source-item.ts';
import type { WorkerInit } from './scan-worker.ts';

/** What a worker answers: a job's result, or a crash (a bug: the scan stops with exit code 3). */
type Reply = { readonly index: number; readonly result?: InputResult; readonly crash?: string };

export interface WorkerPoolOptions {
  readonly url: URL;
  readonly init: WorkerInit;
  /** Workers started at most; they start only when a job needs one. */
  readonly max: number;
  /** Old-generation heap per worker, MB: a worker over it fails alone, not the scan. */
  readonly heapMb: number;
}

const describeItem = (item: SourceItem): string =>
  'file' in item
    ? item.file
    : 'input' in item
      ? item.input.name
      : 'error' in item
        ? (item.error.location.file ?? '')
        : item.ignored;

/**
 * Scan worker threads, started on demand up to `max`, one job each at a time. A worker that runs out
 * of memory takes only its own job down: the job's inputs are judged again one by one in fresh
 * workers, and an input that exhausts a worker on its own becomes an input error naming it, so every
 * other input's results are still printed. Any other worker failure is a bug and rejects the job.
 */
export class ScanWorkerPool {
  readonly #options: WorkerPoolOptions;
  readonly #idle: Worker[] = [];
  readonly #all = new Set<Worker>();
  readonly #waiting: ((w: Worker) => void)[] = [];
  #nextIndex = 0;
  #started = 0;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
  }

  /** Judges the items of one job in order into one result. */
  async run(items: readonly SourceItem[]): Promise<InputResult> {
    const outcome = await this.#runOnce(items);
    if (outcome !== 'out-of-memory') return outcome;
    if (items.length === 1) return unreadableInput(this.#outOfMemory(items[0]!));
    let result = EMPTY_RESULT;
    const merge = { maxErrors: this.#options.init.judge.maxErrors };
    for (const item of items) result = mergeResults(result, await this.run([item]), merge);
    return result;
  }

  /** Workers started so far (alive or not): at most one per job in flight, never more than `max`. */
  get started(): number {
    return this.#started;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#all].map((w) => w.terminate()));
  }

  #outOfMemory(item: SourceItem): InputError {
    const name = describeItem(item);
    return {
      kind: 'read',
      message:
        `not judged: ${name} exhausted a scan worker's memory (${this.#options.heapMb} MB heap); ` +
        'split the file, or raise ROLEWATCH_WORKER_HEAP_MB',
      location: { file: name },
    };
  }

  #runOnce(items: readonly SourceItem[]): Promise<InputResult | 'out-of-memory'> {
    return this.#acquire().then(
      (worker) =>
        new Promise((resolve, reject) => {
          const job: ScanJob = { index: this.#nextIndex++, items };
          const done = (): void => {
            worker.off('message', onMessage);
            worker.off('error', onError);
            worker.off('exit', onExit);
          };
          const onMessage = (reply: Reply): void => {
            done();
            this.#release(worker);
            if (reply.crash !== undefined) reject(new Error(`scan worker failed: ${reply.crash}`));
            else resolve(reply.result ?? EMPTY_RESULT);
          };
          const onError = (e: Error & { code?: string }): void => {
            done();
            this.#discard(worker);
            if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') resolve('out-of-memory');
            else reject(e);
          };
          const onExit = (code: number): void => {
            done();
            this.#discard(worker);
            reject(new Error(`scan worker exited (code ${code}) while judging ${items.length} input(s)`));
          };
          worker.on('message', onMessage);
          worker.on('error', onError);
          worker.on('exit', onExit);
          worker.postMessage(job);
        }),
    );
  }

  #acquire(): Promise<Worker> {
    const idle = this.#idle.pop();
    if (idle !== undefined) return Promise.resolve(idle);
    if (this.#all.size < this.#options.max) {
      const worker = new Worker(this.#options.url, {
        workerData: this.#options.init,
        resourceLimits: { maxOldGenerationSizeMb: this.#options.heapMb },
      });
      this.#all.add(worker);
      this.#started++;
      return Promise.resolve(worker);
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(worker: Worker): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next(worker);
    else this.#idle.push(worker);
  }

  /** A dead worker leaves the pool; one waiting job may start a fresh one in its place. */
  #discard(worker: Worker): void {
    this.#all.delete(worker);
    void worker.terminate();
    const next = this.#waiting.shift();
    if (next !== undefined) void this.#acquire().then(next);
  }
}
