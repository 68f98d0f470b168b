import { type AlertSink, alertable } from '../adapters/sinks/alert-sink.ts';
import type { Finding } from '../core/model/finding.ts';
import type { StateStore } from '../core/state/run-state-stage.ts';
import { type AlertItem, alertKey } from '../core/state/state-item.ts';
import type { StateOp } from '../core/state/state-op.ts';

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

/** When a delivery must give up: an absolute time and the clock to read it by. */
export interface DeliveryDeadline {
  readonly atMs: number;
  readonly now: () => number;
}

/**
 * Sends each finding to each sink at most once per window, across invocations and triggers (CONTRACT §6
 * `ROLEWATCH_DEDUP_HOURS`): what a sink delivered is recorded per (finding id, sink) as soon as that sink
 * succeeded, so a failed delivery is sent again when the input is re-driven, and only to the sinks that
 * failed — even when another sink is still retrying as the function's time runs out. A sink still busy at
 * `deadline` counts as failed (its own retries may outlast the function's timeout: 4 attempts of 10 s
 * against a Slack that does not answer), so that the invocation fails with its name instead of timing out.
 * What a sink does not alert on (suppressed findings, those below its minimum severity) is neither sent to
 * it nor recorded.
 */
export async function deliverOnce(
  sinks: readonly AlertSink[],
  findings: readonly Finding[],
  store: StateStore,
  windowMs: number,
  nowMs: number,
  deadline?: DeliveryDeadline,
): Promise<Delivery> {
  // What each sink alerts on: unsuppressed findings at or above its minimum severity.
  const due = sinks.map((sink) => alertable(findings, sink.minSeverity));
  const keys =
    windowMs <= 0 ? [] : due.flatMap((list, i) => list.map((f) => alertKey(f.id, sinks[i]?.name ?? '')));
  if (due.every((list) => list.length === 0)) return { failed: [], duplicates: 0 };
  const seen = keys.length === 0 ? new Map() : await store.read(keys, nowMs);
  const sent = (f: Finding, sink: AlertSink): boolean => seen.has(alertKey(f.id, sink.name));
  const perSink = sinks.map((sink, i) => (due[i] ?? []).filter((f) => !sent(f, sink)));
  // A duplicate: a finding some sink is due to alert on, and every such sink already has.
  const duplicates = findings.filter((f) => {
    const owed = sinks.filter((_, i) => due[i]?.includes(f));
    return owed.length > 0 && owed.every((s) => sent(f, s));
  }).length;

  const recordErrors: Error[] = [];
  const record = async (sink: AlertSink, delivered: readonly Finding[]): Promise<void> => {
    if (windowMs <= 0 || delivered.length === 0) return;
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
  const failed: { sink: string; error: Error }[] = [];
  await Promise.all(
    sinks.map(async (sink, i) => {
      const list = perSink[i] ?? [];
      if (list.length === 0) return;
      try {
        // Promise.resolve().then: a sink that throws synchronously is still just one failed sink.
        await beforeDeadline(
          Promise.resolve().then(() => sink.send(list)),
          deadline,
        );
      } catch (e) {
        failed.push({
          sink: sink.name,
          error: e instanceof Error ? e : new Error(`${sink.name} sink failed`),
        });
        return;
      }
      await record(sink, list);
    }),
  );
  // In the order of the sinks, whichever finished first.
  failed.sort(
    (a, b) => sinks.findIndex((s) => s.name === a.sink) - sinks.findIndex((s) => s.name === b.sink),
  );
  const [recordError] = recordErrors;
  return recordError === undefined ? { failed, duplicates } : { failed, duplicates, recordError };
}

/** `work`, or a rejection naming the deadline if it has not settled by then. */
function beforeDeadline<T>(work: Promise<T>, deadline: DeliveryDeadline | undefined): Promise<T> {
  if (deadline === undefined) return work;
  const leftMs = deadline.atMs - deadline.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            'still not delivered when the function had to stop (its time left went to retries); the input is re-driven',
          ),
        ),
      Math.max(0, leftMs),
    );
  });
  work.catch(() => undefined); // settled late, after the deadline: nothing waits for it any more
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
