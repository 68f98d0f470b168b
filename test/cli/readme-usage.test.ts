import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_OPTIONS } from '../../functions/cli/scan-setup.ts';
import { USAGE } from '../../functions/cli/usage.ts';

describe('the README', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

  it('shows the two set-up commands first', () => {
    const firstBlock = readme.slice(0, readme.indexOf('## '));
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm ci && npm test');
  });

  it('carries the current `rolewatch --help` text between the cli markers', () => {
    const section = /<!-- cli:start -->\n```text\n([\s\S]*?)```\n<!-- cli:end -->/.exec(readme)?.[1];
    expect(
      section,
      'README cli section missing or stale: paste `node bin/rolewatch.mjs --help` into it',
    ).toBe(USAGE);
  });
});

describe('rolewatch --help', () => {
  // The verbs that read SOURCEs take SOURCE_OPTIONS; each verb's paragraph must name every one it accepts.
  const paragraph = (verb: string, next: string): string =>
    USAGE.slice(USAGE.indexOf(`\n${verb} `), USAGE.indexOf(`\n${next} `));

  it('names every option report accepts', () => {
    const report = paragraph('report', 'validate');
    for (const name of [...Object.keys(SOURCE_OPTIONS), 'out', 'previous']) {
      expect(report, `report's help does not name --${name}`).toContain(`--${name}`);
    }
  });

  it('names every option trust learn accepts', () => {
    const learn = USAGE.slice(USAGE.indexOf('learn: prints'), USAGE.indexOf('\nexplain '));
    for (const name of [...Object.keys(SOURCE_OPTIONS).filter((n) => n !== 'config'), 'merge']) {
      expect(learn, `trust learn's help does not name --${name}`).toContain(`--${name}`);
    }
  });
});
