import { describe, expect, it } from 'vitest';
import { QUOTED_MAX, quoted } from '../../functions/core/trust/quote-value.ts';

describe('quoted: a trust-file value in an error message', () => {
  it('puts a short value in single quotes as it is', () => {
    expect(quoted('12345')).toBe("'12345'");
  });

  it('writes control and invisible characters as escapes, so the mistake is visible and the terminal safe', () => {
    expect(quoted('1111\t2222\n3333')).toBe("'1111\\t2222\\n3333'");
    expect(quoted('Prod\u200bAdmin\u001b[31m')).toBe("'Prod\\u{200B}Admin\\u{1B}[31m'");
    expect(quoted('\u202eevil')).toBe("'\\u{202E}evil'");
  });

  it('keeps the start and the end of a long value and bounds its length', () => {
    const arn = `arn:aws:iam::111122223333:role/${'x'.repeat(3000)}/Deploy`;
    const q = quoted(arn);

    expect(Array.from(q).length).toBe(QUOTED_MAX + 2);
    expect(q.startsWith("'arn:aws:iam::111122223333:role/")).toBe(true);
    expect(q.endsWith("/Deploy'")).toBe(true);
    expect(q).toContain('\u2026');
  });

  it('never cuts an escape in half', () => {
    const q = quoted(`${'a'.repeat(58)}\u0000${'b'.repeat(100)}`);
    expect(q).toContain('\\u{0}');
  });
});
