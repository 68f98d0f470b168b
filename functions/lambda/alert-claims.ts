import type { AlertSink } from '../adapters/sinks/alert-sink.ts';
import type { Finding } from '../core/model/finding.ts';
import type { StateStore } from '../core/state/run-state-stage.ts';
import { type AlertItem, alertKey } from '../core/state/state-item.ts';
import type { StateOp } from '../core/state/state-op.ts';

/** What one round of claims found, by sink index. */
export interface ClaimRound {
  /** Claimed by this delivery: to send now. */
  readonly claimed: Finding[][];
  /** Ids the sink has already delivered (a live delivered item): not sent again. */
  readonly delivered: Set<string>[];
  /** Held by another delivery's live claim: not sent here (yet). */
  readonly held: Finding[][];
}

/** The delivery making claims: its token and when its claims stop holding. */
export interface Claimant {
  readonly by: string;
  readonly leaseEndMs: number;
}

/**
 * Claims every (finding, sink) of `perSink` for `claimant`, as of `nowMs` (one conditional write each,
 * see the `claim-alert` op), and sorts them by what the store answered.
 */
export async function claimAlerts(
  store: StateStore,
  sinks: readonly AlertSink[],
  perSink: readonly (readonly Finding[])[],
  claimant: Claimant,
  nowMs: number,
): Promise<ClaimRound> {
  const ops: StateOp[] = [];
  const where: { sink: number; finding: Finding }[] = [];
  perSink.forEach((list, i) => {
    const sink = sinks[i];
    if (sink === undefined) return;
    for (const f of list) {
      const item: AlertItem = {
        kind: 'alert',
        key: alertKey(f.id, sink.name),
        findingId: f.id,
        sink: sink.name,
        claim: { by: claimant.by, atMs: nowMs },
        expiresAtMs: claimant.leaseEndMs,
      };
      ops.push({ op: 'claim-alert', item });
      where.push({ sink: i, finding: f });
    }
  });
  const round: ClaimRound = {
    claimed: sinks.map(() => []),
    delivered: sinks.map(() => new Set<string>()),
    held: sinks.map(() => []),
  };
  if (ops.length === 0) return round;
  const results = await store.write(ops, nowMs);
  where.forEach(({ sink, finding }, n) => {
    const status = results[n]?.status;
    if (status === 'claimed') round.claimed[sink]?.push(finding);
    else if (status === 'delivered') round.delivered[sink]?.add(finding.id);
    // Anything else (a store that did not answer for it) counts as held: never sent unclaimed.
    else round.held[sink]?.push(finding);
  });
  return round;
}

/**
 * Ends `claimant`'s claims on these findings for `sink`, so that a re-drive (or a waiting invocation) can
 * take them at once instead of after the lease: for deliveries the sink said it did not make. A release
 * that fails leaves the claim to expire with its lease.
 */
export async function releaseAlerts(
  store: StateStore,
  sink: AlertSink,
  findings: readonly Finding[],
  claimant: Claimant,
  nowMs: number,
): Promise<void> {
  if (findings.length === 0) return;
  const ops: StateOp[] = findings.map((f) => ({
    op: 'release-alert',
    key: alertKey(f.id, sink.name),
    by: claimant.by,
  }));
  await store.write(ops, nowMs);
}
