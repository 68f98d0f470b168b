// Decisions of the gzip reader that only odd (but valid, or plainly damaged) files reach: header fields
// longer than a byte can count, header CRCs of later members, the last bytes of a trailer, a size limit
// met exactly by several members, and a cut in a later member. Each header is built byte by byte from
// real log files and checked against zlib's own gunzipSync, which rolewatch must agree with.
import { readdirSync, readFileSync } from 'node:fs';
import { crc32, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../functions/core/decode/decode-bytes.ts';
import { gunzip, gunzipTruncated, TRUNCATED } from '../../functions/core/decode/gunzip.ts';
import { DEFAULT_LIMITS, tooLargeMessage } from '../../functions/core/decode/input-limits.ts';
import { collect } from './support.ts';

const DIR = new URL('../../fixtures/cloudtrail/assume-role/', import.meta.url);
/** The AssumeRole fixtures, as the records of one log file. */
const records: Record<string, unknown>[] = readdirSync(DIR)
  .filter((n) => n.endsWith('.json'))
  .sort()
  .map((n) => JSON.parse(readFileSync(new URL(n, DIR), 'utf8')) as Record<string, unknown>);
const logFile = JSON.stringify({ Records: records });
const jsonLines = records.map((r) => JSON.stringify(r));

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;

/** One gzip member of `text` whose header is rebuilt with `flags` and the given fields (RFC 1952). */
function member(
  text: string,
  fields: { extra?: Buffer; name?: string; headerCrc?: boolean; method?: number; magic2?: number } = {},
): Buffer {
  const gz = gzipSync(text);
  const header = Buffer.from(gz.subarray(0, 10));
  if (fields.magic2 !== undefined) header[1] = fields.magic2;
  if (fields.method !== undefined) header[2] = fields.method;
  header[3] =
    (fields.extra !== undefined ? FEXTRA : 0) |
    (fields.name !== undefined ? FNAME : 0) |
    (fields.headerCrc === true ? FHCRC : 0);
  const parts: Uint8Array[] = [header];
  if (fields.extra !== undefined) {
    const xlen = Buffer.alloc(2);
    xlen.writeUInt16LE(fields.extra.length);
    parts.push(xlen, fields.extra);
  }
  if (fields.name !== undefined) parts.push(Buffer.from(`${fields.name}\0`, 'latin1'));
  let head = Buffer.concat(parts);
  if (fields.headerCrc === true) {
    const crc = Buffer.alloc(2);
    crc.writeUInt16LE(crc32(head) & 0xffff);
    head = Buffer.concat([head, crc]);
  }
  return Buffer.concat([head, gz.subarray(10)]);
}

const text = (r: ReturnType<typeof gunzip>): string | false => r.ok && Buffer.from(r.value).toString('utf8');

describe('gzip member headers', () => {
  it('skips an extra field longer than 255 bytes (its length is two bytes, little-endian)', () => {
    // A subfield of 300 bytes: the high byte of XLEN matters (e.g. BGZF-style or vendor metadata).
    const extra = Buffer.concat([Buffer.from('RW'), Buffer.from([0x28, 0x01]), Buffer.alloc(296, 0x61)]);
    const gz = member(logFile, { extra, name: 'trail.json', headerCrc: true });

    // BGZF's own subfield ("BC", length 2, the block size) holds zero bytes, as binary data may.
    const bgzf = Buffer.concat([Buffer.from([0x42, 0x43, 0x02, 0x00, 0x1b, 0x00]), extra]);
    const extraOnly = member(logFile, { extra: bgzf });

    for (const data of [gz, extraOnly]) {
      expect(gunzipSync(data).toString('utf8')).toBe(logFile);
      expect(text(gunzip(data))).toBe(logFile);
      expect(collect(decodeBytes(data, 'extra.json.gz')).records).toHaveLength(records.length);
    }
  });

  it('checks the header CRC of a later member against that member’s own header', () => {
    const half = Math.floor(jsonLines.length / 2);
    const first = gzipSync(`${jsonLines.slice(0, half).join('\n')}\n`);
    const second = member(`${jsonLines.slice(half).join('\n')}\n`, { name: 'part-2.jsonl', headerCrc: true });
    const gz = Buffer.concat([first, second]);
    const damaged = Buffer.from(gz);
    damaged[first.length + 10 + 'part-2.jsonl'.length + 1]! ^= 0x01;

    expect(gunzipSync(gz).toString('utf8')).toBe(`${jsonLines.join('\n')}\n`);
    expect(text(gunzip(gz))).toBe(`${jsonLines.join('\n')}\n`);
    expect(() => gunzipSync(damaged)).toThrow(/header crc mismatch/);
    expect(gunzip(damaged)).toEqual({ ok: false, error: 'corrupt gzip data (zlib: header crc mismatch)' });
  });

  it('names a later member’s bad magic, compression method and reserved flags as zlib does', () => {
    const gz = gzipSync(logFile);
    const cases: [Buffer, string][] = [
      // compress(1) data appended after a gzip member: the second magic byte is wrong.
      [member(logFile, { magic2: 0x9d }), 'incorrect header check'],
      [member(logFile, { method: 7 }), 'unknown compression method'],
      [
        (() => {
          const m = member(logFile);
          m[3] = 0x20; // a reserved flag
          return m;
        })(),
        'unknown header flags set',
      ],
    ];
    for (const [second, reason] of cases) {
      const data = Buffer.concat([gz, second]);

      expect(() => gunzipSync(data), reason).toThrow(reason);
      expect(gunzip(data), reason).toEqual({ ok: false, error: `corrupt gzip data (zlib: ${reason})` });
    }
  });
});

describe('gzip trailers and limits', () => {
  it('says a file is cut when only the last byte of its trailer is missing, and keeps every record', () => {
    const gz = gzipSync(logFile);
    for (const missing of [1, 3, 5, 8]) {
      const cut = gz.subarray(0, gz.length - missing);

      expect(gunzip(cut), `${missing}`).toEqual({ ok: false, error: TRUNCATED });
      const items = collect(decodeBytes(cut, 'cut.json.gz'));
      expect(items.records).toHaveLength(records.length);
      expect(items.errors.map((e) => e.message)).toEqual([
        `${TRUNCATED}; the ${records.length} record(s) before the cut were read, the rest of the file is lost`,
      ]);
    }
  });

  it('reads several members whose output is exactly the limit, an empty last member too', () => {
    const a = `${jsonLines.slice(0, 3).join('\n')}\n`;
    const b = `${jsonLines.slice(3).join('\n')}\n`;
    const gz = Buffer.concat([gzipSync(a), gzipSync(b)]);
    const total = Buffer.byteLength(a) + Buffer.byteLength(b);

    expect(text(gunzip(gz, total))).toBe(a + b);
    expect(gunzip(gz, total - 1)).toEqual({ ok: false, error: tooLargeMessage(total - 1, true) });
    // Some tools end a stream with an empty member: it adds nothing, so it cannot pass the limit.
    expect(text(gunzip(Buffer.concat([gz, gzipSync('')]), total))).toBe(a + b);
    // The limit is met by the first member: any byte of a second one is too many.
    expect(gunzip(gz, Buffer.byteLength(a))).toEqual({
      ok: false,
      error: tooLargeMessage(Buffer.byteLength(a), true),
    });
  });
  it('reads nothing of a member whose data check fails: a CRC mismatch is corruption, not a cut', () => {
    const gz = gzipSync(logFile);
    const badCrc = Buffer.from(gz);
    badCrc[badCrc.length - 8]! ^= 0x01;
    const badBody = Buffer.from(gz);
    badBody[Math.floor(gz.length * 0.6)]! ^= 0x55;
    for (const [name, data] of [
      ['crc', badCrc],
      ['body', badBody],
    ] as const) {
      const items = collect(decodeBytes(data, `${name}.json.gz`));

      expect(items.records, name).toEqual([]);
      expect(items.errors, name).toEqual([
        {
          kind: 'gzip',
          message: expect.stringMatching(/^corrupt gzip data \(zlib: /),
          location: { file: `${name}.json.gz` },
        },
      ]);
    }
  });
});

describe('a gzip file cut in a later member', () => {
  it('still yields the whole lines of the cut member after those of the complete ones', () => {
    const half = Math.floor(jsonLines.length / 2);
    const first = gzipSync(`${jsonLines.slice(0, half).join('\n')}\n`);
    const rest = Array.from({ length: 6 }, () => jsonLines.slice(half)).flat();
    const second = gzipSync(`${rest.join('\n')}\n`);
    const cut = Buffer.concat([first, second.subarray(0, Math.floor(second.length * 0.8))]);

    const inflated = Buffer.from(gunzipTruncated(cut)).toString('utf8');
    const wholeLines = inflated.slice(0, inflated.lastIndexOf('\n') + 1).split('\n').length - 1;
    expect(wholeLines).toBeGreaterThan(half + 3);
    const items = collect(decodeBytes(cut, 'cut.jsonl.gz'));

    expect(items.records.map((r) => r.location.line)).toEqual(
      Array.from({ length: wholeLines }, (_, i) => i + 1),
    );
    expect(items.errors.map((e) => e.message)).toEqual([
      `${TRUNCATED}; the ${wholeLines} record(s) before the cut were read, the rest of the file is lost`,
    ]);
  });

  it('inflates no more of a cut file than the input limit', () => {
    const big = gzipSync(
      `${Array.from({ length: 40 }, () => jsonLines)
        .flat()
        .join('\n')}\n`,
    );
    const cut = big.subarray(0, Math.floor(big.length * 0.9));
    const limit = 4096;

    expect(gunzipTruncated(cut).length).toBeGreaterThan(limit);
    expect(gunzipTruncated(cut, limit).length).toBeLessThanOrEqual(limit);
    // Past the limit before the cut: the limit is the error, and nothing is salvaged past it.
    const items = collect(
      decodeBytes(cut, 'cut.jsonl.gz', { limits: { ...DEFAULT_LIMITS, maxInputBytes: limit } }),
    );
    expect(items.records).toEqual([]);
    expect(items.errors.map((e) => e.message)).toEqual([tooLargeMessage(limit, true)]);
  });
});
