import { Buffer, constants, isUtf8 } from 'node:buffer';
import type { Result } from '../model/result.ts';
import { err, ok } from '../model/result.ts';

export interface TextDecodeFailure {
  readonly message: string;
  /** 1-based line of the first byte that is not text, when known. */
  readonly line?: number;
}

/**
 * Bytes to a string: UTF-8 (a BOM is dropped) or, with a BOM, UTF-16 (PowerShell writes it).
 * Invalid UTF-8 is a failure naming the first bad byte, never silently replaced.
 */
export function bytesToText(data: Uint8Array): Result<string, TextDecodeFailure> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  try {
    if (buf[0] === 0xff && buf[1] === 0xfe) return ok(buf.toString('utf16le', 2));
    if (buf[0] === 0xfe && buf[1] === 0xff)
      return ok(Buffer.from(buf.subarray(2)).swap16().toString('utf16le'));
    const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    if (isUtf8(buf.subarray(start))) return ok(buf.toString('utf8', start));
  } catch {
    // toString throws beyond the engine's maximum string length; swap16 on an odd length.
    return err({
      message:
        buf.length > constants.MAX_STRING_LENGTH
          ? `too large to read as one text (${buf.length} bytes)`
          : 'not valid UTF-16 text',
    });
  }
  const bad = firstInvalidUtf8(buf);
  const line = countLines(buf, bad);
  const hex = (buf[bad] ?? 0).toString(16).padStart(2, '0');
  return err({
    message: `not UTF-8 text: invalid byte 0x${hex} at line ${line} (byte offset ${bad})`,
    line,
  });
}

function countLines(buf: Uint8Array, end: number): number {
  let line = 1;
  for (let i = buf.indexOf(0x0a); i !== -1 && i < end; i = buf.indexOf(0x0a, i + 1)) line++;
  return line;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i; // the sequence is cut short by the end of the data
    const second = b[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const x = b[i + k]!;
      if (x < 0x80 || x > 0xbf) return i;
    }
    i += need + 1;
  }
  return n;
}
