// A file that is not UTF-8 is one input error naming the first byte that is not, with its line: the first
// byte of the first ill-formed sequence (RFC 3629), whichever rule it breaks, and never a byte after it.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type DecodeOptions, decodeBytes } from '../../functions/core/decode/decode-bytes.ts';
import { collect } from './support.ts';

const DIR = new URL('../../fixtures/cloudtrail/assume-role/', import.meta.url);
const lines = readdirSync(DIR)
  .filter((n) => n.endsWith('.json'))
  .sort()
  .slice(0, 4)
  .map((n) => JSON.stringify(JSON.parse(readFileSync(new URL(n, DIR), 'utf8'))));

const MODES: readonly NonNullable<DecodeOptions['parse']>[] = ['selective', 'selective-js', 'full'];

/** Ill-formed sequences, each after valid non-ASCII text (é, €, 😀) so that only the bad one is named. */
const BAD: readonly [string, number[]][] = [
  ['overlong 2-byte (C0 AF)', [0xc0, 0xaf]],
  ['overlong 2-byte (C1 BF)', [0xc1, 0xbf]],
  ['overlong 3-byte (E0 80 AF)', [0xe0, 0x80, 0xaf]],
  ['UTF-16 surrogate (ED A0 80)', [0xed, 0xa0, 0x80]],
  ['overlong 4-byte (F0 80 80 AF)', [0xf0, 0x80, 0x80, 0xaf]],
  ['beyond U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80]],
  ['no such lead byte (F5 80 80 80)', [0xf5, 0x80, 0x80, 0x80]],
  ['bad third byte (E2 82 28)', [0xe2, 0x82, 0x28]],
  ['bad fourth byte (F0 9F 98 41)', [0xf0, 0x9f, 0x98, 0x41]],
  ['Latin-1 é (E9 then ASCII)', [0xe9, 0x74, 0x65]],
];

/** JSON Lines whose third line's user agent holds `bad`: the bytes, and the offset of `bad`. */
function withBadBytes(bad: readonly number[]): { bytes: Buffer; offset: number } {
  const record = JSON.parse(lines[2]!) as Record<string, unknown>;
  const [before, after] = JSON.stringify({ ...record, userAgent: 'café € 😀 <BAD> ok' }).split('<BAD>');
  const head = Buffer.from(`${lines[0]}\n${lines[1]}\n${before}`);
  const bytes = Buffer.concat([head, Buffer.from(bad), Buffer.from(`${after}\n${lines[3]}\n`)]);
  return { bytes, offset: head.length };
}

const hex = (b: number): string => b.toString(16).padStart(2, '0');

describe('a file that is not UTF-8', () => {
  it('names the lead byte of the first ill-formed sequence and its line, whatever rule it breaks', () => {
    for (const [what, bad] of BAD) {
      const { bytes, offset } = withBadBytes(bad);
      const message = `not UTF-8 text: invalid byte 0x${hex(bad[0]!)} at line 3 (byte offset ${offset})`;
      for (const parse of MODES) {
        const plain = collect(decodeBytes(bytes, 'trail.jsonl', { parse }));
        const gz = collect(decodeBytes(gzipSync(bytes), 'trail.jsonl.gz', { parse }));

        expect(plain.records, `${what} ${parse}`).toEqual([]);
        expect(plain.errors, `${what} ${parse}`).toEqual([
          { kind: 'json', message, location: { file: 'trail.jsonl', line: 3 } },
        ]);
        expect(gz.errors, `${what} ${parse}`).toEqual([
          {
            kind: 'json',
            message: `decompressed data is ${message}`,
            location: { file: 'trail.jsonl.gz', line: 3 },
          },
        ]);
      }
    }
  });

  it('names a multi-byte character cut off by the end of the file', () => {
    const text = Buffer.from(`${lines[0]}\n${lines[1]}\n`);
    for (const tail of [[0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98]]) {
      const bytes = Buffer.concat([text, Buffer.from(tail)]);
      const items = collect(decodeBytes(bytes, 'cut.jsonl'));

      expect(items.errors).toEqual([
        {
          kind: 'json',
          message: `not UTF-8 text: invalid byte 0x${hex(tail[0]!)} at line 3 (byte offset ${text.length})`,
          location: { file: 'cut.jsonl', line: 3 },
        },
      ]);
    }
  });

  it('reads UTF-16 with a byte-order mark, and says when its length is odd', () => {
    const text = `${lines[0]}\n${lines[1]}\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);

    expect(collect(decodeBytes(le, 'ps.json')).records.map((r) => r.location.line)).toEqual([1, 2]);
    expect(collect(decodeBytes(be, 'ps.json')).records.map((r) => r.location.line)).toEqual([1, 2]);
    expect(collect(decodeBytes(be.subarray(0, be.length - 1), 'ps.json')).errors).toEqual([
      { kind: 'json', message: 'not valid UTF-16 text', location: { file: 'ps.json' } },
    ]);
  });

  it('reads a text with its UTF-8 BOM written twice (a tool that adds one to a file that had one)', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const bytes = Buffer.concat([bom, bom, Buffer.from(`${lines[0]}\n${lines[1]}\n`)]);
    for (const parse of MODES) {
      const items = collect(decodeBytes(bytes, 'twice.jsonl', { parse }));

      expect(items.errors, parse).toEqual([]);
      expect(items.records.map((r) => r.location.line)).toEqual([1, 2]);
    }
  });
});
