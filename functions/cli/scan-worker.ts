// A scan worker thread: judges the inputs it is sent against the trust file the main thread compiled.
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../core/engine/create-engine.ts';
import type { TrustConfig } from '../core/model/trust-config.ts';
import { EMPTY_RESULT, mergeResults } from '../core/pipeline/input-result.ts';
import type { JudgeOptions } from '../core/pipeline/judge-input.ts';
import { judgeSourceItem, type ScanJob } from './judge-source-item.ts';
import { tapsById } from './taps.ts';

export interface WorkerInit {
  /**
   * The validated trust file, structured-cloned (plain data; this thread's engine compiles its patterns).
   * Sent validated rather than as YAML text so that this thread's bundle needs no YAML parser or schema
   * library: a worker then starts in a fraction of the time, which matters when a scan takes about a second.
   */
  readonly config: TrustConfig;
  readonly nowMs: number;
  /** Judge options without taps: functions do not cross threads, so taps travel by id. */
  readonly judge: Omit<JudgeOptions, 'taps'>;
  readonly tapIds: readonly string[];
}

const init = workerData as WorkerInit;
const engine = createEngine({ config: init.config, now: () => init.nowMs });
const options: JudgeOptions = { ...init.judge, taps: tapsById(init.tapIds) };

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
