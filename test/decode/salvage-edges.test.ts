// What a gzip file cut short still gives, at the edges of the salvage: a cut inside a 4-byte or 3-byte
// UTF-8 character, a UTF-8 BOM, a pretty-printed log file, a cut in the first line, broken lines before the cut,
// and the record and value limits, which bound a cut file as they bound a whole one.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type DecodeOptions, decodeBytes } from '../../functions/core/decode/decode-bytes.ts';
import { gunzipTruncated, TRUNCATED } from '../../functions/core/decode/gunzip.ts';
import { DEFAULT_LIMITS, tooManyRecordsMessage } from '../../functions/core/decode/input-limits.ts';
import { collect, wholeBefore } from './support.ts';

const DIR = new URL('../../fixtures/cloudtrail/assume-role/', import.meta.url);
const fixtures: Record<string, unknown>[] = readdirSync(DIR)
  .filter((n) => n.endsWith('.json'))
  .sort()
  .map((n) => JSON.parse(readFileSync(new URL(n, DIR), 'utf8')) as Record<string, unknown>);

const MODES: readonly NonNullable<DecodeOptions['parse']>[] = ['selective', 'selective-js', 'full'];
const lost = (n: number): string =>
  n === 0
    ? `${TRUNCATED}; nothing before the cut could be read, the rest of the file is lost`
    : `${TRUNCATED}; the ${n} record(s) before the cut were read, the rest of the file is lost`;

describe('a cut gzip log file', () => {
  /**
   * Log files of 12 records whose user agents are 60–80 characters of `char`, cut wherever `split` says the
   * decompressed bytes end inside a character: every record before the cut is read, and one error says so.
   */
  function expectRecordsBeforeSplitCharacters(
    char: (i: number, j: number) => string,
    split: (inflated: Uint8Array) => boolean,
  ): void {
    const records = Array.from({ length: 12 }, (_, i) => ({
      ...fixtures[i % fixtures.length],
      userAgent: `deploy-bot ${Array.from({ length: 70 }, (_, j) => char(i, j)).join('')}`,
    }));
    const texts = records.map((r) => JSON.stringify(r));
    const head = '{"Records":[';
    const gz = gzipSync(`${head}${texts.join(',')}]}`);
    const cuts: number[] = [];
    for (let at = Math.floor(gz.length * 0.5); at < gz.length - 20 && cuts.length < 12; at++) {
      if (split(gunzipTruncated(gz.subarray(0, at)))) cuts.push(at);
    }
    expect(cuts.length).toBeGreaterThan(3);
    for (const at of cuts) {
      const cut = gz.subarray(0, at);
      const expected = wholeBefore(head, texts, ',', gunzipTruncated(cut).length);
      const items = collect(decodeBytes(cut, 'cut.json.gz'));

      expect(expected).toBeGreaterThan(2);
      expect(
        items.records.map((r) => r.record),
        `cut at ${at}`,
      ).toEqual(records.slice(0, expected));
      expect(items.errors.map((e) => e.message)).toEqual([lost(expected)]);
    }
  }

  it('keeps the records before a cut that splits a 4-byte UTF-8 character (emoji in a user agent)', () => {
    // Cuts whose output ends 1 to 3 bytes into a 4-byte character (its lead byte 0xf0 among the last 3).
    expectRecordsBeforeSplitCharacters(
      (i, j) => String.fromCodePoint(0x1f300 + ((i * 31 + j * 7) % 700)),
      (inflated) => inflated.subarray(Math.max(0, inflated.length - 3)).includes(0xf0),
    );
  });

  it('keeps the records before a cut two bytes into a 3-byte UTF-8 character (Japanese in a user agent)', () => {
    // Cuts whose output ends with a 3-byte character's lead byte and its first continuation byte.
    expectRecordsBeforeSplitCharacters(
      (i, j) => String.fromCodePoint(0x30a1 + ((i * 13 + j * 5) % 90)),
      (inflated) => {
        const lead = inflated[inflated.length - 2] ?? 0;
        return lead >= 0xe0 && lead < 0xf0;
      },
    );
  });

  it('keeps the records of a file that starts with a UTF-8 BOM, or is pretty-printed', () => {
    const bom = `\uFEFF${JSON.stringify({ Records: fixtures })}`;
    const pretty = JSON.stringify({ Records: fixtures }, null, 2);
    for (const [name, text] of [
      ['bom', bom],
      ['pretty', pretty],
    ] as const) {
      const gz = gzipSync(text);
      const cut = gz.subarray(0, Math.floor(gz.length * 0.8));
      const length = gunzipTruncated(cut).length;
      // The text up to the end of element k is the text of a file of k records, less its closing `]}`.
      const upTo = (k: number): number =>
        Buffer.byteLength(
          name === 'pretty'
            ? JSON.stringify({ Records: fixtures.slice(0, k) }, null, 2).slice(0, -'\n  ]\n}'.length)
            : `\uFEFF${JSON.stringify({ Records: fixtures.slice(0, k) })}`.slice(0, -2),
        );
      let expected = 0;
      while (expected < fixtures.length && upTo(expected + 1) <= length) expected++;
      expect(expected, name).toBeGreaterThan(2);
      for (const parse of MODES) {
        const items = collect(decodeBytes(cut, `${name}.json.gz`, { parse }));

        expect(
          items.records.map((r) => r.record),
          `${name} ${parse}`,
        ).toEqual(fixtures.slice(0, expected));
        expect(items.errors.map((e) => e.message)).toEqual([lost(expected)]);
      }
    }
  });

  it('reads no partial line when JSON Lines are cut in their first line: one error, nothing read', () => {
    const lines = fixtures.map((r) => JSON.stringify(r));
    const gz = gzipSync(`${lines.join('\n')}\n`);
    for (let at = 20; at < gz.length; at += 23) {
      const cut = gz.subarray(0, at);
      if (Buffer.from(gunzipTruncated(cut)).includes(0x0a)) break;
      for (const parse of MODES) {
        const items = collect(decodeBytes(cut, 'cut.jsonl.gz', { parse }));

        expect(items.records, `${at} ${parse}`).toEqual([]);
        expect(items.errors).toEqual([
          { kind: 'gzip', message: lost(0), location: { file: 'cut.jsonl.gz' } },
        ]);
      }
    }
  });

  it('counts only records as read when broken lines precede the cut, and reports those lines', () => {
    const lines = fixtures.map((r) => JSON.stringify(r));
    const broken = [lines[0]!, lines[1]!.slice(0, 60), lines[2]!, ...lines.slice(3), ...lines, ...lines];
    const gz = gzipSync(`${broken.join('\n')}\n`);
    const cut = gz.subarray(0, Math.floor(gz.length * 0.9));
    const before = Buffer.from(gunzipTruncated(cut)).toString('utf8');
    const whole = before.slice(0, before.lastIndexOf('\n')).split('\n').length;
    expect(whole).toBeGreaterThan(5);
    const items = collect(decodeBytes(cut, 'cut.jsonl.gz'));

    expect(items.records.map((r) => r.location.line)).toEqual(
      Array.from({ length: whole }, (_, i) => i + 1).filter((line) => line !== 2),
    );
    expect(items.errors.map((e) => [e.kind, e.location.line])).toEqual([
      ['json', 2],
      ['gzip', undefined],
    ]);
    expect(items.errors[1]?.message).toBe(lost(whole - 1));
  });

  it('holds a cut file to the record limit', () => {
    const gz = gzipSync(JSON.stringify({ Records: [...fixtures, ...fixtures] }));
    const cut = gz.subarray(0, Math.floor(gz.length * 0.9));
    const limits = { ...DEFAULT_LIMITS, maxRecords: 3 };
    for (const parse of MODES) {
      const items = collect(decodeBytes(cut, 'cut.json.gz', { parse, limits }));

      expect(
        items.records.map((r) => r.location.path),
        parse,
      ).toEqual(['Records[0]', 'Records[1]', 'Records[2]']);
      expect(items.errors.map((e) => e.message)).toEqual([tooManyRecordsMessage(3), lost(3)]);
    }
  });

  it('does not parse a cut file’s element holding more JSON values than the limit', () => {
    // A record with a 5,000-element array (a bomb inside a log file): refused, not parsed, and not judged.
    const bomb = { ...fixtures[0], requestParameters: { tags: Array.from({ length: 5000 }, () => ({})) } };
    const gz = gzipSync(JSON.stringify({ Records: [fixtures[1], bomb, fixtures[2], ...fixtures] }));
    const cut = gz.subarray(0, gz.length - 12);
    const limits = { ...DEFAULT_LIMITS, maxValues: 1000 };
    const items = collect(decodeBytes(cut, 'cut.json.gz', { limits }));

    expect(items.records.map((r) => r.record)).toEqual([fixtures[1]]);
    expect(items.errors.map((e) => e.message)).toEqual([lost(1)]);
  });
});
