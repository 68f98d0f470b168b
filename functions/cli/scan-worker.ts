// A scan worker thread: judges the inputs it is sent against the trust file the main thread compiled.
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../core/engine/create-engine.ts';
import type { TrustConfig } from '../core/model/trust-config.ts';
import { EMPTY_RESULT, mergeResults } from '../core/pipeline/input-result.ts';
import { judgeSourceItem, type ScanJob } from './judge-source-item.ts';

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

const init = workerData as WorkerInit;
const engine = createEngine({ config: init.config, now: () => init.nowMs });
const options = { maxErrors: init.maxErrors };

parentPort?.on('message', (job: ScanJob) => {
  try {
    // A batch of consecutive inputs answers with one merged result: one message per batch, not per file.
    let result = EMPTY_RESULT;
    for (const item of job.items)
      result = mergeResults(result, judgeSourceItem(item, engine, options), options);
    parentPort?.postMessage({ index: job.index, result });
  } catch (e) {
    parentPort?.postMessage({ index: job.index, crash: String((e as Error)?.stack ?? e) });
  }
});
