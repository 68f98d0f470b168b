// Runs the built s3-batch bundle once on one object file, served by a stand-in S3 client, in a fresh
// process, and prints its peak RSS: the memory the handler needs for that object (alerts go to the log
// sink and are not printed; no AWS call is made).
//   node test/bench/s3-batch-run.mjs BUNDLE OBJECT_FILE TRUST_FILE  ->  {"maxRssMb", "ms", "failures"}
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';

const [bundle, objectFile, trustFile] = process.argv.slice(2);
const { createHandler } = await import(pathToFileURL(bundle).href);
const gz = readFileSync(objectFile);
function* chunks() {
  for (let i = 0; i < gz.length; i += 64 * 1024) yield gz.subarray(i, i + 64 * 1024);
}
const key =
  'AWSLogs/444455556666/CloudTrail/us-east-1/2026/11/01/444455556666_CloudTrail_us-east-1_20261101T0105Z_bench.json.gz';
const body = {
  Records: [
    {
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: 'trail' }, object: { key } },
    },
  ],
};
const event = {
  Records: [
    {
      messageId: 'bench-1',
      receiptHandle: 'r',
      body: JSON.stringify(body),
      attributes: {},
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:444455556666:q',
      awsRegion: 'us-east-1',
    },
  ],
};
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true;
const handler = createHandler({
  env: {
    ROLEWATCH_CONFIG: trustFile,
    ROLEWATCH_ALERT_SINKS: 'log',
    ROLEWATCH_STATE: 'memory',
    AWS_REGION: 'us-east-1',
  },
  s3: { send: async () => ({ Body: Readable.from(chunks()) }) },
  sinks: [],
  now: () => Date.parse('2026-11-02T00:00:00Z'),
});
const started = performance.now();
const response = await handler(event);
const ms = performance.now() - started;
process.stdout.write = write;
write(
  `${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024, ms, failures: response.batchItemFailures.length })}\n`,
);
