import { describe, expect, it } from 'vitest';
import { RULES } from '../../functions/core/rules/registry.ts';
import { KNOWN_RULE_IDS } from '../../functions/core/trust/rule-ids.ts';

describe('KNOWN_RULE_IDS', () => {
  it('lists every rule the registry holds, so each can be suppressed', () => {
    const known: readonly string[] = KNOWN_RULE_IDS;

    expect(RULES.map((r) => r.id).filter((id) => !known.includes(id))).toEqual([]);
  });
});
