// Invokes a bundled Lambda function locally, as Lambda would, on an event file:
//   npm run invoke -- stream fixtures/inputs/cloudwatch-logs-subscription.json
//   npm run invoke -- events fixtures/inputs/eventbridge-assume-role.json
//   npm run invoke -- s3-batch fixtures/lambda-events/s3-batch-object-created.json
// Defaults (override with the environment): ROLEWATCH_CONFIG=fixtures/trust/example-org.yaml,
// ROLEWATCH_ALERT_SINKS=log (no AWS call), AWS_REGION=us-east-1. s3-batch reads the objects the event
// names from S3: point AWS_ENDPOINT_URL_S3 at a local S3 (e.g. s3rver) or use real credentials.
// Logs, alerts and EMF metric lines go to stdout/stderr as in Lambda; the handler's return value goes
// to stderr. The event must have the shape the function's trigger delivers, or this exits 2.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Each function's trigger event, as a check and as the sentence a usage error shows. */
const TRIGGERS = {
  stream: {
    shape: 'a CloudWatch Logs subscription event {"awslogs": {"data": "<base64 gzip>"}}',
    sample: 'fixtures/inputs/cloudwatch-logs-subscription.json',
    accepts: (e) => isObject(e) && isObject(e.awslogs) && typeof e.awslogs.data === 'string',
  },
  events: {
    shape: 'an EventBridge event {"detail-type": "AWS API Call via CloudTrail", "detail": {…record…}}',
    sample: 'fixtures/inputs/eventbridge-assume-role.json',
    accepts: (e) => isObject(e) && typeof e['detail-type'] === 'string' && isObject(e.detail),
  },
  's3-batch': {
    shape:
      'an SQS event {"Records": [{"eventSource": "aws:sqs", "messageId": "…", "body": "<S3 notification JSON>"}]}',
    sample: 'fixtures/lambda-events/s3-batch-object-created.json',
    accepts: (e) =>
      isObject(e) &&
      Array.isArray(e.Records) &&
      e.Records.length > 0 &&
      e.Records.every(
        (r) =>
          isObject(r) &&
          r.eventSource === 'aws:sqs' &&
          typeof r.messageId === 'string' &&
          typeof r.body === 'string',
      ),
  },
};

const usage = (message) => {
  process.stderr.write(`invoke: ${message}\n`);
  process.exit(2);
};

const [name, eventFile] = process.argv.slice(2);
const trigger = TRIGGERS[name ?? ''];
if (trigger === undefined || eventFile === undefined) {
  usage(`usage: npm run invoke -- <${Object.keys(TRIGGERS).join('|')}> EVENT.json`);
}
process.env.ROLEWATCH_CONFIG ??= join(root, 'fixtures', 'trust', 'example-org.yaml');
process.env.ROLEWATCH_ALERT_SINKS ??= 'log';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_LAMBDA_FUNCTION_NAME ??= `rolewatch-${name}`;
// What Lambda sets for an on-demand execution environment; Powertools reads it to log cold_start.
process.env.AWS_LAMBDA_INITIALIZATION_TYPE ??= 'on-demand';

let event;
try {
  event = JSON.parse(readFileSync(resolve(eventFile), 'utf8'));
} catch (e) {
  usage(`cannot read ${eventFile} as one JSON event: ${e.message}`);
}
if (!trigger.accepts(event)) {
  usage(
    `${eventFile} is not what ${name} receives: it expects ${trigger.shape} (example: ${trigger.sample})`,
  );
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
