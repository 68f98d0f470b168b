import { err, ok, type Result } from '../model/result.ts';
import type { RuleMetadata } from '../model/rule.ts';
import { RULES } from './registry.ts';

export const CATALOGUE_START = '<!-- rules:start -->';
export const CATALOGUE_END = '<!-- rules:end -->';

const cell = (text: string): string =>
  text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();

function reference(ref: string): string {
  if (!/^https?:\/\//.test(ref)) return cell(ref);
  const path = ref.replace(/[#?].*$/, '').replace(/\/+$/, '');
  const label = (path.slice(path.lastIndexOf('/') + 1) || ref).replace(/\.html?$/, '');
  return `[${cell(label)}](${ref})`;
}

/**
 * The README rule catalogue: a Markdown table generated from rule metadata, so it cannot drift.
 *
 * @example renderRuleCatalogue() // '| Rule | Default severity | Fires when | ...'
 */
export function renderRuleCatalogue(rules: readonly RuleMetadata[] = RULES): string {
  const lines = [
    '| Rule | Default severity | Fires when | Remediation | References |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const r of rules) {
    const kind = r.stateful ? ' (stateful)' : '';
    lines.push(
      `| \`${r.id}\`${kind} | ${r.defaultSeverity} | ${cell(r.description)} | ${cell(r.remediation)} | ` +
        `${r.references.map(reference).join('<br>')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The text between the catalogue markers, or undefined when a marker is missing or out of order. */
export function extractCatalogueSection(readme: string): string | undefined {
  const start = readme.indexOf(CATALOGUE_START);
  const end = readme.indexOf(CATALOGUE_END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + CATALOGUE_START.length, end);
}

/** Replaces the catalogue between the markers; an error says what is missing. */
export function replaceCatalogueSection(readme: string, catalogue: string): Result<string, string> {
  const start = readme.indexOf(CATALOGUE_START);
  const end = readme.indexOf(CATALOGUE_END);
  if (start < 0 || end < start) {
    return err(`README.md needs the markers ${CATALOGUE_START} and ${CATALOGUE_END}, in that order`);
  }
  return ok(`${readme.slice(0, start + CATALOGUE_START.length)}\n${catalogue}${readme.slice(end)}`);
}
