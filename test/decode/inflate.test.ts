import { crc32, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeInflated, inflate } from '../../functions/core/decode/decode-bytes.ts';
import { gunzip } from '../../functions/core/decode/gunzip.ts';
import { collect, eventIds, realRecords, utf8 } from './support.ts';

const { assumeRole, leaveOrganization, assumeRoleRetry } = realRecords();
const logFile = JSON.stringify({ Records: [assumeRole, leaveOrganization, assumeRoleRetry] });

/** Gzip bytes whose trailer claims a different size (as after concatenating members). */
function withWrongSizeTrailer(gz: Buffer, size: number): Buffer {
  const out = Buffer.from(gz);
  out.writeUInt32LE(size, out.length - 4);
  return out;
}

const text = (r: ReturnType<typeof gunzip>): string | false => r.ok && Buffer.from(r.value).toString('utf8');

describe('gunzip, with its output buffer sized from the gzip trailer', () => {
  it('reads concatenated gzip members, whose trailer gives only the last size', () => {
    const first = JSON.stringify({ Records: [assumeRole] }).slice(0, -2);
    const gz = Buffer.concat([gzipSync(first), gzipSync(logFile.slice(first.length))]);

    expect(text(gunzip(gz))).toBe(logFile);
  });

  it('treats a trailer that lies about the size as zlib does: a clear error, whatever size it claims', () => {
    const gz = gzipSync(logFile);
    for (const claimed of [0, 1, 17, logFile.length - 1, logFile.length + 1, 0xffffffff]) {
      const damaged = withWrongSizeTrailer(gz, claimed);

      expect(() => gunzipSync(damaged)).toThrow(/incorrect length check/);
      expect(gunzip(damaged), `claimed ${claimed}`).toEqual({
        ok: false,
        error: 'corrupt gzip data (zlib: incorrect length check)',
      });
    }
    expect(text(gunzip(withWrongSizeTrailer(gz, logFile.length)))).toBe(logFile);
  });

  it('reads the optional header fields (extra, name, comment, header CRC) as gunzipSync does', () => {
    const gz = gzipSync(logFile);
    const header = Buffer.from(gz.subarray(0, 10));
    header[3] = 0x04 | 0x08 | 0x10 | 0x02; // FEXTRA | FNAME | FCOMMENT | FHCRC
    const extra = Buffer.from([4, 0, 0x41, 0x42, 0x02, 0x00]);
    const fields = Buffer.concat([header, extra, Buffer.from('trail.json\0'), Buffer.from('a comment\0')]);
    const headerCrc = Buffer.alloc(2);
    headerCrc.writeUInt16LE(crc32(fields) & 0xffff);
    const withFields = Buffer.concat([fields, headerCrc, gz.subarray(10)]);
    const badHeaderCrc = Buffer.concat([
      fields,
      Buffer.from([headerCrc[0]! ^ 1, headerCrc[1]!]),
      gz.subarray(10),
    ]);

    expect(gunzipSync(withFields).toString('utf8')).toBe(logFile);
    expect(text(gunzip(withFields))).toBe(logFile);
    expect(() => gunzipSync(badHeaderCrc)).toThrow(/header crc mismatch/);
    expect(gunzip(badHeaderCrc)).toEqual({
      ok: false,
      error: 'corrupt gzip data (zlib: header crc mismatch)',
    });
  });

  it('checks the CRC-32 of the data, as zlib does', () => {
    const gz = gzipSync(logFile);
    const damaged = Buffer.from(gz);
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 8) ^ 0x01, damaged.length - 8);

    expect(() => gunzipSync(damaged)).toThrow(/incorrect data check/);
    expect(gunzip(damaged)).toEqual({ ok: false, error: 'corrupt gzip data (zlib: incorrect data check)' });
  });

  it('reads trailing bytes as another member, as gunzipSync does', () => {
    const gz = gzipSync(logFile);

    expect(gunzip(Buffer.concat([gz, Buffer.from('xyz')]))).toEqual({
      ok: false,
      error: 'corrupt gzip data (zlib: incorrect header check)',
    });
    expect(gunzip(Buffer.concat([gz, Buffer.from([0x1f])]))).toEqual({
      ok: false,
      error: 'truncated gzip data: the compressed stream ends early',
    });
  });

  it('describes truncated and corrupt data instead of throwing', () => {
    const gz = gzipSync(logFile);
    const truncated = gz.subarray(0, gz.length - 30);
    const corrupt = Buffer.from(gz);
    corrupt.fill(0x41, 12, 40);

    expect(gunzip(truncated)).toEqual({ ok: false, error: expect.stringMatching(/^truncated gzip data/) });
    expect(gunzip(corrupt)).toEqual({
      ok: false,
      error: expect.stringMatching(/^corrupt gzip data \(zlib: /),
    });
  });

  it('decodes an inflated file to the same items as decodeBytes, errors included', () => {
    const inputs: [Uint8Array, string][] = [
      [gzipSync(logFile), 'trail.json.gz'],
      [utf8(logFile), 'trail.json'],
      [utf8('not a trail'), 'notes.json.gz'],
      [gzipSync(logFile).subarray(0, 40), 'cut.json.gz'],
      [Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00]), 'archive.zip'],
    ];
    for (const [bytes, file] of inputs) {
      expect(collect(decodeInflated(inflate(bytes, file), file)), file).toEqual(
        collect(decodeBytes(bytes, file)),
      );
    }
    expect(eventIds(collect(decodeInflated(inflate(gzipSync(logFile), 'x'), 'x')))).toEqual([
      assumeRole.eventID,
      leaveOrganization.eventID,
      assumeRoleRetry.eventID,
    ]);
  });
});
