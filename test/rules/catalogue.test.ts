import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CATALOGUE_END,
  CATALOGUE_START,
  extractCatalogueSection,
  renderRuleCatalogue,
  replaceCatalogueSection,
} from '../../functions/core/rules/catalogue.ts';
import { RULES } from '../../functions/core/rules/registry.ts';

const README = join(import.meta.dirname, '..', '..', 'README.md');
const REGENERATE = 'run `npm run docs:rules` to regenerate the rule catalogue in README.md';

describe('the rule catalogue', () => {
  it('has one table row per rule, with its id, severity and references', () => {
    const table = renderRuleCatalogue();
    const rows = table.trim().split('\n').slice(2);

    expect(rows).toHaveLength(RULES.length);
    expect(rows[0]).toMatch(/^\| `untrusted-principal` \| high \| A successful AssumeRole/);
    expect(table).toContain(
      '[API_AssumeRoot](https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html)',
    );
  });

  it('escapes pipes and newlines so a description cannot break the table', () => {
    const [first] = RULES;
    if (first === undefined) throw new Error('no rules');
    const table = renderRuleCatalogue([{ ...first, description: 'a | b\nc', references: [] }]);

    expect(table.split('\n')[2]).toContain('a \\| b c');
  });

  it('replaces only the text between the markers, and says when they are missing', () => {
    const readme = `# x\n\n${CATALOGUE_START}\nold\n${CATALOGUE_END}\nafter\n`;

    const replaced = replaceCatalogueSection(readme, 'NEW\n');

    expect(replaced).toEqual({
      ok: true,
      value: `# x\n\n${CATALOGUE_START}\nNEW\n${CATALOGUE_END}\nafter\n`,
    });
    expect(replaceCatalogueSection('# no markers\n', 'NEW\n').ok).toBe(false);
  });

  it('is up to date in README.md', () => {
    expect(existsSync(README), `README.md is missing: ${REGENERATE}`).toBe(true);
    const section = extractCatalogueSection(readFileSync(README, 'utf8'));
    expect(
      section,
      `README.md has no ${CATALOGUE_START} … ${CATALOGUE_END} section: ${REGENERATE}`,
    ).toBeDefined();
    expect(section, `the README rule catalogue is stale: ${REGENERATE}`).toBe(`\n${renderRuleCatalogue()}`);
  });
});
