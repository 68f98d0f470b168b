import { parseArgs } from 'node:util';
import { renderRuleCatalogue } from '../../core/rules/catalogue.ts';
import { RULES } from '../../core/rules/registry.ts';
import { UsageError } from '../usage-error.ts';
import type { Verb } from './verb.ts';

export const rules: Verb = {
  name: 'rules',
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: { format: { type: 'string', short: 'f', default: 'table' } },
    });
    if (values.format === 'json') {
      io.stdout(
        `${JSON.stringify(
          RULES.map(({ evaluate: _e, ...meta }) => meta),
          null,
          2,
        )}\n`,
      );
    } else if (values.format === 'table' || values.format === 'markdown') {
      io.stdout(renderRuleCatalogue(RULES));
    } else {
      throw new UsageError('rules --format must be table or json');
    }
    return 0;
  },
};
