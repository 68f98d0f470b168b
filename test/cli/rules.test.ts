import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCatalogueSection, renderRuleCatalogue } from '../../functions/core/rules/catalogue.ts';
import { PLANNED_RULE_IDS, RULES } from '../../functions/core/rules/registry.ts';
import { ROOT, runCli } from './run-cli.ts';

const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('rolewatch rules', () => {
  it.each([120, 80, 60, 44])(
    'lists every rule in lines that fit a %i-column terminal, without Markdown',
    async (columns) => {
      const run = await runCli(['rules'], { columns });

      expect(run.status).toBe(0);
      expect(widest(run.stdout)).toBeLessThanOrEqual(columns);
      expect(run.stdout).not.toMatch(/<br>|\| --- \|/);
      for (const rule of RULES) expect(run.stdout).toContain(rule.id);
      for (const id of PLANNED_RULE_IDS) expect(run.stdout).toContain(id);
    },
  );

  it('puts id, default severity and title of a rule side by side on a wide terminal', async () => {
    const run = await runCli(['rules'], { columns: 120 });

    expect(run.stdout.split('\n')).toContainEqual(
      expect.stringMatching(/^assume-denied\s+medium\s+A call for credentials was denied\.$/),
    );
  });

  it('shows one rule in full: description, remediation, references and how to tune it', async () => {
    const rule = RULES.find((r) => r.id === 'session-name-mismatch');
    const run = await runCli(['rules', 'session-name-mismatch'], { columns: 72 });

    expect(run.status).toBe(0);
    const flat = run.stdout.replace(/\n {2}/g, ' ');
    expect(flat).toContain(rule?.description);
    expect(flat).toContain(rule?.remediation);
    for (const ref of rule?.references ?? []) expect(run.stdout).toContain(ref);
    expect(run.stdout).toContain('session-name-mismatch: { severity: low }');
    const urls = run.stdout.split('\n').filter((l) => l.includes('https://'));
    expect(
      widest(
        run.stdout
          .split('\n')
          .filter((l) => !urls.includes(l))
          .join('\n'),
      ),
    ).toBeLessThanOrEqual(72);
  });

  it('suggests the closest id for a misspelt one (exit 2), and shows a stateful rule in full', async () => {
    const typo = await runCli(['rules', 'asume-denied']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain("no rule 'asume-denied' (did you mean 'assume-denied'?)");

    // Every contract rule is built now: the stateful ones too.
    const stateful = await runCli(['rules', 'first-seen-pair']);
    expect(stateful.status).toBe(0);
    expect(stateful.stdout).toContain('first-seen-pair');
  });

  it('prints the README catalogue with --format markdown, and the metadata with --format json', async () => {
    const markdown = await runCli(['rules', '--format', 'markdown']);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(markdown.stdout).toBe(renderRuleCatalogue());
    expect(extractCatalogueSection(readme)).toBe(`\n${markdown.stdout}`);

    const json = JSON.parse((await runCli(['rules', '--format', 'JSON'])).stdout) as { id: string }[];
    expect(json.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    const one = JSON.parse((await runCli(['rules', 'assume-denied', '-f', 'json'])).stdout) as {
      id: string;
      evaluate?: unknown;
    };
    expect(one).toMatchObject({ id: 'assume-denied', defaultSeverity: 'medium' });
    expect(one.evaluate).toBeUndefined();
  });

  it('refuses an unknown format, naming the choices', async () => {
    const run = await runCli(['rules', '--format', 'xml']);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--format must be one of table, markdown, json');
  });
});
