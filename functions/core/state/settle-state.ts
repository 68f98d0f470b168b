import type { Finding } from '../model/finding.ts';
import { burstOutcome, rule as deniedBurst } from '../rules/denied-burst.ts';
import { firstSeenOutcome, rule as firstSeenPair } from '../rules/first-seen-pair.ts';
import { sha256Hex } from '../text/sha256-hex.ts';
import { densestWindow } from './denied-window.ts';
import { burstCapacity, originOfEvent, type StatePlan } from './plan-state.ts';
import type { DeniedFact, PairFact } from './state-facts.ts';
import type { BurstFired, BurstItem, StateItem } from './state-item.ts';
import type { OpResult, StateOp } from './state-op.ts';
import type { StateStageOptions } from './state-stage-options.ts';

/** A burst finding waiting for its claim on the bucket. */
export interface BurstClaim {
  readonly finding: Finding;
  readonly fired: BurstFired;
  readonly claim: number;
}

export interface SettledState {
  /** Findings final after the first writes (first-seen pairs, bursts read again). */
  readonly findings: readonly Finding[];
  /** Claims on buckets: a new burst's finding, or a continuation of the burst before (no finding). */
  readonly claims: readonly StateOp[];
  readonly bursts: readonly BurstClaim[];
}

/** The id of a burst: the rule, the actor and the bucket it started in (the same burst, the same id). */
export function burstId(actor: string, bucketStartMs: number): string {
  return sha256Hex(`${deniedBurst.id}\nburst:${actor}:${bucketStartMs}`).slice(0, 32);
}

const withOrigin = (
  plan: StatePlan,
  finding: Finding,
  fact: { readonly event: PairFact['event'] },
): Finding => {
  const origin = originOfEvent(plan.view, fact.event);
  return origin === undefined ? finding : { ...finding, actor: { ...finding.actor, origin } };
};

function firstSeenFinding(plan: StatePlan, p: PairFact, options: StateStageOptions): Finding | undefined {
  const firstSeen = options.firstSeen;
  if (firstSeen === undefined || firstSeen.mode !== 'report') return undefined;
  const outcome = firstSeenOutcome(p.event, firstSeen.forgetAfterDays);
  if (outcome.status !== 'match') return undefined;
  return withOrigin(plan, options.findingFor(firstSeenPair, p.event, outcome), p);
}

function burstFinding(
  plan: StatePlan,
  fact: DeniedFact,
  id: string,
  window: { count: number; fromMs: number; toMs: number },
  targets: readonly string[],
  full: boolean,
  options: StateStageOptions,
): Finding | undefined {
  const threshold = options.deniedBurst;
  if (threshold === undefined) return undefined;
  const outcome = burstOutcome(fact.event, { ...window, atLeast: full, targets, threshold });
  if (outcome.status !== 'match') return undefined;
  return { ...withOrigin(plan, options.findingFor(deniedBurst, fact.event, outcome), fact), id };
}

/**
 * What the first writes decided: a pair created by this input (and not another writer) is first seen;
 * a bucket that now holds a burst is claimed — for a new burst when the bucket before had none, as a
 * continuation of that one otherwise. The bucket contents come from the writes, so calls that concurrent
 * writers added count too.
 */
export function settleState(
  plan: StatePlan,
  results: readonly OpResult[],
  options: StateStageOptions,
): SettledState {
  const findings: Finding[] = [];
  for (const p of plan.rereadPairs) {
    const f = firstSeenFinding(plan, p, options);
    if (f !== undefined) findings.push(f);
  }
  for (const check of plan.pairs) {
    const result = results[check.write];
    const ours =
      result?.status === 'created' ||
      (result?.status === 'exists' && result.item.firstEvent === check.fact.identity && !result.item.learned);
    if (!ours) continue;
    const f = firstSeenFinding(plan, check.fact, options);
    if (f !== undefined) findings.push(f);
  }

  const claims: StateOp[] = [];
  const bursts: BurstClaim[] = [];
  const threshold = options.deniedBurst;
  if (threshold === undefined) return { findings, claims, bursts };
  const windowMs = threshold.windowMinutes * 60_000;
  // Buckets as the writes left them, and as the claims of this settle leave them (in bucket order).
  const after = new Map<string, StateItem>(plan.view);
  for (const check of plan.bursts) {
    const result = check.write === undefined ? undefined : results[check.write];
    if (result?.status === 'bucket') after.set(check.key, result.item);
  }
  for (const check of plan.bursts) {
    const current = after.get(check.key);
    if (current?.kind !== 'burst') continue;
    const previous = after.get(check.previousKey);
    const prev = previous?.kind === 'burst' ? previous : undefined;
    const window = densestWindow(
      [...(prev?.denials ?? []), ...current.denials],
      check.bucketStartMs,
      windowMs,
    );
    if (window === undefined || window.count < threshold.count) continue;
    const targets = [...new Set([...(prev?.roles ?? []), ...current.roles])];
    const full = current.denials.length >= burstCapacity(threshold.count);
    if (current.fired !== undefined) {
      // Reported already; reading the call it was reported on again reports it again (same id).
      const fact = check.facts.find((f) => f.identity === current.fired?.event);
      if (fact !== undefined) {
        const f = burstFinding(plan, fact, current.fired.findingId, window, targets, full, options);
        if (f !== undefined) findings.push(f);
      }
      continue;
    }
    let fired: BurstFired;
    let finding: Finding | undefined;
    if (prev?.fired !== undefined) {
      fired = prev.fired;
    } else {
      const fact = check.facts[check.facts.length - 1] as DeniedFact;
      fired = { findingId: burstId(check.actor, check.bucketStartMs), event: fact.identity };
      finding = burstFinding(plan, fact, fired.findingId, window, targets, full, options);
    }
    if (finding !== undefined) bursts.push({ finding, fired, claim: claims.length });
    claims.push({ op: 'fire-burst', key: check.key, fired });
    after.set(check.key, { ...current, fired } satisfies BurstItem);
  }
  return { findings, claims, bursts };
}

/** The stage's findings once the claims are written: a burst is reported by the writer whose claim holds. */
export function finishState(settled: SettledState, claimResults: readonly OpResult[]): Finding[] {
  const findings = [...settled.findings];
  for (const b of settled.bursts) {
    if (claimResults[b.claim]?.status === 'claimed') findings.push(b.finding);
  }
  return findings;
}
