import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { SelectiveStream } from '../core/decode/selective-stream.ts';
import { judgeDecodedInput, judgeInput } from '../core/pipeline/judge-input.ts';
import { processPartialBatch } from '../lambda/batch-response.ts';
import type { HandlerDeps } from '../lambda/handler-deps.ts';
import { runInvocation } from '../lambda/invocation.ts';
import { DELIVERY_MARGIN_MS, judgeAndAlert } from '../lambda/judge-and-alert.ts';
import { DEFAULT_MAX_OBJECT_BYTES, streamS3Object } from '../lambda/read-s3-object.ts';
import type { Ready, Runtime } from '../lambda/runtime.ts';
import { createRuntime } from '../lambda/runtime.ts';
import { parseNotification } from '../lambda/s3-notification.ts';

export interface S3BatchDeps extends HandlerDeps {
  /** Cap on one object's (decompressed) size; 256 MiB by default. */
  readonly maxObjectBytes?: number;
  /** Messages processed at the same time; 4 by default. */
  readonly concurrency?: number;
}

export type S3BatchHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/**
 * The SQS handler for S3 notifications of new CloudTrail log objects (direct, or fanned out through
 * SNS, or CloudTrail's own SNS notification). Each object is fetched and gunzipped as a stream into the
 * selective parser, so that only its compressed bytes and the records that can matter are held (a
 * 100 MB log file is judged within 256 MB); an object that is not a plain log file is then judged from
 * its bytes, as the CLI judges a file, with the same result. A message fails — and only that message is re-driven — when one of its objects cannot be
 * read or its alerts were not delivered (a sink failed, or another invocation still holds their claims), and
 * when the delivery deadline (5 s before the timeout) arrives before one of its objects is read or while it
 * is being read (the read is stopped). Digest and Insights files and `s3:TestEvent` are acknowledged.
 */
export function createHandler(deps: S3BatchDeps = {}): S3BatchHandler {
  const runtime = createRuntime('s3-batch', deps);
  const maxBytes = deps.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES;
  return (event, context) =>
    runInvocation(runtime, context, (ready) =>
      processPartialBatch(
        event.Records ?? [],
        (record) => processMessage(record, runtime, ready, maxBytes, context),
        {
          concurrency: deps.concurrency ?? 4,
          onThrow(record, error) {
            runtime.log.error('message failed', { messageId: record.messageId, error: toError(error) });
          },
        },
      ),
    );
}

async function processMessage(
  record: SQSRecord,
  runtime: Runtime,
  ready: Ready,
  maxBytes: number,
  context: Context | undefined,
): Promise<boolean> {
  const { log, metrics } = runtime;
  const messageId = record.messageId;
  const parsed = parseNotification(record.body);
  if (parsed.kind === 'test') {
    log.info('S3 test event acknowledged', { messageId });
    return true;
  }
  if (parsed.kind === 'invalid') {
    // Re-driving will not help, but failing sends the message to the dead-letter queue for a person.
    log.error('message is not a notification of new objects', { messageId, reason: parsed.reason });
    metrics.inputErrors(1);
    return false;
  }
  for (const skipped of parsed.ignored) log.debug('object skipped', { messageId, ...skipped });
  let succeeded = true;
  for (const ref of parsed.objects) {
    const url = `s3://${ref.bucket}/${ref.key}`;
    // Past the delivery deadline nothing it found could be sent, and a read (up to 256 MiB) could run
    // into the timeout, which throws away the whole batch's answer: the message comes back instead.
    if (context !== undefined && context.getRemainingTimeInMillis() <= DELIVERY_MARGIN_MS) {
      log.warn('object not read: no time left; the message is re-driven', { messageId, object: url });
      return false;
    }
    const stream = new SelectiveStream(url);
    let streaming = true;
    // A read still going at the deadline is stopped, for the same reason as above.
    const signal =
      context === undefined
        ? undefined
        : AbortSignal.timeout(context.getRemainingTimeInMillis() - DELIVERY_MARGIN_MS);
    const read = await streamS3Object(
      runtime.s3(),
      ref,
      maxBytes,
      (chunk) => {
        if (streaming) streaming = stream.push(chunk);
      },
      signal,
    );
    if (!read.ok && read.error.kind === 'stopped') {
      log.warn('object read stopped: no time left; the message is re-driven', { messageId, object: url });
      return false;
    }
    if (!read.ok) {
      log.error('cannot read CloudTrail object', {
        messageId,
        object: url,
        kind: read.error.kind,
        reason: read.error.message,
      });
      metrics.inputErrors(1);
      succeeded = false;
      continue;
    }
    const items = read.value.gzipped ? stream.end() : undefined;
    const whole = { name: url, bytes: read.value.bytes };
    const result = await judgeAndAlert(
      url,
      (engine, o) =>
        items === undefined ? judgeInput(whole, engine, o) : judgeDecodedInput(items, engine, o),
      runtime,
      ready,
      context === undefined ? undefined : () => context.getRemainingTimeInMillis(),
    );
    // A claim another invocation still holds: this message comes back (after the visibility timeout,
    // past the lease) and finds the alert delivered, or sends it if that invocation did not.
    if (result.sinkFailures.length > 0 || result.held.length > 0) succeeded = false;
  }
  return succeeded;
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

export const handler: S3BatchHandler = createHandler();
