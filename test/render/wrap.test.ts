import { describe, expect, it } from 'vitest';
import { wrap } from '../../functions/core/render/render-table.ts';

describe('wrap (table values)', () => {
  it('breaks a word longer than a line across lines and cuts after maxLines', () => {
    expect(wrap('ab cdefghij k', 4, '> ')).toEqual(['> ab', '> cdef', '> ghij', '> k']);
    expect(wrap('ab cdefghij k', 4, '', 2)).toEqual(['ab', 'cd……']);
  });

  it('takes time linear in a forged word: 1,000,000 characters in 80-column lines', () => {
    // Slicing the front off the word for every line copied the rest each time: 0.4 s for a 64 KB
    // word, some minutes for this one.
    const word = 'x'.repeat(1_000_000);
    const lines = wrap(`a ${word} b`, 80, '');
    expect(lines.length).toBe(1 + 12_500 + 1);
    expect(lines.join('')).toBe(`a${word}b`);
    expect(wrap(word, 80, '', 6)).toEqual([...Array(5).fill('x'.repeat(80)), `${'x'.repeat(78)}……`]);
  });
});
