import type { Context, EventBridgeEvent } from 'aws-lambda';
import { unwrapValue } from '../core/decode/unwrap-value.ts';
import { AlertDeliveryError } from '../lambda/alert-delivery-error.ts';
import type { HandlerDeps } from '../lambda/handler-deps.ts';
import { runInvocation } from '../lambda/invocation.ts';
import { type InvocationSummary, summarize } from '../lambda/invocation-summary.ts';
import { judgeAndAlert } from '../lambda/judge-and-alert.ts';
import { createRuntime } from '../lambda/runtime.ts';

export type CloudTrailApiCallEvent = EventBridgeEvent<'AWS API Call via CloudTrail', unknown>;
export type EventsHandler = (event: CloudTrailApiCallEvent, context?: Context) => Promise<InvocationSummary>;

/**
 * The EventBridge handler for "AWS API Call via CloudTrail" events from `aws.sts`: the record is in
 * `detail`. Undelivered alerts and a broken configuration throw (EventBridge retries the invocation).
 */
export function createHandler(deps: HandlerDeps = {}): EventsHandler {
  const runtime = createRuntime('events', deps);
  return (event, context) =>
    runInvocation(runtime, context, async (ready) => {
      const source = `eventbridge:${typeof event.id === 'string' ? event.id : 'event'}`;
      const result = await judgeAndAlert(unwrapValue(event, { file: source }), runtime, ready, source);
      if (result.sinkFailures.length > 0) throw new AlertDeliveryError(result.sinkFailures);
      return summarize(result);
    });
}

export const handler: EventsHandler = createHandler();
