import type { Context } from 'aws-lambda';
import { judgeValue } from '../core/pipeline/judge-input.ts';
import { AlertDeliveryError } from './alert-delivery-error.ts';
import { AlertsHeldError } from './alerts-held-error.ts';
import type { HandlerDeps } from './handler-deps.ts';
import { runInvocation } from './invocation.ts';
import { type InvocationSummary, summarize } from './invocation-summary.ts';
import { judgeAndAlert } from './judge-and-alert.ts';
import { createRuntime } from './runtime.ts';

/**
 * A handler whose event carries the records itself (`stream`, `events`): the event is judged as one
 * input named `sourceOf(event)`. Undelivered alerts (a sink failed, or another invocation still holds
 * their claims) and a broken configuration throw, so that Lambda retries (both triggers invoke
 * asynchronously: two retries, then the dead-letter queue); bad records are logged and counted, never
 * thrown.
 */
export function createEventHandler<E>(
  functionName: string,
  deps: HandlerDeps,
  sourceOf: (event: E) => string,
): (event: E, context?: Context) => Promise<InvocationSummary> {
  const runtime = createRuntime(functionName, deps);
  return (event, context) => {
    // Lambda stamps its Errors metric with this time; the held count is stamped alike (metrics-recorder.ts).
    const invokedAtMs = runtime.now();
    return runInvocation(runtime, context, async (ready) => {
      const source = sourceOf(event);
      const result = await judgeAndAlert(
        source,
        (engine, options) => judgeValue(event, source, engine, options),
        runtime,
        ready,
        context === undefined ? undefined : () => context.getRemainingTimeInMillis(),
      );
      if (result.sinkFailures.length > 0) throw new AlertDeliveryError(result.sinkFailures);
      // Acknowledged only once every alert is delivered: a claim held elsewhere may yet fail or crash.
      if (result.held.length > 0) {
        runtime.metrics.alertsHeldInvocation(invokedAtMs);
        throw new AlertsHeldError(result.held);
      }
      return summarize(result);
    });
  };
}
