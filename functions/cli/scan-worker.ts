// A scan worker thread: compiles its own copy of the trust file, then judges the files it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../core/engine/create-engine.ts';
import { parseTrustConfig } from '../core/trust/parse-trust-config.ts';
import { processFile } from './process-file.ts';

export interface WorkerInit {
  readonly configText: string;
  readonly configFile: string;
  readonly nowMs: number;
  readonly maxErrors: number;
}
export interface WorkerJob {
  readonly index: number;
  readonly file: string;
}

const init = workerData as WorkerInit;
const parsed = parseTrustConfig(init.configText, init.configFile, { now: new Date(init.nowMs) });
if (!parsed.ok) throw new Error(`worker: trust file no longer valid: ${init.configFile}`);
const engine = createEngine({ config: parsed.value.config, now: () => init.nowMs });

parentPort?.on('message', (job: WorkerJob) => {
  try {
    parentPort?.postMessage({ index: job.index, result: processFile(job.file, engine, init.maxErrors) });
  } catch (e) {
    parentPort?.postMessage({ index: job.index, crash: String((e as Error)?.stack ?? e) });
  }
});
