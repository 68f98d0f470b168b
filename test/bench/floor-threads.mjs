// The floor on N threads: the same work as floor.mjs (read, gunzip, JSON.parse, count credential events),
// files dealt round-robin to N worker threads. It is the ceiling any N-worker scanner can reach on this
// machine, so the benchmark can tell "rolewatch scales badly" from "the machine does not scale".
//   node test/bench/floor-threads.mjs N DIR  ->  {"files":…,"records":…,"credentialEvents":…}
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { countFile, walk } from './floor-count.mjs';

if (isMainThread) {
  const threads = Number(process.argv[2]);
  const files = process.argv.slice(3).flatMap((root) => [...walk(root)]);
  const shares = Array.from({ length: threads }, (_, t) => files.filter((_, i) => i % threads === t));
  const counts = await Promise.all(
    shares.map(
      (share) =>
        new Promise((resolve, reject) => {
          const w = new Worker(new URL(import.meta.url), { workerData: share });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  const total = { files: 0, records: 0, credentialEvents: 0 };
  for (const c of counts) for (const k of Object.keys(total)) total[k] += c[k];
  process.stdout.write(`${JSON.stringify(total)}\n`);
} else {
  const count = { files: 0, records: 0, credentialEvents: 0 };
  for (const path of workerData) countFile(path, count);
  parentPort.postMessage(count);
}
