import { constants } from 'node:buffer';
import { gunzipSync, type ZlibOptions } from 'node:zlib';
import type { Result } from '../model/result.ts';
import { err, ok } from '../model/result.ts';

/** Larger output could not become one string anyway; stopping early also defuses gzip bombs. */
const MAX_OUTPUT_BYTES = constants.MAX_STRING_LENGTH;

/** Gzip is recognised by its magic bytes, never by a file name. */
export const isGzip = (data: Uint8Array): boolean => data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;

/** zlib's own output chunk (Z_DEFAULT_CHUNK). */
const DEFAULT_CHUNK = 16 * 1024;
/** A larger output is gathered in several chunks of this size. */
const MAX_CHUNK = 64 * 1024 * 1024;
/** Deflate cannot expand data more than about 1032 times, whatever the trailer claims. */
const MAX_DEFLATE_RATIO = 1032;

/**
 * The output chunk for one gunzip: the size the gzip trailer gives (ISIZE, the last member's size mod
 * 2^32) plus one byte, so that a typical file is inflated into a single buffer instead of many 16 KiB
 * chunks concatenated at the end (a fifth of the time of inflating a CloudTrail log file). Only a hint:
 * a wrong ISIZE (several members, a damaged trailer) just means more chunks.
 */
function outputChunkSize(data: Uint8Array): number {
  const n = data.length;
  if (n < 18) return DEFAULT_CHUNK;
  const isize = (data[n - 4]! | (data[n - 3]! << 8) | (data[n - 2]! << 16) | (data[n - 1]! << 24)) >>> 0;
  // The extra byte: a chunk filled exactly makes zlib allocate another one just to see the end.
  const wanted = Math.min(isize + 1, n * MAX_DEFLATE_RATIO, MAX_CHUNK, MAX_OUTPUT_BYTES);
  return Math.max(DEFAULT_CHUNK, wanted);
}

const gunzipOptions = (data: Uint8Array): ZlibOptions => ({
  maxOutputLength: MAX_OUTPUT_BYTES,
  chunkSize: outputChunkSize(data),
});

function describeGunzipError(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === 'Z_BUF_ERROR') return 'truncated gzip data: the compressed stream ends early';
  if (code === 'ERR_BUFFER_TOO_LARGE') return `gzip data decompresses to more than ${MAX_OUTPUT_BYTES} bytes`;
  // zlib's messages are fixed phrases ("incorrect header check"), never input content.
  const reason = e instanceof Error ? e.message : 'unknown zlib error';
  return `corrupt gzip data (zlib: ${reason.slice(0, 80)})`;
}

/** Decompresses gzip (several concatenated members too); failures are described, not thrown. */
export function gunzip(data: Uint8Array): Result<Uint8Array, string> {
  try {
    return ok(gunzipSync(data, gunzipOptions(data)));
  } catch (e) {
    return err(describeGunzipError(e));
  }
}

const OTHER_FORMATS: readonly { readonly magic: readonly number[]; readonly name: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], name: 'a zip archive' },
  { magic: [0x42, 0x5a, 0x68], name: 'bzip2 data' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], name: 'zstd data' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], name: 'xz data' },
];

/** Names a compression format rolewatch does not read, so the error says what to do. */
export function otherCompression(data: Uint8Array): string | undefined {
  return OTHER_FORMATS.find((f) => f.magic.every((b, i) => data[i] === b))?.name;
}
