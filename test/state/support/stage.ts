import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../functions/core/engine/create-engine.ts';
import type { CredentialEvent } from '../../../functions/core/model/credential-event.ts';
import type { TrustConfig } from '../../../functions/core/model/trust-config.ts';
import { normalizeRecord } from '../../../functions/core/normalize/normalize-record.ts';
import { addFacts, emptyFacts, type StateFacts } from '../../../functions/core/state/state-facts.ts';
import type { StateStageOptions } from '../../../functions/core/state/state-stage-options.ts';
import { parseTrustConfig } from '../../../functions/core/trust/parse-trust-config.ts';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const FIXTURES = join(ROOT, 'fixtures', 'cloudtrail');
const TRUST_FILE = join(ROOT, 'fixtures', 'trust', 'example-org.yaml');
/** The day the example trust file's suppressions are judged on. */
export const NOW_MS = Date.UTC(2026, 10, 29);

export type Json = Record<string, unknown>;

/** The records of a fixture file: a log file's `Records`, or the one record. */
export function fixtureRecords(path: string): Json[] {
  const data = JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as Json;
  return Array.isArray(data.Records) ? (data.Records as Json[]) : [data];
}

let example: { config: TrustConfig; engine: Engine } | undefined;

export function exampleTrust(): { config: TrustConfig; engine: Engine } {
  if (example !== undefined) return example;
  const parsed = parseTrustConfig(readFileSync(TRUST_FILE, 'utf8'), TRUST_FILE, { now: new Date(NOW_MS) });
  if (!parsed.ok) throw new Error('example trust file is invalid');
  example = {
    config: parsed.value.config,
    engine: createEngine({ config: parsed.value.config, now: () => NOW_MS }),
  };
  return example;
}

export function normalized(record: Json, line = 1): CredentialEvent {
  const outcome = normalizeRecord(record, { file: 'test-trail.json', line });
  if (outcome.kind !== 'event') throw new Error(`not a credential event: ${outcome.kind}`);
  return outcome.event;
}

/** The facts the tap gathers from these records, judged as a scan judges them (one input). */
export function factsOf(records: readonly Json[]): StateFacts {
  const { engine } = exampleTrust();
  const facts = emptyFacts();
  records.forEach((record, i) => {
    const event = normalized(record, i + 1);
    addFacts(facts, event, engine.judge(event));
  });
  return facts;
}

/** Stage options for the example organisation: both stateful rules on, first-seen-pair reporting. */
export function stageOptions(mode: 'report' | 'learn' = 'report'): StateStageOptions {
  const { config, engine } = exampleTrust();
  return {
    deniedBurst: config.thresholds.deniedBurst,
    firstSeen: { forgetAfterDays: config.thresholds.firstSeen.forgetAfterDays, mode },
    findingFor: engine.findingFor,
  };
}
