import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { bindInvocation } from '../adapters/logging/create-logger.ts';
import { AlertsHeldError } from './alerts-held-error.ts';
import { ConfigurationError, type Ready, type Runtime } from './runtime.ts';

/**
 * The frame around every invocation: request id on every log line, configuration ready (or a loud
 * failure: error log, `ConfigErrors` metric, thrown error), and metrics flushed however it ends.
 */
export async function runInvocation<T>(
  runtime: Runtime,
  context: Context | undefined,
  body: (ready: Ready) => Promise<T>,
): Promise<T> {
  bindInvocation(runtime.log, context, `local-${randomUUID()}`);
  try {
    let ready: Ready;
    try {
      ready = await runtime.ready();
    } catch (e) {
      const error = e instanceof ConfigurationError ? e : new ConfigurationError([describe(e)]);
      runtime.log.error('configuration is broken: refusing to run without rules', {
        problems: error.problems,
      });
      runtime.metrics.configError();
      throw error;
    }
    try {
      return await body(ready);
    } catch (e) {
      // Not a failure of the function: another invocation is delivering the alerts; the retry checks.
      if (e instanceof AlertsHeldError)
        runtime.log.warn('invocation re-driven: alerts held elsewhere', { error: e });
      else runtime.log.error('invocation failed', { error: e instanceof Error ? e : new Error(describe(e)) });
      throw e;
    }
  } finally {
    runtime.metrics.flush();
  }
}

const describe = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
