import type { Engine } from '../core/engine/create-engine.ts';
import type { Finding } from '../core/model/finding.ts';
import { formatLocation } from '../core/model/location.ts';
import type { InputResult } from '../core/pipeline/input-result.ts';
import type { JudgeOptions } from '../core/pipeline/judge-input.ts';
import { ScanCollector } from '../core/pipeline/scan-collector.ts';
import type { ScanCounts } from '../core/pipeline/scan-counts.ts';
import type { Tap } from '../core/pipeline/tap.ts';
import { factsOf, runStateStage, withStageOutput } from '../core/state/run-state-stage.ts';
import { stateFactsTapFor } from '../core/state/state-facts.ts';
import { deliverOnce } from './deliver-once.ts';
import type { Ready, Runtime } from './runtime.ts';
import { type SessionMetrics, sessionMetricsTap } from './session-metrics-tap.ts';

export interface JudgeAndAlertResult {
  readonly findings: readonly Finding[];
  readonly counts: ScanCounts;
  /** Sinks that gave up after their own retries; the caller decides what fails (invocation or message). */
  readonly sinkFailures: readonly { readonly sink: string; readonly error: Error }[];
  /**
   * (finding, sink) pairs another invocation's live claim held: not sent here. The caller fails the input
   * (the SQS message, the invocation) so that the platform re-drives it, in case that invocation does not
   * deliver them.
   */
  readonly held: readonly { readonly sink: string; readonly findingId: string }[];
}

/** Input errors kept per input; a corrupt object can hold millions of bad lines (all are counted). */
export const MAX_KEPT_ERRORS = 1000;
// The count goes to metrics, a sample to the log.
const MAX_ERROR_LINES = 20;

/**
 * Time kept back from alert delivery at the end of an invocation: to record what was delivered, log, flush
 * metrics and return the failure, instead of being cut off by the timeout with nothing said.
 */
export const DELIVERY_MARGIN_MS = 5_000;

/** How a handler turns its input into a result: `judgeValue` of an event, `judgeInput` of an object. */
export type JudgeFn = (engine: Engine, options: JudgeOptions) => InputResult;

/**
 * The handler-independent core of every function: judge one input with the core pipeline, run the state
 * stage (stateful rules, session lineage), count what was seen, hand findings to the sinks once per
 * de-duplication window. Input errors are logged with their location and counted, never thrown.
 */
export async function judgeAndAlert(
  source: string,
  judge: JudgeFn,
  runtime: Runtime,
  ready: Ready,
  /** The invocation's time left (`context.getRemainingTimeInMillis`); alert delivery stops before it ends. */
  remainingMs?: () => number,
): Promise<JudgeAndAlertResult> {
  const { log, metrics } = runtime;
  const judgedAt = runtime.now();
  // The stateful rules and session lineage, on the state this execution environment or the table holds.
  const { state } = ready;
  const options = state.options(judgedAt);
  const judged = judge(ready.engine, {
    maxErrors: MAX_KEPT_ERRORS,
    taps: [sessionMetricsTap, stateFactsTapFor(options.firstSeen !== undefined) as Tap],
  });
  const outputs = [];
  for (const facts of factsOf(judged))
    outputs.push(await runStateStage(state.store, facts, options, judgedAt));
  const result = withStageOutput(judged, outputs);
  const collector = new ScanCollector({ maxErrors: MAX_KEPT_ERRORS });
  const findings = [...collector.add(result), ...collector.finish().held];
  const { counts } = result;

  for (const error of result.errors.slice(0, MAX_ERROR_LINES)) {
    log.warn('input error', {
      kind: error.kind,
      reason: error.message,
      location: formatLocation(error.location),
    });
  }
  if (counts.malformed > MAX_ERROR_LINES) {
    log.warn('more input errors not logged', { source, notLogged: counts.malformed - MAX_ERROR_LINES });
  }
  for (const [eventName, n] of Object.entries(counts.byEventName)) {
    for (let i = 0; i < n; i++) metrics.credentialEvent(eventName);
  }
  const session = result.taps[sessionMetricsTap.id] as SessionMetrics;
  for (const [eventName, seconds] of session.granted) metrics.grantedSessionSeconds(eventName, seconds);
  for (const t of session.eventTimesMs) metrics.judgementLag(judgedAt - t);
  metrics.records(counts.records);
  metrics.inputErrors(counts.malformed);
  for (const f of findings) metrics.finding(f);

  const alerts = findings.filter((f) => !f.suppressed);
  // Each finding at most once per sink and window, across invocations and triggers; only after delivery.
  // Claims on (finding, sink) hold until this invocation ends, plus a margin (alert-lease.ts).
  const invocationEndMs = remainingMs === undefined ? undefined : runtime.now() + remainingMs();
  const delivery = await deliverOnce(ready.sinks, findings, {
    store: state.store,
    windowMs: state.dedupMs,
    now: runtime.now,
    lock: state.alertLock,
    sleep: runtime.sleep,
    ...(invocationEndMs === undefined
      ? {}
      : { invocationEndMs, deadline: { atMs: invocationEndMs - DELIVERY_MARGIN_MS, now: runtime.now } }),
  });
  const sinkFailures = delivery.failed;
  for (const failure of sinkFailures) {
    metrics.sinkFailure();
    log.error('alert sink failed', { sink: failure.sink, error: failure.error });
  }
  metrics.duplicateFindings(delivery.duplicates);
  if (delivery.held.length > 0) {
    log.warn('alerts claimed by another invocation that has not delivered them yet: the input is re-driven', {
      held: delivery.held.length,
      sinks: [...new Set(delivery.held.map((h) => h.sink))],
      findingIds: [...new Set(delivery.held.map((h) => h.findingId))].slice(0, MAX_ERROR_LINES),
    });
  }
  if (delivery.recordError !== undefined) {
    log.warn('alerts delivered, but not recorded: the next delivery of these findings may alert again', {
      error: delivery.recordError,
    });
  }
  if (delivery.releaseError !== undefined) {
    log.warn('claims of undelivered alerts not released: a re-drive takes them once their lease ends', {
      error: delivery.releaseError,
    });
  }
  log.info('judged', {
    source,
    records: counts.records,
    credentialEvents: counts.credentialEvents,
    trustPolicyEvents: counts.trustPolicyEvents,
    skipped: counts.skipped,
    controlMessages: counts.controlMessages,
    malformed: counts.malformed,
    findings: findings.length,
    alerts: alerts.length,
    duplicateAlerts: delivery.duplicates,
    heldAlerts: delivery.held.length,
    sinkFailures: sinkFailures.length,
    ...(state.consumed() === undefined ? {} : { stateCapacityUnits: state.consumed() }),
  });
  return { findings, counts, sinkFailures, held: delivery.held };
}
