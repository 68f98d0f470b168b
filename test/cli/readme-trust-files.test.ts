import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';

/**
 * Every trust file the README shows must be one `rolewatch validate` accepts: readers paste them. An
 * excerpt line (`…` alone) stands for entries left out and is dropped, as a reader would.
 */
const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const trustFiles = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```/gm)]
  .map((m) => ({ line: readme.slice(0, m.index).split('\n').length, text: m[1] as string }))
  .filter((b) => /^version:/m.test(b.text));

describe('the README trust files', () => {
  it('shows at least the reference example and the import example', () => {
    expect(trustFiles.length).toBeGreaterThanOrEqual(2);
  });

  it.each(trustFiles)('the one at README.md:$line validates', ({ line, text }) => {
    const pasted = text.replace(/^[ \t]*…[ \t]*\n/gm, '');
    const parsed = parseTrustConfig(pasted, `README.md:${line}`, { now: new Date('2026-12-01T00:00:00Z') });
    const issues = parsed.ok ? [] : parsed.error.map((i) => `${i.line ?? ''}:${i.key} ${i.message}`);
    expect(issues).toEqual([]);
  });
});
