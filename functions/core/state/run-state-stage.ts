import type { ActorOrigin, Finding } from '../model/finding.ts';
import type { InputResult } from '../pipeline/input-result.ts';
import { keysToRead, planState } from './plan-state.ts';
import { finishState, settleState } from './settle-state.ts';
import { factsBatchOf, type StateFacts, withoutFactsBatch } from './state-facts.ts';
import type { StateItem } from './state-item.ts';
import type { OpResult, StateOp } from './state-op.ts';
import type { StateStageOptions } from './state-stage-options.ts';

/**
 * Where state lives (the port the adapters implement: memory, a file, DynamoDB). `read` returns the items
 * among `keys` that are live at `asOfMs` (the time of the calls being judged: expired ones are absent);
 * `write` applies each op atomically on its own, as of that time, and returns one result per op, in order
 * (see `applyOp` for what each op does). Expiry is judged by the calls' time, not the clock on the wall,
 * so that a trail read late (a re-driven batch, last month's files, one region after another) sees the
 * state its calls saw.
 */
export interface StateStore {
  read(keys: readonly string[], asOfMs: number): Promise<ReadonlyMap<string, StateItem>>;
  write(ops: readonly StateOp[], asOfMs: number): Promise<readonly OpResult[]>;
}

/** A store held in this process (memory, a file loaded for the run): the same operations, synchronous. */
export interface SyncStateStore {
  readSync(keys: readonly string[], asOfMs: number): ReadonlyMap<string, StateItem>;
  writeSync(ops: readonly StateOp[], asOfMs: number): readonly OpResult[];
  /** The latest event time judged: stores that forget by the trail's clock follow it. */
  observe?(eventTimeMs: number): void;
}

/** What the stage adds to an input's result. */
export interface StageOutput {
  /** Findings of the stateful rules, for the input's calls. */
  readonly findings: readonly Finding[];
  /** `actor.origin` for the input's stateless findings, by finding id. */
  readonly origins: ReadonlyMap<string, ActorOrigin>;
}

const EMPTY_OUTPUT: StageOutput = { findings: [], origins: new Map() };

const isEmpty = (f: StateFacts): boolean =>
  f.denied.length === 0 &&
  f.issued.length === 0 &&
  f.callers.length === 0 &&
  Object.keys(f.pairs).length === 0;

/** The earliest and latest call time among the facts (undefined when no fact has one). */
function timeSpan(f: StateFacts): { earliest: number; latest: number } | undefined {
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  const see = (t: number): void => {
    if (t < earliest) earliest = t;
    if (t > latest) latest = t;
  };
  for (const d of f.denied) see(d.timeMs);
  for (const p of Object.values(f.pairs)) {
    see(p.firstMs);
    see(p.lastMs);
  }
  for (const i of f.issued) see(i.timeMs);
  return Number.isFinite(earliest) ? { earliest, latest } : undefined;
}

/**
 * The state stage on a store held in this process: read → plan → write → settle → claim. The CLI runs
 * it in the main thread for each input's result, in input order, so its output is the same for any
 * number of workers. `nowMs` stands in for the calls' time when none has one.
 */
export function runStateStageSync(
  store: SyncStateStore,
  facts: StateFacts,
  options: StateStageOptions,
  nowMs: number,
): StageOutput {
  if (isEmpty(facts)) return EMPTY_OUTPUT;
  const span = timeSpan(facts);
  if (span !== undefined) store.observe?.(span.latest);
  const at = span?.earliest ?? nowMs;
  const plan = planState(store.readSync(keysToRead(facts, options), at), facts, options);
  const settled = settleState(plan, store.writeSync(plan.writes, at), options);
  const claims = settled.claims.length === 0 ? [] : store.writeSync(settled.claims, at);
  return { findings: finishState(settled, claims), origins: plan.origins };
}

/** The same stage on a remote store (DynamoDB): three round trips at most (read, writes, claims). */
export async function runStateStage(
  store: StateStore,
  facts: StateFacts,
  options: StateStageOptions,
  nowMs: number,
): Promise<StageOutput> {
  if (isEmpty(facts)) return EMPTY_OUTPUT;
  const at = timeSpan(facts)?.earliest ?? nowMs;
  const plan = planState(await store.read(keysToRead(facts, options), at), facts, options);
  const settled = settleState(
    plan,
    plan.writes.length === 0 ? [] : await store.write(plan.writes, at),
    options,
  );
  const claims = settled.claims.length === 0 ? [] : await store.write(settled.claims, at);
  return { findings: finishState(settled, claims), origins: plan.origins };
}

/** The facts the tap collected for a result, one per input (none when the tap did not run). */
export const factsOf = (result: InputResult): readonly StateFacts[] =>
  factsBatchOf(result.taps)?.segments ?? [];

/**
 * The result with the stage's output for each of its inputs (`outputs[i]` for `factsOf(result)[i]`):
 * stateless findings of role-session callers carry `actor.origin`, each input's stateful findings follow
 * that input's own findings, and the facts are dropped (they are spent; a scan that kept them would grow
 * with the trail). The same inputs give the same list whether they came in one result or several.
 */
export function withStageOutput(result: InputResult, outputs: readonly StageOutput[]): InputResult {
  const taps = withoutFactsBatch(result.taps);
  const segments = factsOf(result);
  if (outputs.every((o) => o.findings.length === 0 && o.origins.size === 0)) {
    return { ...result, taps };
  }
  const origins = new Map<string, ActorOrigin>();
  for (const o of outputs) for (const [id, origin] of o.origins) origins.set(id, origin);
  const annotate = (f: Finding): Finding => {
    const origin = origins.get(f.id);
    return origin === undefined ? f : { ...f, actor: { ...f.actor, origin } };
  };
  const findings: Finding[] = [];
  let at = 0;
  segments.forEach((segment, i) => {
    for (const f of result.findings.slice(at, at + segment.findings)) findings.push(annotate(f));
    at += segment.findings;
    for (const f of outputs[i]?.findings ?? []) findings.push(f);
  });
  for (const f of result.findings.slice(at)) findings.push(annotate(f));
  return { ...result, findings, taps };
}
