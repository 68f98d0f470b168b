import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseCanonicalUtc,
  parseExpiration,
  toIsoUtc,
} from '../../functions/core/normalize/parse-expiration.ts';

/** What toIsoUtc promises, computed the slow way with Date. */
function isoByDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** The calendar check the parsers promise, done the slow way with a Date round trip. */
function utcByDate(y: number, month: number, d: number, h: number, m: number, s: number): number | undefined {
  if (month < 1 || month > 12 || d < 1 || d > 31 || h > 23 || m > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, month - 1, d, h, m, s);
  const date = new Date(ms);
  const same = date.getUTCFullYear() === y && date.getUTCMonth() === month - 1 && date.getUTCDate() === d;
  return same ? ms : undefined;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const fields = fc.record({
  y: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1990, max: 2040 })),
  month: fc.integer({ min: 0, max: 13 }),
  d: fc.integer({ min: 0, max: 32 }),
  h: fc.integer({ min: 0, max: 25 }),
  m: fc.integer({ min: 0, max: 61 }),
  s: fc.integer({ min: 0, max: 61 }),
});

describe('the arithmetic time paths', () => {
  it('formats any instant exactly as Date#toISOString does, without a zero millisecond part', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_000_000_000_000, max: 260_000_000_000_000 }), (ms) => {
        expect(toIsoUtc(ms)).toBe(isoByDate(ms));
        const whole = ms - (((ms % 1000) + 1000) % 1000);
        expect(toIsoUtc(whole)).toBe(isoByDate(whole));
      }),
      { numRuns: 5_000 },
    );
    for (const edge of [0, 951_782_400_000, 253_402_300_799_000, 253_402_300_800_000, -1000]) {
      expect(toIsoUtc(edge)).toBe(isoByDate(edge));
    }
  });

  it('reads canonical eventTime strings as Date would, and rejects impossible dates', () => {
    fc.assert(
      fc.property(fields, ({ y, month, d, h, m, s }) => {
        const text = `${pad(y, 4)}-${pad(month)}-${pad(d)}T${pad(h)}:${pad(m)}:${pad(s)}Z`;
        const expected = utcByDate(y, month, d, h, m, s);
        expect(parseCanonicalUtc(text)).toBe(expected);
        expect(parseExpiration(text)).toBe(expected);
        if (expected !== undefined) expect(toIsoUtc(expected)).toBe(text);
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads the locale expiration format as Date would, in every spelling CloudTrail uses', () => {
    const spacing = fc.constantFrom(' ', '\u202f', '\u00a0', '');
    fc.assert(
      fc.property(fields, fc.boolean(), spacing, fc.boolean(), (f, pm, space, comma) => {
        const hour12 = f.h % 13;
        const month = MONTHS[(f.month + 11) % 12] ?? 'Jan';
        const text = `${month} ${f.d}, ${pad(f.y, 4)}${comma ? ',' : ''} ${hour12}:${pad(f.m)}:${pad(f.s)}${space}${pm ? 'PM' : 'AM'}`;
        const hour = (hour12 % 12) + (pm ? 12 : 0);
        const valid = hour12 >= 1 && hour12 <= 12;
        const expected = valid ? utcByDate(f.y, ((f.month + 11) % 12) + 1, f.d, hour, f.m, f.s) : undefined;
        expect(parseExpiration(text)).toBe(expected);
      }),
      { numRuns: 5_000 },
    );
  });

  it('leaves non-canonical ISO forms to the general parser', () => {
    expect(parseCanonicalUtc('2023-07-18T16:07:39.000Z')).toBeUndefined();
    expect(parseCanonicalUtc('2023-07-18t16:07:39Z')).toBeUndefined();
    expect(parseCanonicalUtc(' 2023-07-18T16:07:39Z')).toBeUndefined();
    expect(parseExpiration('2023-07-18t16:07:39z')).toBe(Date.UTC(2023, 6, 18, 16, 7, 39));
    expect(parseExpiration(' 2023-07-18T16:07:39Z ')).toBe(Date.UTC(2023, 6, 18, 16, 7, 39));
  });
});
