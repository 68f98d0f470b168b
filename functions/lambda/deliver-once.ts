import { randomUUID } from 'node:crypto';
import { type AlertSink, alertable, SinkError } from '../adapters/sinks/alert-sink.ts';
import { type SendDeadline, sendEach } from '../adapters/sinks/create-sinks.ts';
import { NotSentError } from '../adapters/sinks/not-sent-error.ts';
import type { Finding } from '../core/model/finding.ts';
import type { StateStore } from '../core/state/run-state-stage.ts';
import { type AlertItem, alertKey, isDelivered } from '../core/state/state-item.ts';
import type { StateOp } from '../core/state/state-op.ts';
import { type Claimant, claimAlerts, releaseAlerts } from './alert-claims.ts';
import { leaseEndMs } from './alert-lease.ts';
import type { KeyedLock } from './keyed-lock.ts';

export interface Delivery {
  /** Sinks that gave up after their own retries. */
  readonly failed: readonly { readonly sink: string; readonly error: Error }[];
  /** Findings every sink had already delivered within the window: not sent again. */
  readonly duplicates: number;
  /**
   * (finding, sink) pairs another invocation still held a live claim on when this one stopped waiting:
   * not sent here. The input must be re-driven (a failed message or invocation), so that they are sent
   * if that invocation does not deliver them.
   */
  readonly held: readonly { readonly sink: string; readonly findingId: string }[];
  /**
   * Recording the deliveries failed (the alerts went out): the next delivery of the same findings may
   * alert again. Not a failed invocation: re-driving it would alert every sink again.
   */
  readonly recordError?: Error;
  /** Releasing a failed sink's claims failed: they hold until their lease ends, then a re-drive takes them. */
  readonly releaseError?: Error;
}

export interface DeliveryOptions {
  readonly store: StateStore;
  /** The de-duplication window (0: every finding is sent every time, nothing is claimed or recorded). */
  readonly windowMs: number;
  /** The wall clock: claims, leases and marks are judged by it. */
  readonly now: () => number;
  /** When the invocation ends (Lambda stops it): claims hold until then, plus a margin (alert-lease.ts). */
  readonly invocationEndMs?: number;
  /** Sinks still busy then count as failed. */
  readonly deadline?: SendDeadline;
  /** One per execution environment: deliveries sharing a (finding, sink) run one after another. */
  readonly lock?: KeyedLock;
  /** How this delivery waits between looks at another invocation's claim. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** This delivery's claim token (a fresh UUID by default). */
  readonly claimant?: string;
}

/**
 * Waits before looking again at claims another invocation holds: a delivery in progress usually ends
 * within a second or two (one SNS publish, one webhook call), and a finding it delivered meanwhile is
 * then a duplicate here, not a failed message. About 3.75 s in all, never past the deadline.
 */
export const CLAIM_WAITS_MS: readonly number[] = [250, 500, 1_000, 2_000];

const sleepMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends each finding to each sink at most once per window, across invocations and triggers (CONTRACT §6
 * `ROLEWATCH_DEDUP_HOURS`). Before sending, each (finding id, sink) is claimed with a lease (a
 * conditional write in the state store): of two invocations that would alert the same finding at the same
 * moment, one sends and the other does not. A claim another invocation holds is looked at again a few
 * times ({@link CLAIM_WAITS_MS}): delivered meanwhile, it is a duplicate; released, or its lease ended
 * (its invocation failed or crashed), it is taken over and sent; still held, it is reported in `held`
 * and the caller fails the input so that the platform re-drives it. What a sink delivered is recorded
 * (the claim becomes a delivered mark) as soon as that sink succeeded, so a failed delivery is sent again
 * when the input is re-driven, and only to the sinks that failed — even when another sink is still
 * retrying as the function's time runs out. A sink that gave up releases the claims it did not deliver;
 * one still busy at `deadline` counts as failed and keeps them (it may still deliver) until the lease
 * ends. What a sink does not alert on (suppressed findings, those below its minimum severity) is neither
 * sent to it nor claimed. With `lock`, deliveries of one execution environment that share a (finding,
 * sink) run one after another, from reading the marks to recording them.
 */
export async function deliverOnce(
  sinks: readonly AlertSink[],
  findings: readonly Finding[],
  options: DeliveryOptions,
): Promise<Delivery> {
  // What each sink alerts on: unsuppressed findings at or above its minimum severity.
  const due = sinks.map((sink) => alertable(findings, sink.minSeverity));
  if (due.every((list) => list.length === 0)) return { failed: [], duplicates: 0, held: [] };
  if (options.windowMs <= 0) {
    const { failed } = await sendEach(sinks, due, deadlineOf(options));
    return { failed, duplicates: 0, held: [] };
  }
  const keys = due.flatMap((list, i) => list.map((f) => alertKey(f.id, sinks[i]?.name ?? '')));
  const deliver = () => deliverClaimed(sinks, findings, due, keys, options);
  return options.lock === undefined ? deliver() : options.lock.run(keys, deliver);
}

const deadlineOf = (options: DeliveryOptions): { deadline?: SendDeadline } =>
  options.deadline === undefined ? {} : { deadline: options.deadline };

async function deliverClaimed(
  sinks: readonly AlertSink[],
  findings: readonly Finding[],
  due: readonly (readonly Finding[])[],
  keys: readonly string[],
  options: DeliveryOptions,
): Promise<Delivery> {
  const { store, now } = options;
  const claimant: Claimant = {
    by: options.claimant ?? randomUUID(),
    leaseEndMs: leaseEndMs(now(), options.invocationEndMs),
  };
  // One strongly consistent batch read first: what is delivered already costs no conditional write.
  const seen = await store.read(keys, now());
  const deliveredBefore = sinks.map(
    (sink, i) =>
      new Set(
        (due[i] ?? [])
          .filter((f) => {
            const item = seen.get(alertKey(f.id, sink.name));
            return item?.kind === 'alert' && isDelivered(item);
          })
          .map((f) => f.id),
      ),
  );
  let pending: Finding[][] = sinks.map((_, i) =>
    (due[i] ?? []).filter((f) => !deliveredBefore[i]?.has(f.id)),
  );
  const failed: { sink: string; error: Error }[] = [];
  const errors: StoreErrors = { record: [], release: [] };

  for (let round = 0; ; round++) {
    if (pending.every((list) => list.length === 0)) break;
    if (round > 0) {
      const wait = CLAIM_WAITS_MS[round - 1];
      if (wait === undefined) break;
      if (options.deadline !== undefined && now() + wait >= options.deadline.atMs) break;
      await (options.sleep ?? sleepMs)(wait);
    } else if (options.deadline !== undefined && now() >= options.deadline.atMs) {
      // No time left to send: claim nothing (a claim would hold others off for nothing), fail the input.
      pending.forEach((list, i) => {
        const name = sinks[i]?.name;
        if (list.length > 0 && name !== undefined) failed.push({ sink: name, error: new NotSentError(name) });
      });
      pending = pending.map(() => []);
      break;
    }
    const claims = await claimAlerts(store, sinks, pending, claimant, now());
    claims.delivered.forEach((ids, i) => {
      for (const id of ids) deliveredBefore[i]?.add(id);
    });
    const sinkFailures = await sendClaimed(sinks, claims.claimed, claimant, options, errors);
    failed.push(...sinkFailures);
    // A sink that failed fails the input anyway: what it still has held is left to the re-drive.
    const gaveUp = new Set(sinkFailures.map((f) => f.sink));
    pending = claims.held.map((list, i) => (gaveUp.has(sinks[i]?.name ?? '') ? [] : list));
  }

  const held = pending.flatMap((list, i) =>
    list.map((f) => ({ sink: sinks[i]?.name ?? 'unknown', findingId: f.id })),
  );
  // A duplicate: a finding some sink is due to alert on, and every such sink already has (from elsewhere).
  const duplicates = findings.filter((f) => {
    const owed = sinks.map((_, i) => i).filter((i) => due[i]?.includes(f));
    return owed.length > 0 && owed.every((i) => deliveredBefore[i]?.has(f.id));
  }).length;
  const [recordError] = errors.record;
  const [releaseError] = errors.release;
  return {
    failed,
    duplicates,
    held,
    ...(recordError === undefined ? {} : { recordError }),
    ...(releaseError === undefined ? {} : { releaseError }),
  };
}

interface StoreErrors {
  readonly record: Error[];
  readonly release: Error[];
}

/**
 * Sends each sink the findings claimed for it; marks what each delivered as soon as it has; releases the
 * claims a sink that gave up did not deliver. Returns the sinks that failed; store errors go to `errors`.
 */
async function sendClaimed(
  sinks: readonly AlertSink[],
  claimed: readonly (readonly Finding[])[],
  claimant: Claimant,
  options: DeliveryOptions,
  errors: StoreErrors,
): Promise<{ sink: string; error: Error }[]> {
  const { store, now, windowMs } = options;
  const deliveredIds = sinks.map(() => new Set<string>());
  const record = async (i: number, onlyIds?: readonly string[]): Promise<void> => {
    const sink = sinks[i];
    const only = onlyIds === undefined ? undefined : new Set(onlyIds);
    const delivered = (claimed[i] ?? []).filter((f) => only === undefined || only.has(f.id));
    if (sink === undefined || delivered.length === 0) return;
    for (const f of delivered) deliveredIds[i]?.add(f.id);
    const atMs = now();
    const marks: StateOp[] = delivered.map((f) => {
      const item: AlertItem = {
        kind: 'alert',
        key: alertKey(f.id, sink.name),
        findingId: f.id,
        sink: sink.name,
        alertedAtMs: atMs,
        expiresAtMs: atMs + windowMs,
      };
      return { op: 'mark-alerted', item };
    });
    try {
      await store.write(marks, atMs);
    } catch (e) {
      errors.record.push(toError(e));
    }
  };
  const { failed } = await sendEach(sinks, claimed, { onDelivered: record, ...deadlineOf(options) });
  await Promise.all(
    failed.map(async ({ sink: name, error }) => {
      const i = sinks.findIndex((s) => s.name === name);
      const sink = sinks[i];
      // Only a sink that gave up says what it did not deliver, and one never called delivered nothing;
      // one cut off by the deadline may yet deliver.
      if (sink === undefined || !(error instanceof SinkError || error instanceof NotSentError)) return;
      const undelivered = (claimed[i] ?? []).filter((f) => !deliveredIds[i]?.has(f.id));
      try {
        await releaseAlerts(store, sink, undelivered, claimant, now());
      } catch (e) {
        errors.release.push(toError(e));
      }
    }),
  );
  return failed;
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
