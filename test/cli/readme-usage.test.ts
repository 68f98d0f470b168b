import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
