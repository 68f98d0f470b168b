import { renderRuleDetail, renderRuleList } from '../../core/render/rule-catalogue-text.ts';
import { terminalSafe } from '../../core/render/terminal-safe.ts';
import { renderRuleCatalogue } from '../../core/rules/catalogue.ts';
import { PLANNED_RULE_IDS, RULE_IDS, RULES, ruleById } from '../../core/rules/registry.ts';
import { closestKey } from '../../core/trust/closest-key.ts';
import { choiceOption, parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';
import type { Verb } from './verb.ts';

/** `table` is the terminal layout (fits the terminal, wraps); `markdown` the README's table. */
const FORMATS = ['table', 'markdown', 'json'] as const;

const metadata = ({ evaluate: _evaluate, ...meta }: (typeof RULES)[number]) => meta;

export const rules: Verb = {
  name: 'rules',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { format: { type: 'string', short: 'f' } });
    const format = choiceOption('--format', values.format ?? 'table', FORMATS);
    if (positionals.length > 1) throw new UsageError('rules takes at most one rule id');
    const id = positionals[0];
    const selected = id === undefined ? RULES : [ruleFor(id)];
    if (format === 'json') {
      const json = id === undefined ? selected.map(metadata) : selected.map(metadata)[0];
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    } else if (format === 'markdown') {
      io.stdout(renderRuleCatalogue(selected));
    } else if (id === undefined) {
      io.stdout(renderRuleList(RULES, io.columns, PLANNED_RULE_IDS));
    } else {
      io.stdout(renderRuleDetail(selected[0] as (typeof RULES)[number], io.columns));
    }
    return 0;
  },
};

function ruleFor(id: string): (typeof RULES)[number] {
  const rule = ruleById(id);
  if (rule !== undefined) return rule;
  const shown = terminalSafe(id);
  if (PLANNED_RULE_IDS.includes(id)) {
    throw new UsageError(`rule '${shown}' is in the contract but not built yet (a trust file may name it)`);
  }
  const near = closestKey(id, RULE_IDS);
  throw new UsageError(
    `no rule '${shown}'${near === undefined ? '' : ` (did you mean '${near}'?)`}; rolewatch rules lists them`,
  );
}
