import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../functions/core/model/severity.ts';
import { RULES, ruleById } from '../../functions/core/rules/registry.ts';

// CONTRACT §3, minus the stateful rules (denied-burst, first-seen-pair) that need a state store.
const CONTRACT_STATELESS_IDS = [
  'untrusted-principal',
  'unlisted-role',
  'external-account',
  'session-too-long',
  'mfa-missing',
  'external-id-missing',
  'source-identity-missing',
  'session-name-mismatch',
  'source-ip-not-allowed',
  'oidc-subject-unexpected',
  'role-chaining',
  'assume-denied',
  'root-credentials',
  'federation-token',
];
const GRANT_RULES = CONTRACT_STATELESS_IDS.slice(0, CONTRACT_STATELESS_IDS.indexOf('role-chaining') + 1);
const RULES_DIR = join(import.meta.dirname, '..', '..', 'functions', 'core', 'rules');

describe('the rule registry', () => {
  it('holds every stateless rule of the contract, in contract order, and nothing else', () => {
    expect(RULES.map((r) => r.id)).toEqual(CONTRACT_STATELESS_IDS);
  });

  it('finds each rule by id and nothing for an unknown id', () => {
    for (const id of CONTRACT_STATELESS_IDS) expect(ruleById(id)?.id).toBe(id);
    expect(ruleById('denied-burst')).toBeUndefined();
  });

  it('keeps each rule in a file named by its id', () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts'));
    for (const id of CONTRACT_STATELESS_IDS) expect(files).toContain(`${id}.ts`);
  });

  it('marks exactly the contract grant rules as judging grants, and none as stateful', () => {
    expect(RULES.filter((r) => r.judgesGrant).map((r) => r.id)).toEqual(GRANT_RULES);
    expect(RULES.filter((r) => r.stateful)).toEqual([]);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s has complete metadata', (_id, rule) => {
    expect(SEVERITIES).toContain(rule.defaultSeverity);
    expect(rule.title).toMatch(/^[A-Z].*\.$/);
    expect(rule.description.length).toBeGreaterThan(40);
    expect(rule.remediation.length).toBeGreaterThan(40);
    expect(rule.references.some((r) => r.startsWith('MITRE ATT&CK T'))).toBe(true);
    expect(rule.references.some((r) => r.startsWith('https://'))).toBe(true);
  });

  it('uses the default severities of the contract', () => {
    const severities = Object.fromEntries(RULES.map((r) => [r.id, r.defaultSeverity]));
    expect(severities).toEqual({
      'untrusted-principal': 'high',
      'unlisted-role': 'medium',
      'external-account': 'high',
      'session-too-long': 'medium',
      'mfa-missing': 'high',
      'external-id-missing': 'high',
      'source-identity-missing': 'medium',
      'session-name-mismatch': 'low',
      'source-ip-not-allowed': 'high',
      'oidc-subject-unexpected': 'high',
      'role-chaining': 'medium',
      'assume-denied': 'medium',
      'root-credentials': 'high',
      'federation-token': 'medium',
    });
  });
});
