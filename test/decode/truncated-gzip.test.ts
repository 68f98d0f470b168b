// A gzip file cut short (an interrupted download or copy) loses only what the cut touched: its whole
// records before the cut are read, in every parse mode, and one input error says how many and that the
// rest is lost.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type DecodeOptions, decodeBytes } from '../../functions/core/decode/decode-bytes.ts';
import type { DecodedItem } from '../../functions/core/decode/decoded-item.ts';
import { gunzipTruncated, TRUNCATED } from '../../functions/core/decode/gunzip.ts';
import { scenarioRecord } from '../security/support.ts';
import { wholeBefore } from './support.ts';

/** 40 real-shaped records, each different, with non-ASCII text (a cut may split a UTF-8 character). */
const records = Array.from({ length: 40 }, (_, i) => ({
  ...scenarioRecord(i % 2 === 0 ? 'session-too-long' : 'mfa-missing', 'match'),
  eventID: `7c1b2a3e-0000-4000-8000-${String(i).padStart(12, '0')}`,
  userAgent: `ünïcödé-agent/${i} ${'€'.repeat(i % 7)}`,
}));

const MODES: readonly NonNullable<DecodeOptions['parse']>[] = ['selective', 'selective-js', 'full'];

const recordsOf = (items: readonly DecodedItem[]) =>
  items.flatMap((i) => (i.kind === 'record' ? [{ record: i.record, location: i.location }] : []));
const errorsOf = (items: readonly DecodedItem[]) =>
  items.flatMap((i) => (i.kind === 'error' ? [i.error] : []));

describe('a truncated gzip file', () => {
  it('still yields the complete records of a log file before the cut, at every cut', () => {
    const texts = records.map((r) => JSON.stringify(r));
    const gz = gzipSync(`{"Records":[${texts.join(',')}]}`);
    for (const fraction of [0.1, 0.35, 0.6, 0.9, 0.999]) {
      const cut = gz.subarray(0, Math.floor(gz.length * fraction));
      const expected = wholeBefore('{"Records":[', texts, ',', gunzipTruncated(cut).length);
      for (const parse of MODES) {
        const items = [...decodeBytes(cut, 'cut.json.gz', { parse })];

        expect(recordsOf(items), `${fraction} ${parse}`).toEqual(
          records.slice(0, expected).map((record, i) => ({
            record,
            location: { file: 'cut.json.gz', path: `Records[${i}]` },
          })),
        );
        expect(errorsOf(items)).toEqual([
          {
            kind: 'gzip',
            message:
              expected === 0
                ? `${TRUNCATED}; nothing before the cut could be read, the rest of the file is lost`
                : `${TRUNCATED}; the ${expected} record(s) before the cut were read, the rest of the file is lost`,
            location: { file: 'cut.json.gz' },
          },
        ]);
      }
      if (fraction >= 0.6) expect(expected).toBeGreaterThan(0);
    }
  });

  it('still yields the complete lines of JSON Lines before the cut, with their line numbers', () => {
    const texts = records.map((r) => JSON.stringify(r));
    const gz = gzipSync(`${texts.join('\n')}\n`);
    const cut = gz.subarray(0, Math.floor(gz.length * 0.7));
    const expected = wholeBefore('', texts, '\n', gunzipTruncated(cut).length - 1);
    for (const parse of MODES) {
      const items = [...decodeBytes(cut, 'cut.jsonl.gz', { parse })];

      expect(expected).toBeGreaterThan(3);
      expect(recordsOf(items).map((r) => [r.record, r.location.line])).toEqual(
        records.slice(0, expected).map((record, i) => [record, i + 1]),
      );
      expect(errorsOf(items).map((e) => e.message)).toEqual([
        `${TRUNCATED}; the ${expected} record(s) before the cut were read, the rest of the file is lost`,
      ]);
    }
  });

  it('reads a file whose trailer alone is missing in full, and still says it was cut', () => {
    const gz = gzipSync(JSON.stringify({ Records: records }));
    const items = [...decodeBytes(gz.subarray(0, gz.length - 4), 'no-trailer.json.gz')];

    expect(recordsOf(items).map((r) => r.record)).toEqual(records);
    expect(errorsOf(items)).toHaveLength(1);
  });
});
