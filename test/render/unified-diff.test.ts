import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../functions/core/render/unified-diff.ts';
import { applyUnifiedDiff } from '../support/apply-diff.ts';

describe('unifiedDiff', () => {
  it('writes diff -u hunks with three lines of context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const after = 'a\nb\nc\nd\nX\ne\nf\ng\nh\n';
    expect(unifiedDiff(before, after, 'f.yaml')).toBe(
      '--- f.yaml\n+++ f.yaml\n@@ -2,6 +2,7 @@\n b\n c\n d\n+X\n e\n f\n g\n',
    );
  });

  it('writes a changed line as a deletion then an insertion', () => {
    expect(unifiedDiff('k: [a]\n', 'k: [a, b]\n', 'f')).toBe(
      '--- f\n+++ f\n@@ -1,1 +1,1 @@\n-k: [a]\n+k: [a, b]\n',
    );
  });

  it('is empty for equal texts, and applies back to the new text', () => {
    expect(unifiedDiff('x\n', 'x\n', 'f')).toBe('');
    const before = `${Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n')}\n`;
    const lines = before.split('\n');
    lines.splice(3, 0, 'new 1');
    lines.splice(30, 1, 'changed');
    lines.push('appended');
    const after = `${lines.filter((l) => l !== '').join('\n')}\n`;
    const diff = unifiedDiff(before, after, 'f');
    expect(diff.match(/^@@/gm)).toHaveLength(3);
    expect(applyUnifiedDiff(before, diff)).toBe(after);
  });
});
