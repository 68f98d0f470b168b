/**
 * `npm run docs:rules`: rewrites the rule catalogue in README.md from the rule metadata.
 * Run with `tsx functions/tools/write-rule-catalogue.ts [README path]`. It lives outside functions/core
 * because it writes a file; the catalogue renderer it calls is pure. A README without the markers gets a
 * `## Rules` section appended.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CATALOGUE_END,
  CATALOGUE_START,
  renderRuleCatalogue,
  replaceCatalogueSection,
} from '../core/rules/catalogue.ts';

const path = resolve(process.argv[2] ?? 'README.md');
let readme: string;
try {
  readme = readFileSync(path, 'utf8');
} catch (cause) {
  process.stderr.write(`docs:rules: cannot read ${path}: ${(cause as Error).message}\n`);
  process.exit(2);
}
const withMarkers = readme.includes(CATALOGUE_START)
  ? readme
  : `${readme.replace(/\n*$/, '\n')}\n## Rules\n\n${CATALOGUE_START}\n${CATALOGUE_END}\n`;
const updated = replaceCatalogueSection(withMarkers, renderRuleCatalogue());
if (!updated.ok) {
  process.stderr.write(`docs:rules: ${path}: ${updated.error}\n`);
  process.exit(2);
}
if (updated.value === readme) {
  process.stdout.write(`docs:rules: ${path} is up to date\n`);
} else {
  writeFileSync(path, updated.value);
  process.stdout.write(`docs:rules: updated the rule catalogue in ${path}\n`);
}
