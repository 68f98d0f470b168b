import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_OPTIONS } from '../../functions/cli/scan-setup.ts';
import { resolveRegion } from '../../functions/cli/trust/read-iam-roles.ts';
import { USAGE } from '../../functions/cli/usage.ts';
import { parseRoleListing } from '../../functions/core/iam-roles/parse-role-listing.ts';

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

  describe('trust import and diff', () => {
    const trust = paragraph('trust', 'explain');
    const fixture = (name: string): string =>
      readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'iam', name), 'utf8');

    it('names every saved IAM listing --from reads', () => {
      const listRoles = fixture('list-roles-111122223333.json');
      const oneRole = JSON.stringify({ Role: (JSON.parse(listRoles) as { Roles: unknown[] }).Roles[0] });
      const saved = [listRoles, fixture('account-authorization-details-444455556666.json'), oneRole].map(
        (text) => parseRoleListing(text, 'saved.json'),
      );
      for (const read of saved) {
        expect(read.ok).toBe(true);
        if (read.ok) expect(trust, `--from reads ${read.value.shape}`).toContain(read.value.shape);
      }
    });

    it('names the settings --region falls back on, in the order they are read', () => {
      expect(resolveRegion(undefined, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'cn-north-1' })).toBe(
        'eu-west-1',
      );
      expect(resolveRegion(undefined, { AWS_DEFAULT_REGION: 'cn-north-1' })).toBe('cn-north-1');
      expect(resolveRegion(undefined, {})).toBe('us-east-1');
      const region = /--region R {9}([\s\S]*?)\n {12}--/.exec(trust)?.[1] ?? '';
      const named = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'us-east-1'].map((s) => region.search(`\\b${s}\\b`));
      expect(
        named.every((at) => at >= 0),
        region,
      ).toBe(true);
      expect(named).toEqual([...named].sort((a, b) => a - b));
    });
  });
});
