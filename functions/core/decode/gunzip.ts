import { constants } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import type { Result } from '../model/result.ts';
import { err, ok } from '../model/result.ts';

/** Larger output could not become one string anyway; stopping early also defuses gzip bombs. */
const MAX_OUTPUT_BYTES = constants.MAX_STRING_LENGTH;

/** Gzip is recognised by its magic bytes, never by a file name. */
export const isGzip = (data: Uint8Array): boolean => data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;

/** Decompresses gzip (several concatenated members too); failures are described, not thrown. */
export function gunzip(data: Uint8Array): Result<Uint8Array, string> {
  try {
    return ok(gunzipSync(data, { maxOutputLength: MAX_OUTPUT_BYTES }));
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'Z_BUF_ERROR') return err('truncated gzip data: the compressed stream ends early');
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      return err(`gzip data decompresses to more than ${MAX_OUTPUT_BYTES} bytes`);
    }
    // zlib's messages are fixed phrases ("incorrect header check"), never input content.
    const reason = e instanceof Error ? e.message : 'unknown zlib error';
    return err(`corrupt gzip data (zlib: ${reason.slice(0, 80)})`);
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
