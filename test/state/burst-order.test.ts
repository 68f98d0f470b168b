import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../functions/adapters/state/memory-store.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { runStateStageSync } from '../../functions/core/state/run-state-stage.ts';
import { factsOf, fixtureRecords, type Json, NOW_MS, stageOptions } from './support/stage.ts';

// denied-burst must not depend on which input (file, run, invocation) a denied call arrives in, nor on the
// order the inputs come in: CloudTrail delivers late, and a trail may be read newest first (CONTRACT §3).

const template = fixtureRecords('denied-burst/role-enumeration.json')[0] as Json;

/** A denied AssumeRole by build-bot at `time` (the example organisation: 5 calls within 10 minutes). */
const denied = (time: string, n: number): Json => ({
  ...template,
  eventTime: time,
  eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  requestID: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
});

/** Runs the stage on each input in turn, on one store; the denied-burst findings of all of them. */
function bursts(inputs: readonly Json[][]): Finding[] {
  const store = new MemoryStateStore({ wallClock: () => NOW_MS });
  const out: Finding[] = [];
  for (const records of inputs) {
    const { findings } = runStateStageSync(store, factsOf(records), stageOptions(), NOW_MS);
    out.push(...findings.filter((f) => f.rule === 'denied-burst'));
  }
  return out;
}

const summary = (findings: readonly Finding[]) =>
  findings.map((f) => ({ id: f.id, actual: f.evidence?.actual }));

// Buckets are 10 minutes long (03:00, 03:10, …): the five calls straddle the 03:10 boundary.
const early = [denied('2026-11-20T03:08:00Z', 1), denied('2026-11-20T03:09:00Z', 2)];
const late = [
  denied('2026-11-20T03:10:30Z', 3),
  denied('2026-11-20T03:11:00Z', 4),
  denied('2026-11-20T03:12:00Z', 5),
];

describe('denied-burst across inputs', () => {
  it('finds a burst across a bucket boundary in one input, and in two inputs in time order', () => {
    const one = bursts([[...early, ...late]]);
    expect(one).toHaveLength(1);
    expect(summary(bursts([early, late]))).toEqual(summary(one));
  });

  it('finds the same burst when the earlier calls arrive after the later ones (late delivery)', () => {
    const one = bursts([[...early, ...late]]);
    expect(summary(bursts([late, early]))).toEqual(summary(one));
  });

  it('counts a burst of exactly the threshold, and not calls exactly one window apart', () => {
    // 03:05:00 and 03:15:00 are one window apart: (t − W, t] holds one of them, never both.
    const edge = [
      denied('2026-11-20T03:05:00Z', 11),
      denied('2026-11-20T03:09:00Z', 12),
      denied('2026-11-20T03:11:00Z', 13),
      denied('2026-11-20T03:13:00Z', 14),
      denied('2026-11-20T03:15:00Z', 15),
    ];
    expect(bursts([edge])).toHaveLength(0);
    expect(bursts([edge.slice(1), [denied('2026-11-20T03:05:01Z', 16)]])).toHaveLength(1);
    expect(bursts([[denied('2026-11-20T03:05:01Z', 16)], edge.slice(1)])).toHaveLength(1);
  });
});
