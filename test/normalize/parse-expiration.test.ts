import { describe, expect, it } from 'vitest';
import { parseExpiration, toIsoUtc } from '../../functions/core/normalize/parse-expiration.ts';

describe('parseExpiration', () => {
  it('reads the current CloudTrail format with a comma after the year', () => {
    expect(parseExpiration('Jul 18, 2023, 4:07:39 PM')).toBe(Date.UTC(2023, 6, 18, 16, 7, 39));
  });

  it('reads the older format without the comma after the year', () => {
    expect(parseExpiration('Jan 22, 2021 12:46:28 AM')).toBe(Date.UTC(2021, 0, 22, 0, 46, 28));
    expect(parseExpiration('Mar 3, 2020 8:25:30 AM')).toBe(Date.UTC(2020, 2, 3, 8, 25, 30));
  });

  it('treats 12 AM as midnight and 12 PM as noon', () => {
    expect(parseExpiration('Nov 9, 2026, 12:00:30 AM')).toBe(Date.UTC(2026, 10, 9, 0, 0, 30));
    expect(parseExpiration('Nov 9, 2026, 12:00:30 PM')).toBe(Date.UTC(2026, 10, 9, 12, 0, 30));
  });

  it('accepts the narrow no-break space newer JDKs put before AM/PM', () => {
    expect(parseExpiration('Aug 2, 2024, 8:45:00\u202fAM')).toBe(Date.UTC(2024, 7, 2, 8, 45, 0));
  });

  it('reads ISO 8601 in UTC, with fractions and offsets', () => {
    expect(parseExpiration('2023-07-18T16:07:39Z')).toBe(Date.UTC(2023, 6, 18, 16, 7, 39));
    expect(parseExpiration('2020-09-14T00:50:17.000Z')).toBe(Date.UTC(2020, 8, 14, 0, 50, 17));
    expect(parseExpiration('2020-09-14T00:50:17.123456Z')).toBe(Date.UTC(2020, 8, 14, 0, 50, 17, 123));
    expect(parseExpiration('2023-07-18T18:07:39+02:00')).toBe(Date.UTC(2023, 6, 18, 16, 7, 39));
    expect(parseExpiration('2023-07-18T16:07:39')).toBe(Date.UTC(2023, 6, 18, 16, 7, 39));
  });

  it('reads February 29 of a leap year, a century divisible by 400 included', () => {
    expect(parseExpiration('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
    expect(parseExpiration('Feb 29, 2000, 12:00:00 AM')).toBe(Date.UTC(2000, 1, 29));
    expect(parseExpiration('1900-02-29T00:00:00Z')).toBeUndefined();
  });

  it('rejects values that are not real timestamps', () => {
    for (const bad of [
      undefined,
      null,
      1689696459000,
      '',
      'tomorrow',
      'Jul 32, 2023, 4:07:39 PM',
      'Feb 30, 2023, 4:07:39 PM',
      'Jul 18, 2023, 13:07:39 PM',
      'Jul 18, 2023, 0:07:39 AM',
      'Foo 18, 2023, 4:07:39 PM',
      '2023-13-01T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2023-07-18T24:00:00Z',
      { expiration: 'Jul 18, 2023, 4:07:39 PM' },
    ]) {
      expect(parseExpiration(bad), String(bad)).toBeUndefined();
    }
  });

  it('formats epoch milliseconds as ISO 8601 without a zero millisecond part', () => {
    expect(toIsoUtc(Date.UTC(2023, 6, 18, 16, 7, 39))).toBe('2023-07-18T16:07:39Z');
    expect(toIsoUtc(Date.UTC(2023, 6, 18, 16, 7, 39, 250))).toBe('2023-07-18T16:07:39.250Z');
  });
});
