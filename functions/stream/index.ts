import type { CloudWatchLogsEvent, Context } from 'aws-lambda';
import { createEventHandler } from '../lambda/event-handler.ts';
import type { HandlerDeps } from '../lambda/handler-deps.ts';
import type { InvocationSummary } from '../lambda/invocation-summary.ts';

export type StreamHandler = (event: CloudWatchLogsEvent, context?: Context) => Promise<InvocationSummary>;

/**
 * The CloudWatch Logs subscription handler: decodes `awslogs.data` (base64 gzip), acknowledges
 * CONTROL_MESSAGE, judges the CloudTrail records and alerts.
 */
export function createHandler(deps: HandlerDeps = {}): StreamHandler {
  return createEventHandler<CloudWatchLogsEvent>('stream', deps, () => 'event');
}

export const handler: StreamHandler = createHandler();
