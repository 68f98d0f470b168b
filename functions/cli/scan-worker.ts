// A scan worker thread: judges the files it is sent against the trust file the main thread compiled.
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../core/engine/create-engine.ts';
import type { TrustConfig } from '../core/model/trust-config.ts';
import { processFiles } from './process-file.ts';

export interface WorkerInit {
  /**
   * The compiled trust file, structured-cloned (plain data, RegExps and bigints). Sent compiled rather
   * than as YAML text so that this thread's bundle needs no YAML parser or schema library: a worker
   * then starts in a fraction of the time, which matters when a scan takes about a second.
   */
  readonly config: TrustConfig;
  readonly nowMs: number;
  readonly maxErrors: number;
}
export interface WorkerJob {
  readonly index: number;
  /** Consecutive input files, judged in order into one result. */
  readonly files: readonly string[];
}

const init = workerData as WorkerInit;
const engine = createEngine({ config: init.config, now: () => init.nowMs });

parentPort?.on('message', (job: WorkerJob) => {
  try {
    parentPort?.postMessage({ index: job.index, result: processFiles(job.files, engine, init.maxErrors) });
  } catch (e) {
    parentPort?.postMessage({ index: job.index, crash: String((e as Error)?.stack ?? e) });
  }
});
