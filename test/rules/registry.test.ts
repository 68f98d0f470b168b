import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../functions/core/model/severity.ts';
import { PLANNED_RULE_IDS, RULE_IDS, RULES, ruleById } from '../../functions/core/rules/registry.ts';

// Which ids the contract names, and their severities, is test/contract/rules.test.ts's business (the
// oracle); this file checks that the registry is the one complete list of what is in the rules folder.
const RULES_DIR = join(import.meta.dirname, '..', '..', 'functions', 'core', 'rules');
/** The files of the rules folder that are not rules. */
const NOT_RULES = ['registry.ts', 'catalogue.ts'];

const ruleFiles = (): string[] =>
  readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !NOT_RULES.includes(e.name))
    .map((e) => e.name);

describe('the rule registry', () => {
  it('lists every rule file of functions/core/rules, and a file for every rule it lists', () => {
    const registered = RULES.map((r) => `${r.id}.ts`);

    expect(ruleFiles().filter((f) => !registered.includes(f))).toEqual([]);
    expect(registered.filter((f) => !ruleFiles().includes(f))).toEqual([]);
  });

  it('holds each id once, a planned id never being also a built one', () => {
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    expect(RULE_IDS).toEqual([...RULES.map((r) => r.id), ...PLANNED_RULE_IDS]);
  });

  it('finds each rule by id, and nothing for a planned or unknown id', () => {
    for (const rule of RULES) expect(ruleById(rule.id)).toBe(rule);
    for (const id of [...PLANNED_RULE_IDS, 'no-such-rule']) expect(ruleById(id)).toBeUndefined();
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s has complete metadata', (_id, rule) => {
    expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(SEVERITIES).toContain(rule.defaultSeverity);
    expect(rule.title).toMatch(/^[A-Z].*\.$/);
    expect(rule.description.length).toBeGreaterThan(40);
    expect(rule.remediation.length).toBeGreaterThan(40);
    expect(rule.references.some((r) => r.startsWith('MITRE ATT&CK T'))).toBe(true);
    expect(rule.references.some((r) => r.startsWith('https://'))).toBe(true);
  });
});
