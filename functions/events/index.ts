import type { Context, EventBridgeEvent } from 'aws-lambda';
import { createEventHandler } from '../lambda/event-handler.ts';
import type { HandlerDeps } from '../lambda/handler-deps.ts';
import type { InvocationSummary } from '../lambda/invocation-summary.ts';

export type CloudTrailApiCallEvent = EventBridgeEvent<'AWS API Call via CloudTrail', unknown>;
export type EventsHandler = (event: CloudTrailApiCallEvent, context?: Context) => Promise<InvocationSummary>;

/**
 * The EventBridge handler for "AWS API Call via CloudTrail" events from `aws.sts`: the record is in
 * `detail`. EventBridge retries the invocation when it throws.
 */
export function createHandler(deps: HandlerDeps = {}): EventsHandler {
  return createEventHandler<CloudTrailApiCallEvent>(
    'events',
    deps,
    (event) => `eventbridge:${typeof event.id === 'string' ? event.id : 'event'}`,
  );
}

export const handler: EventsHandler = createHandler();
