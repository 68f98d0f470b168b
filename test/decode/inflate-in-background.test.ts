import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeBytes,
  decodeInflated,
  inflate,
  inflateInBackground,
} from '../../functions/core/decode/decode-bytes.ts';
import { gunzip, gunzipInBackground } from '../../functions/core/decode/gunzip.ts';
import { collect, eventIds, realRecords, utf8 } from './support.ts';

const { assumeRole, leaveOrganization, assumeRoleRetry } = realRecords();
const logFile = JSON.stringify({ Records: [assumeRole, leaveOrganization, assumeRoleRetry] });

/** Gzip bytes whose trailer claims a different size (as after concatenating members). */
function withWrongSizeTrailer(gz: Buffer, size: number): Buffer {
  const out = Buffer.from(gz);
  out.writeUInt32LE(size, out.length - 4);
  return out;
}

describe('inflating a file in the background', () => {
  it('gives the same bytes as inflating it in this thread', async () => {
    const gz = gzipSync(logFile);

    const background = await gunzipInBackground(gz);

    expect(background).toEqual(gunzip(gz));
    expect(background.ok && Buffer.from(background.value).toString('utf8')).toBe(logFile);
  });

  it('reads concatenated gzip members, whose trailer gives only the last size', async () => {
    const first = JSON.stringify({ Records: [assumeRole] }).slice(0, -2);
    const gz = Buffer.concat([gzipSync(first), gzipSync(logFile.slice(first.length))]);

    const inThread = gunzip(gz);
    const background = await gunzipInBackground(gz);

    expect(inThread.ok && Buffer.from(inThread.value).toString('utf8')).toBe(logFile);
    expect(background).toEqual(inThread);
  });

  it('inflates correctly whatever size the trailer claims', async () => {
    const gz = gzipSync(logFile);
    for (const claimed of [0, 1, 17, logFile.length - 1, logFile.length + 1, 0xffffffff]) {
      const damaged = withWrongSizeTrailer(gz, claimed);
      const expected = gunzipInBackground(damaged);

      expect(gunzip(damaged), `claimed ${claimed}`).toEqual(await expected);
    }
  });

  it('describes truncated and corrupt data the same way as inflating in this thread', async () => {
    const gz = gzipSync(logFile);
    const truncated = gz.subarray(0, gz.length - 30);
    const corrupt = Buffer.from(gz);
    corrupt.fill(0x41, 12, 40);

    for (const bad of [truncated, corrupt]) {
      const inThread = gunzip(bad);
      expect(inThread.ok).toBe(false);
      expect(await gunzipInBackground(bad)).toEqual(inThread);
    }
  });

  it('decodes an inflated file to the same items as decodeBytes, errors included', async () => {
    const inputs: [Uint8Array, string][] = [
      [gzipSync(logFile), 'trail.json.gz'],
      [utf8(logFile), 'trail.json'],
      [utf8('not a trail'), 'notes.json.gz'],
      [gzipSync(logFile).subarray(0, 40), 'cut.json.gz'],
      [Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00]), 'archive.zip'],
    ];
    for (const [bytes, file] of inputs) {
      const direct = collect(decodeBytes(bytes, file));

      expect(collect(decodeInflated(inflate(bytes, file), file)), file).toEqual(direct);
      expect(collect(decodeInflated(await inflateInBackground(bytes, file), file)), file).toEqual(direct);
    }
    expect(eventIds(collect(decodeInflated(await inflateInBackground(gzipSync(logFile), 'x'), 'x')))).toEqual(
      [assumeRole.eventID, leaveOrganization.eventID, assumeRoleRetry.eventID],
    );
  });
});
