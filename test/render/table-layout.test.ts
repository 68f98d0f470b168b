import { describe, expect, it } from 'vitest';
import { renderTable } from '../../functions/core/render/render-table.ts';
import { deniedOn, findingOf, scanOf } from '../security/support.ts';

// The table's cuts at their boundaries: a value that fits is never cut, and a long note stops at six lines.

const denied = () => findingOf('assume-denied', deniedOn('arn:aws:iam::444455556666:role/ProdAdmin'));

describe('the terminal table layout', () => {
  it('shows a source location exactly as wide as its column whole, and cuts a longer one from the left', () => {
    // 200 columns, values from column 18: 182 characters fit.
    const fits = `${'d'.repeat(175)}.json:1`;
    expect(fits).toHaveLength(182);
    const shown = (location: string) =>
      renderTable(scanOf([{ ...denied(), location }]), { width: 200 })
        .split('\n')
        .find((l) => l.startsWith('      source:'));
    expect(shown(fits)).toBe(`      source:     ${fits}`);
    expect(shown(`x${fits}`)).toBe(`      source:     …${fits.slice(1)}`);
  });

  it('wraps a long evidence value to at most six lines, the last ending in an ellipsis', () => {
    const actual = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const f = denied();
    const lines = renderTable(scanOf([{ ...f, evidence: { ...f.evidence, actual } }]), { width: 80 }).split(
      '\n',
    );
    const start = lines.findIndex((l) => l.startsWith('      actual:'));
    const field = [
      lines[start],
      ...lines
        .slice(start + 1)
        .filter((_, i, rest) => rest.slice(0, i + 1).every((l) => l.startsWith(' '.repeat(18)))),
    ];
    expect(field).toHaveLength(6);
    expect(field[5]?.endsWith('…')).toBe(true);
  });
});
