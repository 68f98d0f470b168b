import type { ActorOrigin, Finding } from '../model/finding.ts';
import type { InputResult } from '../pipeline/input-result.ts';
import { keysToRead, planState } from './plan-state.ts';
import { finishState, settleState } from './settle-state.ts';
import { type StateFacts, stateFactsTap } from './state-facts.ts';
import type { StateItem } from './state-item.ts';
import type { OpResult, StateOp } from './state-op.ts';
import type { StateStageOptions } from './state-stage-options.ts';

/**
 * Where state lives (the port the adapters implement: memory, a file, DynamoDB). `read` returns the live
 * items among `keys` (expired ones are absent); `write` applies each op atomically on its own and
 * returns one result per op, in order (see `applyOp` for what each op does).
 */
export interface StateStore {
  read(keys: readonly string[]): Promise<ReadonlyMap<string, StateItem>>;
  write(ops: readonly StateOp[]): Promise<readonly OpResult[]>;
}

/** A store held in this process (memory, a file loaded for the run): the same operations, synchronous. */
export interface SyncStateStore {
  readSync(keys: readonly string[]): ReadonlyMap<string, StateItem>;
  writeSync(ops: readonly StateOp[]): readonly OpResult[];
  /** The latest event time judged: stores that age by the trail's clock follow it. */
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

function latestTimeMs(f: StateFacts): number | undefined {
  let latest: number | undefined;
  const see = (t: number): void => {
    if (latest === undefined || t > latest) latest = t;
  };
  for (const d of f.denied) see(d.timeMs);
  for (const p of Object.values(f.pairs)) see(p.lastMs);
  for (const i of f.issued) see(i.timeMs);
  return latest;
}

/**
 * The state stage on a store held in this process: read → plan → write → settle → claim. The CLI runs
 * it in the main thread for each input's result, in input order, so its output is the same for any
 * number of workers.
 */
export function runStateStageSync(
  store: SyncStateStore,
  facts: StateFacts,
  options: StateStageOptions,
): StageOutput {
  if (isEmpty(facts)) return EMPTY_OUTPUT;
  const latest = latestTimeMs(facts);
  if (latest !== undefined) store.observe?.(latest);
  const plan = planState(store.readSync(keysToRead(facts, options)), facts, options);
  const settled = settleState(plan, store.writeSync(plan.writes), options);
  const findings = finishState(settled, settled.claims.length === 0 ? [] : store.writeSync(settled.claims));
  return { findings, origins: plan.origins };
}

/** The same stage on a remote store (DynamoDB): three round trips at most (read, writes, claims). */
export async function runStateStage(
  store: StateStore,
  facts: StateFacts,
  options: StateStageOptions,
): Promise<StageOutput> {
  if (isEmpty(facts)) return EMPTY_OUTPUT;
  const plan = planState(await store.read(keysToRead(facts, options)), facts, options);
  const settled = settleState(plan, plan.writes.length === 0 ? [] : await store.write(plan.writes), options);
  const findings = finishState(settled, settled.claims.length === 0 ? [] : await store.write(settled.claims));
  return { findings, origins: plan.origins };
}

/** The facts the tap collected for a result (empty when the tap did not run). */
export const factsOf = (result: InputResult): StateFacts =>
  (result.taps[stateFactsTap.id] as StateFacts | undefined) ?? {
    denied: [],
    pairs: {},
    issued: [],
    callers: [],
  };

/**
 * The result with the stage's output: stateless findings of role-session callers carry `actor.origin`,
 * the stateful findings follow the input's own, and the facts are dropped (they are spent; a scan that
 * kept them would grow with the trail).
 */
export function withStageOutput(result: InputResult, output: StageOutput): InputResult {
  const { [stateFactsTap.id]: _spent, ...taps } = result.taps;
  const annotated =
    output.origins.size === 0
      ? result.findings
      : result.findings.map((f) => {
          const origin = output.origins.get(f.id);
          return origin === undefined ? f : { ...f, actor: { ...f.actor, origin } };
        });
  const findings = output.findings.length === 0 ? annotated : [...annotated, ...output.findings];
  return { ...result, findings, taps };
}
