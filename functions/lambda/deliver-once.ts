import { type AlertSink, alertable } from '../adapters/sinks/alert-sink.ts';
import { type SendDeadline, sendEach } from '../adapters/sinks/create-sinks.ts';
import type { Finding } from '../core/model/finding.ts';
import type { StateStore } from '../core/state/run-state-stage.ts';
import { type AlertItem, alertKey } from '../core/state/state-item.ts';
import type { StateOp } from '../core/state/state-op.ts';
import type { KeyedLock } from './keyed-lock.ts';

export interface Delivery {
  /** Sinks that gave up after their own retries. */
  readonly failed: readonly { readonly sink: string; readonly error: Error }[];
  /** Findings every sink had already delivered within the window: not sent again. */
  readonly duplicates: number;
  /**
   * Recording the deliveries failed (the alerts went out): the next delivery of the same findings may
   * alert again. Not a failed invocation: re-driving it would alert every sink again.
   */
  readonly recordError?: Error;
}

/**
 * Sends each finding to each sink at most once per window, across invocations and triggers (CONTRACT §6
 * `ROLEWATCH_DEDUP_HOURS`): what a sink delivered is recorded per (finding id, sink) as soon as that sink
 * succeeded, so a failed delivery is sent again when the input is re-driven, and only to the sinks that
 * failed — even when another sink is still retrying as the function's time runs out. A sink still busy at
 * `deadline` counts as failed (its own retries may outlast the function's timeout: 4 attempts of 10 s
 * against a Slack that does not answer), so that the invocation fails with its name instead of timing out.
 * What a sink does not alert on (suppressed findings, those below its minimum severity) is neither sent to
 * it nor recorded. With `lock` (one per execution environment), deliveries that share a (finding, sink)
 * run one after another, from reading the marks to recording them: two SQS messages of one batch naming
 * the same object, or the two copies of a cross-account call, then alert once instead of both reading
 * "not sent" before either has recorded.
 */
export async function deliverOnce(
  sinks: readonly AlertSink[],
  findings: readonly Finding[],
  store: StateStore,
  windowMs: number,
  nowMs: number,
  deadline?: SendDeadline,
  lock?: KeyedLock,
): Promise<Delivery> {
  // What each sink alerts on: unsuppressed findings at or above its minimum severity.
  const due = sinks.map((sink) => alertable(findings, sink.minSeverity));
  const keys =
    windowMs <= 0 ? [] : due.flatMap((list, i) => list.map((f) => alertKey(f.id, sinks[i]?.name ?? '')));
  if (due.every((list) => list.length === 0)) return { failed: [], duplicates: 0 };
  const deliver = () => deliverDue(sinks, findings, due, keys, store, windowMs, nowMs, deadline);
  return lock === undefined || keys.length === 0 ? deliver() : lock.run(keys, deliver);
}

async function deliverDue(
  sinks: readonly AlertSink[],
  findings: readonly Finding[],
  due: readonly (readonly Finding[])[],
  keys: readonly string[],
  store: StateStore,
  windowMs: number,
  nowMs: number,
  deadline: SendDeadline | undefined,
): Promise<Delivery> {
  const seen = keys.length === 0 ? new Map() : await store.read(keys, nowMs);
  const sent = (f: Finding, sink: AlertSink): boolean => seen.has(alertKey(f.id, sink.name));
  const perSink = sinks.map((sink, i) => (due[i] ?? []).filter((f) => !sent(f, sink)));
  // A duplicate: a finding some sink is due to alert on, and every such sink already has.
  const duplicates = findings.filter((f) => {
    const owed = sinks.filter((_, i) => due[i]?.includes(f));
    return owed.length > 0 && owed.every((s) => sent(f, s));
  }).length;

  const recordErrors: Error[] = [];
  // What a sink delivered is recorded as soon as it has, not when every sink is done.
  const record = async (i: number, onlyIds?: readonly string[]): Promise<void> => {
    const sink = sinks[i];
    const only = onlyIds === undefined ? undefined : new Set(onlyIds);
    const delivered = (perSink[i] ?? []).filter((f) => only === undefined || only.has(f.id));
    if (windowMs <= 0 || sink === undefined || delivered.length === 0) return;
    const marks: StateOp[] = delivered.map((f) => {
      const item: AlertItem = {
        kind: 'alert',
        key: alertKey(f.id, sink.name),
        findingId: f.id,
        sink: sink.name,
        alertedAtMs: nowMs,
        expiresAtMs: nowMs + windowMs,
      };
      return { op: 'mark-alerted', item };
    });
    try {
      await store.write(marks, nowMs);
    } catch (e) {
      recordErrors.push(e instanceof Error ? e : new Error(String(e)));
    }
  };
  const { failed } = await sendEach(sinks, perSink, {
    onDelivered: record,
    ...(deadline === undefined ? {} : { deadline }),
  });
  const [recordError] = recordErrors;
  return recordError === undefined ? { failed, duplicates } : { failed, duplicates, recordError };
}
