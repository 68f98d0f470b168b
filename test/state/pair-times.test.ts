import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../functions/adapters/state/memory-store.ts';
import type { CredentialEvent } from '../../functions/core/model/credential-event.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { EMPTY_RESULT, type InputResult } from '../../functions/core/pipeline/input-result.ts';
import { keysToRead } from '../../functions/core/state/plan-state.ts';
import { factsOf, runStateStageSync, withStageOutput } from '../../functions/core/state/run-state-stage.ts';
import {
  addFacts,
  emptyFacts,
  isWholePair,
  type StateFacts,
  stateFactsTap,
  stateFactsTapFor,
  statePairTimesTap,
} from '../../functions/core/state/state-facts.ts';
import type { StateStageOptions } from '../../functions/core/state/state-stage-options.ts';
import { exampleTrust, FIXTURES, fixtureRecords, NOW_MS, normalized, stageOptions } from './support/stage.ts';

/**
 * Every fixture that is a sequence of calls or a credential call on its own, one input each, in a fixed
 * order: denied bursts, role chains across accounts, first-seen pairs, and each rule's scenarios.
 */
function inputs(): { name: string; events: CredentialEvent[] }[] {
  const files: string[] = [];
  for (const dir of ['lineage', 'denied-burst']) {
    for (const f of readdirSync(join(FIXTURES, dir)).sort())
      if (f.endsWith('.json')) files.push(join(dir, f));
  }
  for (const rule of readdirSync(join(FIXTURES, 'rules')).sort()) {
    for (const f of readdirSync(join(FIXTURES, 'rules', rule)).sort()) {
      if (f.endsWith('.json')) files.push(join('rules', rule, f));
    }
  }
  const out: { name: string; events: CredentialEvent[] }[] = [];
  for (const name of files) {
    const events: CredentialEvent[] = [];
    fixtureRecords(name).forEach((record, i) => {
      try {
        events.push(normalized(record, i + 1));
      } catch {
        // An IAM trust-policy call (trust-policy-changed): not a credential event, no state facts.
      }
    });
    if (events.length > 0) out.push({ name, events });
  }
  return out;
}

/** The facts of one input, pairs whole or as times only. */
function collect(events: readonly CredentialEvent[], wholePairs: boolean): StateFacts {
  const { engine } = exampleTrust();
  const facts = emptyFacts();
  for (const event of events) addFacts(facts, event, engine.judge(event), wholePairs);
  return facts;
}

/** The state stage of a scan without a state store (no first-seen-pair) over every input, in order. */
function stageAll(wholePairs: boolean): { findings: Finding[]; origins: [string, unknown][] }[] {
  const { deniedBurst, findingFor } = stageOptions();
  const options: StateStageOptions = { ...(deniedBurst ? { deniedBurst } : {}), findingFor };
  const store = new MemoryStateStore({ wallClock: () => NOW_MS });
  return inputs().map(({ events }) => {
    const out = runStateStageSync(store, collect(events, wholePairs), options, NOW_MS);
    return { findings: [...out.findings], origins: [...out.origins.entries()] };
  });
}

describe('state facts with pair times only (a stage without first-seen-pair)', () => {
  it('give the stage exactly the findings and origins whole pairs give it', () => {
    const whole = stageAll(true);
    const times = stageAll(false);

    // The fixtures hold what the stage does without first-seen-pair: bursts and chained origins.
    expect(whole.flatMap((o) => o.findings).some((f) => f.rule === 'denied-burst')).toBe(true);
    expect(whole.some((o) => o.origins.length > 0)).toBe(true);
    expect(times).toEqual(whole);
  });

  it('keep of each pair only when its first and latest calls were made, a fraction of the whole pair', () => {
    const events = inputs().flatMap((i) => i.events);
    const whole = collect(events, true);
    const times = collect(events, false);

    expect(Object.keys(times.pairs)).toEqual(Object.keys(whole.pairs));
    expect(Object.keys(whole.pairs).length).toBeGreaterThan(5);
    for (const [key, pair] of Object.entries(times.pairs)) {
      expect(Object.keys(pair).sort()).toEqual(['firstMs', 'lastMs']);
      const full = whole.pairs[key];
      expect(full !== undefined && isWholePair(full)).toBe(true);
      expect(pair).toEqual({ firstMs: full?.firstMs, lastMs: full?.lastMs });
    }
    // What a worker thread sends the main thread: the pairs' calls were most of it.
    expect(serialize(times.pairs).length).toBeLessThan(serialize(whole.pairs).length / 10);
    // Everything else is the same facts. (Compared as values: V8's serialized bytes also depend on how each
    // number happens to be held — a small integer or a heap number — which varies with what ran before.)
    expect({ ...times, pairs: {} }).toEqual({ ...whole, pairs: {} });
  });

  it('are refused by a stage that runs first-seen-pair (it needs each pair whole)', () => {
    const facts = collect(
      inputs().flatMap((i) => i.events),
      false,
    );
    expect(() => keysToRead(facts, stageOptions())).toThrow(/first-seen-pair runs on pair times only/);
    expect(() => keysToRead(collect(inputs()[0]?.events ?? [], true), stageOptions())).not.toThrow();
  });

  it('come from the tap a stage asks for, and are spent by the stage like whole ones', () => {
    expect(stateFactsTapFor(true)).toBe(stateFactsTap);
    expect(stateFactsTapFor(false)).toBe(statePairTimesTap);
    expect(statePairTimesTap.id).not.toBe(stateFactsTap.id);

    const { engine } = exampleTrust();
    const events = inputs().find((i) => i.name.startsWith('lineage'))?.events ?? [];
    for (const tap of [stateFactsTap, statePairTimesTap]) {
      const acc = tap.create();
      for (const event of events) tap.onEvent(acc, event, engine.judge(event));
      const result: InputResult = { ...EMPTY_RESULT, taps: { [tap.id]: acc, other: 1 } };
      expect(factsOf(result)).toHaveLength(1);
      expect(Object.keys(factsOf(result)[0]?.pairs ?? {}).length).toBeGreaterThan(0);
      expect(withStageOutput(result, [{ findings: [], origins: new Map() }]).taps).toEqual({ other: 1 });
    }
  });
});
