// The floor on N threads: the same work as floor.mjs (read, gunzip, JSON.parse, count credential events),
// files dealt round-robin to N worker threads. It is the ceiling any N-worker scanner can reach on this
// machine, so the benchmark can tell "rolewatch scales badly" from "the machine does not scale".
//   node test/bench/floor-threads.mjs N DIR  ->  {"files":…,"records":…,"credentialEvents":…}
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';

const CREDENTIAL_EVENTS = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'AssumeRoot',
  'GetSessionToken',
  'GetFederationToken',
]);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (/\.(json|gz)$/.test(entry.name)) yield path;
  }
}

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
  for (const path of workerData) {
    let bytes = readFileSync(path);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    const body = JSON.parse(bytes.toString('utf8'));
    count.files++;
    for (const r of body.Records ?? []) {
      count.records++;
      if (r.eventSource === 'sts.amazonaws.com' && CREDENTIAL_EVENTS.has(r.eventName))
        count.credentialEvents++;
    }
  }
  parentPort.postMessage(count);
}
