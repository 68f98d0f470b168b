import { describe, expect, it } from 'vitest';
import { terminalSafeLines, truncate } from '../../functions/core/render/terminal-safe.ts';

describe('terminalSafeLines (what `rolewatch validate` prints of a trust file)', () => {
  it('keeps the line breaks and neutralises every other control, bidi and invisible character', () => {
    const described =
      'role Deploy\u001b[2J\n  session names: ^ci-\u202Eexe\u200B$\r\n  owner: ops\u2028x\u0085';
    expect(terminalSafeLines(described)).toBe(
      'role Deploy\uFFFD[2J\n  session names: ^ci-\uFFFDexe\uFFFD$\uFFFD\n  owner: ops\uFFFDx\uFFFD',
    );
  });
});

describe('truncate (a table cell cut to its columns)', () => {
  it('keeps a value that fits exactly, and cuts one code point longer with an ellipsis', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdefg', 6)).toBe('abcde…');
    // Code points, not UTF-16 units: an astral character is one column.
    expect(truncate('😀😀😀', 3)).toBe('😀😀😀');
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
  });
});
