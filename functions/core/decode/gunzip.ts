import { constants, crc32, inflateRawSync } from 'node:zlib';
import type { Result } from '../model/result.ts';
import { err, ok } from '../model/result.ts';
import { MAX_INPUT_BYTES, tooLargeMessage } from './input-limits.ts';

/** Gzip is recognised by its magic bytes, never by a file name. */
export const isGzip = (data: Uint8Array): boolean => data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;

/** zlib's own output chunk (Z_DEFAULT_CHUNK). */
const DEFAULT_CHUNK = 16 * 1024;
/** A larger output is gathered in several chunks of this size. */
const MAX_CHUNK = 64 * 1024 * 1024;
/** Deflate cannot expand data more than about 1032 times, whatever the trailer claims. */
const MAX_DEFLATE_RATIO = 1032;

/** gunzip's error for data that ends before its gzip stream does (a download or copy cut short). */
export const TRUNCATED = 'truncated gzip data: the compressed stream ends early';
/** zlib's own phrases, so that both gunzip paths (this one and the S3 stream's) say the same thing. */
const corrupt = (reason: string): string => `corrupt gzip data (zlib: ${reason.slice(0, 80)})`;

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED_FLAGS = 0xe0;

/**
 * Where the deflate data of the gzip member starting at `at` begins (RFC 1952 header: magic, method,
 * flags, and the optional extra field, name, comment and header CRC), or why it cannot be read.
 */
function memberBodyStart(data: Uint8Array, at: number): Result<number, string> {
  const n = data.length;
  // Checked byte by byte as zlib does, so that trailing garbage reads as a bad header, not as a short one.
  if ((at < n && data[at] !== 0x1f) || (at + 1 < n && data[at + 1] !== 0x8b)) {
    return err(corrupt('incorrect header check'));
  }
  if (at + 2 < n && data[at + 2] !== 8) return err(corrupt('unknown compression method'));
  if (at + 3 < n && (data[at + 3]! & RESERVED_FLAGS) !== 0) return err(corrupt('unknown header flags set'));
  if (at + 10 > n) return err(TRUNCATED);
  const flags = data[at + 3]!;
  let p = at + 10;
  if ((flags & FEXTRA) !== 0) {
    if (p + 2 > n) return err(TRUNCATED);
    p += 2 + (data[p]! | (data[p + 1]! << 8));
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if ((flags & flag) === 0 || p > n) continue;
    const zero = data.indexOf(0, p);
    if (zero === -1) return err(TRUNCATED);
    p = zero + 1;
  }
  if ((flags & FHCRC) !== 0) {
    if (p + 2 > n) return err(TRUNCATED);
    const stored = data[p]! | (data[p + 1]! << 8);
    if (stored !== (crc32(data.subarray(at, p)) & 0xffff)) return err(corrupt('header crc mismatch'));
    p += 2;
  }
  return p > n ? err(TRUNCATED) : ok(p);
}

const uint32At = (d: Uint8Array, p: number): number =>
  (d[p]! | (d[p + 1]! << 8) | (d[p + 2]! << 16) | (d[p + 3]! << 24)) >>> 0;

/**
 * The output chunk for inflating one member: the size its trailer gives (ISIZE, the size mod 2^32) plus
 * one byte, so that a typical file is inflated into a single buffer instead of many 16 KiB chunks
 * concatenated at the end (a fifth of the time of inflating a CloudTrail log file); the extra byte
 * because a chunk filled exactly makes zlib allocate another one just to see the end. Only a hint: a
 * wrong ISIZE (several members, a damaged trailer) just means more chunks.
 */
function outputChunkSize(data: Uint8Array, bodyStart: number, maxBytes: number): number {
  const n = data.length;
  if (n - bodyStart < 8) return DEFAULT_CHUNK;
  const isize = uint32At(data, n - 4);
  const wanted = Math.min(isize + 1, (n - bodyStart) * MAX_DEFLATE_RATIO, MAX_CHUNK, maxBytes + 1);
  return Math.max(DEFAULT_CHUNK, wanted);
}

function describeInflateError(e: unknown, maxBytes: number): string {
  const code = (e as { code?: unknown }).code;
  if (code === 'Z_BUF_ERROR') return TRUNCATED;
  if (code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(maxBytes);
  // zlib's messages are fixed phrases ("invalid distance too far back"), never input content.
  return corrupt(e instanceof Error ? e.message : 'unknown zlib error');
}

const tooLarge = (maxBytes: number): string => tooLargeMessage(maxBytes, true);

/**
 * Decompresses gzip (several concatenated members too): each member's header and trailer (CRC-32 and
 * size) are read here and its deflate body is inflated by `inflateRawSync` into one buffer sized from the
 * trailer — less work than `gunzipSync`, which grows its output chunk by chunk. At most `maxBytes` are
 * produced (a gzip bomb stops there). Failures are described in zlib's words, never thrown.
 */
export function gunzip(data: Uint8Array, maxBytes: number = MAX_INPUT_BYTES): Result<Uint8Array, string> {
  const parts: Uint8Array[] = [];
  let produced = 0;
  let at = 0;
  do {
    const body = memberBodyStart(data, at);
    if (!body.ok) return body;
    let out: Buffer;
    let consumed: number;
    try {
      const inflated = inflateRawSync(data.subarray(body.value), {
        info: true,
        chunkSize: outputChunkSize(data, body.value, maxBytes - produced),
        maxOutputLength: Math.max(1, maxBytes - produced),
      }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      out = inflated.buffer;
      consumed = inflated.engine.bytesWritten;
    } catch (e) {
      return err(describeInflateError(e, maxBytes));
    }
    const trailer = body.value + consumed;
    if (trailer + 8 > data.length) return err(TRUNCATED);
    if (uint32At(data, trailer) !== crc32(out)) return err(corrupt('incorrect data check'));
    if (uint32At(data, trailer + 4) !== out.length % 2 ** 32) return err(corrupt('incorrect length check'));
    parts.push(out);
    produced += out.length;
    at = trailer + 8;
  } while (at < data.length);
  if (parts.length === 1) return ok(parts[0]!);
  return ok(Buffer.concat(parts, produced));
}

/**
 * What gzip data that {@link gunzip} found truncated still yields: its complete members, then as much of
 * the cut member as inflates (zlib stops at the end of the input instead of failing). The cut member has no
 * trailer, so no CRC vouches for its bytes: callers keep only what parses, and say the file was cut. At most
 * `maxBytes`; empty when not even that much can be read.
 */
export function gunzipTruncated(data: Uint8Array, maxBytes: number = MAX_INPUT_BYTES): Uint8Array {
  const parts: Uint8Array[] = [];
  let produced = 0;
  let at = 0;
  while (at < data.length && produced < maxBytes) {
    const body = memberBodyStart(data, at);
    if (!body.ok) break;
    let inflated: { buffer: Buffer; engine: { bytesWritten: number } };
    try {
      inflated = inflateRawSync(data.subarray(body.value), {
        info: true,
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: maxBytes - produced,
      }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    } catch {
      break;
    }
    parts.push(inflated.buffer);
    produced += inflated.buffer.length;
    at = body.value + inflated.engine.bytesWritten + 8;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, produced);
}

/** The error text of a zlib failure (stream or sync), as {@link gunzip} words it. */
export function describeZlibError(e: unknown, maxBytes: number = MAX_INPUT_BYTES): string {
  return describeInflateError(e, maxBytes);
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
