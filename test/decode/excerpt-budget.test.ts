import { describe, expect, it } from 'vitest';
import { decodeText } from '../../functions/core/decode/decode-bytes.ts';
import type { DecodedItem } from '../../functions/core/decode/decoded-item.ts';

const messages = (items: Iterable<DecodedItem>): string[] => {
  const out: string[] = [];
  for (const item of items) if (item.kind === 'error') out.push(item.error.message);
  return out;
};

describe('excerpts of input errors', () => {
  it('look back through at most MAX_EXCERPT_WORK characters of one text; later errors show none', () => {
    // One record, a 16 KB line, then 100,000 broken two-character lines: each excerpt looked 16 KB back
    // for secret keys (0.7 s a thousand errors, over a minute here).
    const record = JSON.stringify({ eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole' });
    const text = `${record}\n{"x":"${'y'.repeat(16_400)}"}\n${'a\n'.repeat(100_000)}`;
    const errors = messages(decodeText(text, 'forged.jsonl', { maxErrors: 1_000_000 })).filter((m) =>
      m.startsWith('invalid JSON'),
    );
    expect(errors).toHaveLength(100_000);
    expect(errors[0]).toMatch(/^invalid JSON at line 3, column 1: .* near "a"$/);
    const excerpted = errors.filter((m) => m.includes(' near ')).length;
    expect(excerpted).toBeGreaterThan(50);
    expect(excerpted).toBeLessThan(100);
    expect(errors.at(-1)).toMatch(/^invalid JSON at line 100002, column 1: [^"]*$/);
  });
});
