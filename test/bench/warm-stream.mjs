// Warm judging time of the `stream` Lambda bundle against its own floor, in one process: imports the
// handler once, runs both WARMUP times unmeasured (a warm container has served many calls: the handler's
// code reaches its optimised tier in its first ~20 calls, 18 ms → 8 ms here, while JSON.parse is native
// from the start), then times, interleaved, the handler and the floor (base64 → gunzip → JSON.parse of
// the payload and of each log message) on the same CloudWatch Logs payload; writes the timings to
// RESULT_FILE.
//   node test/bench/warm-stream.mjs BUNDLE PAYLOAD_FILE ITERATIONS RESULT_FILE [WARMUP]
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

const [bundle, payloadFile, iterationsRaw, resultFile, warmupRaw = '0'] = process.argv.slice(2);
const event = JSON.parse(readFileSync(payloadFile, 'utf8'));
const iterations = Number(iterationsRaw);
const { handler } = await import(pathToFileURL(bundle).href);
const context = {
  functionName: 'rolewatch-stream-bench',
  awsRequestId: '00000000-0000-4000-8000-000000000000',
  getRemainingTimeInMillis: () => 900_000,
  callbackWaitsForEmptyEventLoop: false,
};
const CREDENTIAL = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'AssumeRoot',
  'GetSessionToken',
  'GetFederationToken',
]);
function floor() {
  const payload = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
  let n = 0;
  for (const e of payload.logEvents) {
    const r = JSON.parse(e.message);
    if (r.eventSource === 'sts.amazonaws.com' && CREDENTIAL.has(r.eventName)) n++;
  }
  return n;
}

// The handler logs and prints metrics on stdout; the bench measures, it does not keep them.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true;
// The first call pays for lazy initialisation (config load, clients): measured apart.
let started = process.hrtime.bigint();
const first = await handler(event, context);
const firstMs = Number(process.hrtime.bigint() - started) / 1e6;
const warmMs = [];
const floorMs = [];
for (let i = 0; i < Number(warmupRaw); i++) {
  await handler(event, context);
  floor();
}
for (let i = 0; i < iterations; i++) {
  started = process.hrtime.bigint();
  await handler(event, context);
  warmMs.push(Number(process.hrtime.bigint() - started) / 1e6);
  started = process.hrtime.bigint();
  floor();
  floorMs.push(Number(process.hrtime.bigint() - started) / 1e6);
}
process.stdout.write = write;
// What the handler returned, shortened: lets the report show that it judged rather than failed fast.
const returned = first === undefined ? 'undefined' : JSON.stringify(first).slice(0, 300);
writeFileSync(resultFile, JSON.stringify({ firstMs, warmMs, floorMs, returned }));
