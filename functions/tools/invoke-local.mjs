// Invokes a bundled Lambda function locally, as Lambda would, on an event file:
//   npm run invoke -- stream fixtures/inputs/cloudwatch-logs-subscription.json
//   npm run invoke -- events fixtures/inputs/eventbridge-assume-role.json
// Defaults (override with the environment): ROLEWATCH_CONFIG=fixtures/trust/example-org.yaml,
// ROLEWATCH_ALERT_SINKS=log (no AWS call), AWS_REGION=us-east-1. Logs, alerts and EMF metric lines go to
// stdout as in Lambda; the handler's return value goes to stderr.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FUNCTIONS = ['stream', 'events', 's3-batch'];
const [name, eventFile] = process.argv.slice(2);
if (!FUNCTIONS.includes(name ?? '') || eventFile === undefined) {
  process.stderr.write(`usage: npm run invoke -- <${FUNCTIONS.join('|')}> EVENT.json\n`);
  process.exit(2);
}
process.env.ROLEWATCH_CONFIG ??= join(root, 'fixtures', 'trust', 'example-org.yaml');
process.env.ROLEWATCH_ALERT_SINKS ??= 'log';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_LAMBDA_FUNCTION_NAME ??= `rolewatch-${name}`;

let event;
try {
  event = JSON.parse(readFileSync(resolve(eventFile), 'utf8'));
} catch (e) {
  process.stderr.write(`invoke: cannot read ${eventFile}: ${e.message}\n`);
  process.exit(2);
}
const { handler } = await import(pathToFileURL(join(root, 'dist', name, 'index.mjs')).href);
const context = {
  awsRequestId: `local-${Date.now().toString(36)}`,
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  memoryLimitInMB: '256',
  logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 60_000,
};
try {
  const result = await handler(event, context);
  process.stderr.write(`invoke: ${name} returned ${JSON.stringify(result)}\n`);
} catch (e) {
  process.stderr.write(`invoke: ${name} threw ${e?.name ?? 'Error'}: ${e?.message ?? e}\n`);
  process.exitCode = 1;
}
