import { sendToAll } from '../adapters/sinks/create-sinks.ts';
import type { DecodedItem } from '../core/decode/decoded-item.ts';
import type { Finding } from '../core/model/finding.ts';
import { formatLocation } from '../core/model/location.ts';
import { type JudgeTally, judgeItems } from '../core/pipeline/judge-items.ts';
import type { Ready, Runtime } from './runtime.ts';

export interface JudgeAndAlertResult {
  readonly findings: readonly Finding[];
  readonly tally: JudgeTally;
  /** Sinks that gave up after their own retries; the caller decides what fails (invocation or message). */
  readonly sinkFailures: readonly { readonly sink: string; readonly error: Error }[];
}

// A corrupt object can yield thousands of errors; the count goes to metrics, a sample to the log.
const MAX_ERROR_LINES = 20;

/**
 * The handler-independent core of every function: judge decoded items, count what was seen, hand
 * findings to the sinks. Input errors are logged with their location and counted, never thrown.
 */
export async function judgeAndAlert(
  items: Iterable<DecodedItem>,
  runtime: Runtime,
  ready: Ready,
  source: string,
): Promise<JudgeAndAlertResult> {
  const { log, metrics } = runtime;
  const judgedAt = runtime.now();
  let logged = 0;
  const { findings, tally } = judgeItems(items, ready.engine, {
    onEvent(event) {
      metrics.credentialEvent(event.eventName);
      if (event.session.grantedSeconds !== undefined) {
        metrics.grantedSessionSeconds(event.eventName, event.session.grantedSeconds);
      }
      if (event.eventTimeMs !== undefined) metrics.judgementLag(judgedAt - event.eventTimeMs);
    },
    onError(error) {
      if (logged++ < MAX_ERROR_LINES) {
        log.warn('input error', {
          kind: error.kind,
          reason: error.message,
          location: formatLocation(error.location),
        });
      }
    },
  });
  if (logged > MAX_ERROR_LINES) {
    log.warn('more input errors not logged', { source, notLogged: logged - MAX_ERROR_LINES });
  }
  metrics.records(tally.records);
  metrics.inputErrors(tally.malformed);
  for (const f of findings) metrics.finding(f);

  const alerts = findings.filter((f) => !f.suppressed);
  let sinkFailures: JudgeAndAlertResult['sinkFailures'] = [];
  if (alerts.length > 0 && ready.sinks.length > 0) {
    sinkFailures = (await sendToAll(ready.sinks, findings)).failed;
    for (const failure of sinkFailures) {
      metrics.sinkFailure();
      log.error('alert sink failed', { sink: failure.sink, error: failure.error });
    }
  }
  log.info('judged', {
    source,
    ...tally,
    findings: findings.length,
    alerts: alerts.length,
    sinkFailures: sinkFailures.length,
  });
  return { findings, tally, sinkFailures };
}
