// Warm judging time of the `stream` Lambda bundle: imports the handler once, invokes it with the
// same CloudWatch Logs payload several times, and writes the timings to RESULT_FILE.
//   node test/bench/warm-stream.mjs BUNDLE PAYLOAD_FILE ITERATIONS RESULT_FILE
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, payloadFile, iterationsRaw, resultFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(payloadFile, 'utf8'));
const iterations = Number(iterationsRaw);
const { handler } = await import(pathToFileURL(bundle).href);
const context = {
  functionName: 'rolewatch-stream-bench',
  awsRequestId: '00000000-0000-4000-8000-000000000000',
  getRemainingTimeInMillis: () => 900_000,
  callbackWaitsForEmptyEventLoop: false,
};

// The first call pays for lazy initialisation (config load, clients): measured apart.
let started = process.hrtime.bigint();
const first = await handler(event, context);
const firstMs = Number(process.hrtime.bigint() - started) / 1e6;
const warmMs = [];
for (let i = 0; i < iterations; i++) {
  started = process.hrtime.bigint();
  await handler(event, context);
  warmMs.push(Number(process.hrtime.bigint() - started) / 1e6);
}
// What the handler returned, shortened: lets the report show that it judged rather than failed fast.
const returned = first === undefined ? 'undefined' : JSON.stringify(first).slice(0, 300);
writeFileSync(resultFile, JSON.stringify({ firstMs, warmMs, returned }));
