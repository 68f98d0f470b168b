import type { CloudWatchLogsEvent, Context } from 'aws-lambda';
import { unwrapValue } from '../core/decode/unwrap-value.ts';
import { AlertDeliveryError } from '../lambda/alert-delivery-error.ts';
import type { HandlerDeps } from '../lambda/handler-deps.ts';
import { runInvocation } from '../lambda/invocation.ts';
import { type InvocationSummary, summarize } from '../lambda/invocation-summary.ts';
import { judgeAndAlert } from '../lambda/judge-and-alert.ts';
import { createRuntime } from '../lambda/runtime.ts';

export type StreamHandler = (event: CloudWatchLogsEvent, context?: Context) => Promise<InvocationSummary>;

/**
 * The CloudWatch Logs subscription handler: decodes `awslogs.data` (base64 gzip), acknowledges
 * CONTROL_MESSAGE, judges the CloudTrail records and alerts. Undelivered alerts and a broken
 * configuration throw, so that Lambda retries; bad records are logged and counted, never thrown.
 */
export function createHandler(deps: HandlerDeps = {}): StreamHandler {
  const runtime = createRuntime('stream', deps);
  return (event, context) =>
    runInvocation(runtime, context, async (ready) => {
      const result = await judgeAndAlert(
        unwrapValue(event, { file: 'event' }),
        runtime,
        ready,
        'cloudwatch-logs',
      );
      if (result.sinkFailures.length > 0) throw new AlertDeliveryError(result.sinkFailures);
      return summarize(result);
    });
}

export const handler: StreamHandler = createHandler();
