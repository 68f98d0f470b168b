// Hostile variants of the per-rule scenario records (fixtures/cloudtrail/rules/<rule>/match.json), judged
// under the example organisation's trust file as a scan would judge them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../functions/core/engine/create-engine.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import type { TrustConfig } from '../../functions/core/model/trust-config.ts';
import { normalizeRecord } from '../../functions/core/normalize/normalize-record.ts';
import { EMPTY_COUNTS } from '../../functions/core/pipeline/scan-counts.ts';
import type { ScanResult } from '../../functions/core/pipeline/scan-result.ts';
import { findingStats, summarize } from '../../functions/core/pipeline/scan-summary.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';

export type JsonObject = { [key: string]: unknown };

export const ROOT = join(import.meta.dirname, '..', '..');
export const TRUST_FILE = join(ROOT, 'fixtures', 'trust', 'example-org.yaml');
const NOW = new Date('2026-11-29T00:00:00Z');

/** A deep copy of `fixtures/cloudtrail/rules/<rule>/<scenario>.json`. */
export function scenarioRecord(rule: string, scenario = 'match'): JsonObject {
  const path = join(ROOT, 'fixtures', 'cloudtrail', 'rules', rule, `${scenario}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
}

/** The engine of the example organisation (fixtures/trust/example-org.yaml), or of a trust file text. */
export function engineFor(yaml = readFileSync(TRUST_FILE, 'utf8')): Engine {
  return createEngine({ config: parsedConfig(yaml), now: () => NOW.getTime() });
}

/**
 * Trust files parsed so far, by text: parsing (YAML, schema) took 4.5 ms of every engineFor, which property
 * tests call twice a run. The config is plain, read-only data; each engine is still built afresh.
 */
const parsedConfigs = new Map<string, TrustConfig>();

function parsedConfig(yaml: string): TrustConfig {
  let config = parsedConfigs.get(yaml);
  if (config === undefined) {
    const parsed = parseTrustConfig(yaml, 'trust.yaml', { now: NOW });
    if (!parsed.ok) throw new Error(`trust file is invalid: ${JSON.stringify(parsed.error)}`);
    config = parsed.value.config;
    parsedConfigs.set(yaml, config);
  }
  return config;
}

/** normalizeRecord → engine.judge. */
export function judgeRecord(record: JsonObject, engine: Engine = engineFor()): Finding[] {
  const outcome = normalizeRecord(record, { file: 'hostile-trail.json', line: 1 });
  if (outcome.kind !== 'event') throw new Error(`not a credential event: ${outcome.kind}`);
  return engine.judge(outcome.event);
}

/** The findings of `rule` for a record. */
export function findingOf(rule: string, record: JsonObject, engine?: Engine): Finding {
  const finding = judgeRecord(record, engine).find((f) => f.rule === rule);
  if (finding === undefined) throw new Error(`${rule} did not fire`);
  return finding;
}

/** A scan result holding `findings`, as the renderers receive it. */
export function scanOf(findings: readonly Finding[]): ScanResult {
  const counts = { ...EMPTY_COUNTS, files: 1, records: findings.length, credentialEvents: findings.length };
  const summary = summarize(counts, findingStats(findings));
  return { summary, findings, errors: [], warnings: [] };
}

/**
 * A denied AssumeRole (null `requestParameters`) whose target role is known only from `errorMessage`:
 * STS repeats the `RoleArn` the caller sent, which may be up to 2048 characters of almost any text.
 */
export function deniedOn(roleArn: string, trailer = '', base = scenarioRecord('assume-denied')): JsonObject {
  const r = structuredClone(base);
  const caller = (r.userIdentity as JsonObject).arn as string;
  r.errorMessage = `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}${trailer}`;
  return r;
}
