import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../functions/adapters/state/memory-store.ts';
import { createEngine, type Engine } from '../../functions/core/engine/create-engine.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { normalizeRecord } from '../../functions/core/normalize/normalize-record.ts';
import { RULES } from '../../functions/core/rules/registry.ts';
import { runStateStageSync } from '../../functions/core/state/run-state-stage.ts';
import { addFacts, emptyFacts } from '../../functions/core/state/state-facts.ts';
import type { StateStageOptions } from '../../functions/core/state/state-stage-options.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';

// Each rule ships its own named positive and negative events (fixtures/cloudtrail/rules/<rule-id>/),
// judged against the example organisation's trust file, as a scan would judge them.
const ROOT = join(import.meta.dirname, '..', '..');
const SCENARIO_ROOT = join(ROOT, 'fixtures', 'cloudtrail', 'rules');
const TRUST_FILE = join(ROOT, 'fixtures', 'trust', 'example-org.yaml');
/** The trust file's suppressions are judged on this day, so the test does not age. */
const NOW = new Date('2026-11-29T00:00:00Z');
const SCENARIOS = ['match', 'near-miss', 'unrelated'] as const;
const SOURCES = 'SOURCES.md';
type Scenario = (typeof SCENARIOS)[number];

const RULE_IDS = RULES.map((r) => r.id);

const parsed = parseTrustConfig(readFileSync(TRUST_FILE, 'utf8'), TRUST_FILE, { now: NOW });
if (!parsed.ok) throw new Error(`${TRUST_FILE} is invalid: ${JSON.stringify(parsed.error)}`);
const config = parsed.value.config;
let engine: Engine | undefined;

function exampleEngine(): Engine {
  engine ??= createEngine({ config, now: () => NOW.getTime() });
  return engine;
}

const relativePath = (ruleId: string, scenario: Scenario): string =>
  `fixtures/cloudtrail/rules/${ruleId}/${scenario}.json`;

/**
 * A scenario file holds one record, or a sequence of calls in a `Records` list (a stateful rule's
 * scenario). Every call is judged in order as a scan judges it — normalizeRecord → engine → state stage
 * on one in-memory store with `first-seen-pair` reporting — and the verdict is on the findings of the
 * LAST call: the ones before it build the state (an earlier burst of calls, a pair already seen).
 */
function judgeScenario(ruleId: string, scenario: Scenario): Finding[] {
  const path = join(SCENARIO_ROOT, ruleId, `${scenario}.json`);
  if (!existsSync(path)) {
    throw new Error(`missing ${relativePath(ruleId, scenario)}: every rule needs ${SCENARIOS.join(', ')}`);
  }
  const data = JSON.parse(readFileSync(path, 'utf8')) as { Records?: unknown[] };
  const records = Array.isArray(data.Records) ? data.Records : [data];
  const engine = exampleEngine();
  const store = new MemoryStateStore();
  const options: StateStageOptions = {
    deniedBurst: config.thresholds.deniedBurst,
    firstSeen: { forgetAfterDays: config.thresholds.firstSeen.forgetAfterDays, mode: 'report' },
    findingFor: engine.findingFor,
  };
  let last: Finding[] = [];
  records.forEach((record, i) => {
    const outcome = normalizeRecord(record, { file: path, line: i + 1 });
    if (outcome.kind !== 'event' && outcome.kind !== 'trust-policy') {
      throw new Error(
        `${relativePath(ruleId, scenario)} holds a record that no rule judges (${outcome.kind})`,
      );
    }
    const findings = engine.judge(outcome.event);
    if (outcome.kind !== 'event') {
      last = findings;
      return;
    }
    const facts = emptyFacts();
    addFacts(facts, outcome.event, findings);
    last = [...findings, ...runStateStageSync(store, facts, options, NOW.getTime()).findings];
  });
  return last;
}

const ruleFolders = (): string[] =>
  readdirSync(SCENARIO_ROOT, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

describe('rule scenario fixtures (fixtures/cloudtrail/rules)', () => {
  it('has a match, a near miss and an unrelated record for every registered rule', () => {
    const missing = RULE_IDS.flatMap((id) =>
      SCENARIOS.filter((s) => !existsSync(join(SCENARIO_ROOT, id, `${s}.json`))).map((s) =>
        relativePath(id, s),
      ),
    );

    expect(missing).toEqual([]);
  });

  it('has no folder for a rule that is not registered', () => {
    const stale = ruleFolders().filter((name) => !RULE_IDS.includes(name));

    expect(stale).toEqual([]);
  });

  it('holds only the three scenario files and their SOURCES.md in each rule folder', () => {
    const expected = [...SCENARIOS.map((s) => `${s}.json`), SOURCES].sort();
    const odd = ruleFolders().filter(
      (name) => JSON.stringify(readdirSync(join(SCENARIO_ROOT, name)).sort()) !== JSON.stringify(expected),
    );

    expect(odd).toEqual([]);
  });

  it('says where each scenario record comes from, in the folder of its rule', () => {
    const undocumented = ruleFolders().flatMap((name) => {
      const path = join(SCENARIO_ROOT, name, SOURCES);
      const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
      return SCENARIOS.filter((s) => !new RegExp(`^\\| ${s}\\.json \\| \\S`, 'm').test(text)).map(
        (s) => `${name}/${SOURCES}: no row for ${s}.json`,
      );
    });

    expect(undocumented).toEqual([]);
  });

  it.each(RULE_IDS)('%s: match fires', (rule) => {
    const findings = judgeScenario(rule, 'match');

    const finding = findings.find((f) => f.rule === rule);
    const got = findings.map((f) => f.rule).join(', ') || 'no findings';
    expect(finding, `${relativePath(rule, 'match')} gave ${got}`).toEqual(
      expect.objectContaining({ rule, suppressed: false }),
    );
  });

  it.each(
    RULE_IDS.flatMap((rule) =>
      (['near-miss', 'unrelated'] as const).map((scenario): [string, Scenario] => [rule, scenario]),
    ),
  )('%s: %s does not fire', (rule, scenario) => {
    const findings = judgeScenario(rule, scenario);

    expect(findings.filter((f) => f.rule === rule).map((f) => f.evidence)).toEqual([]);
  });
});
