import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { describeError } from '../adapters/describe-error.ts';
import { describeZlibError } from '../core/decode/gunzip.ts';
import { MAX_INPUT_BYTES } from '../core/decode/input-limits.ts';
import { err, ok, type Result } from '../core/model/result.ts';
import type { S3ObjectRef } from './s3-notification.ts';

export interface ObjectReadError {
  /**
   * `read`: the object could not be fetched; `gzip`: it does not decompress; `too-large`: over the cap;
   * `stopped`: the caller's signal ended the read (the invocation's delivery deadline).
   */
  readonly kind: 'read' | 'gzip' | 'too-large' | 'stopped';
  readonly message: string;
}

/** The decode limit on one input (256 MiB decompressed): one fact for the CLI and the handlers. */
export const DEFAULT_MAX_OBJECT_BYTES = MAX_INPUT_BYTES;

/** Output chunks of the stream's gunzip: big enough that per-chunk work is noise. */
const GUNZIP_CHUNK = 64 * 1024;

class TooLargeError extends Error {
  override readonly name = 'TooLargeError';
}

/** An object as stored (gzip or not), its decompressed bytes having streamed to `onChunk`. */
export interface StreamedObject {
  /** The object's bytes as stored: for gzip, the compressed bytes (a tenth of the JSON, or less). */
  readonly bytes: Buffer;
  readonly gzipped: boolean;
}

/**
 * Fetches an object and returns its bytes, gunzipped on the fly when the body starts with the gzip
 * magic bytes (CloudTrail writes `.json.gz`; a plain `.json` is read as is). `s3` may be a promise
 * of the client, which is created (and its SDK module imported) on first use.
 */
export async function readS3Object(
  s3: S3Client | PromiseLike<S3Client>,
  ref: S3ObjectRef,
  maxBytes: number = DEFAULT_MAX_OBJECT_BYTES,
): Promise<Result<Buffer, ObjectReadError>> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const read = await streamS3Object(s3, ref, maxBytes, (chunk) => {
    chunks.push(chunk);
    total += chunk.length;
  });
  if (!read.ok) return read;
  return ok(read.value.gzipped ? Buffer.concat(chunks, total) : read.value.bytes);
}

/**
 * Fetches an object, handing its gzip-decompressed bytes to `onChunk` as they stream (at most `maxBytes`
 * of them: a gzip bomb stops there), while keeping only the compressed bytes: an object of 100 MB of
 * JSON is judged within a Lambda function's 256 MB. A body that is not gzip is returned whole and not
 * streamed to `onChunk`. Errors are values: `read`, `gzip` (worded as the CLI words them) or `too-large`.
 */
export async function streamS3Object(
  s3: S3Client | PromiseLike<S3Client>,
  ref: S3ObjectRef,
  maxBytes: number,
  onChunk: (decompressed: Uint8Array) => void,
  signal?: AbortSignal,
): Promise<Result<StreamedObject, ObjectReadError>> {
  const stopped = (): Result<StreamedObject, ObjectReadError> =>
    err({ kind: 'stopped', message: 'reading stopped at the delivery deadline' });
  let body: AsyncIterable<Uint8Array>;
  try {
    const [client, { GetObjectCommand }] = await Promise.all([s3, import('@aws-sdk/client-s3')]);
    const out = await client.send(
      new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }),
      signal === undefined ? {} : { abortSignal: signal },
    );
    if (out.Body === undefined) return ok({ bytes: Buffer.alloc(0), gzipped: false });
    body = toAsyncIterable(out.Body);
  } catch (e) {
    if (signal?.aborted === true) return stopped();
    return err({ kind: 'read', message: `cannot get the object (${describeError(e, 'fallback')})` });
  }
  // The body streams on after the response: the signal ends it too (the SDK stops only the request).
  const stopBody = (): void => {
    if (body instanceof Readable) body.destroy(new Error('reading stopped at the delivery deadline'));
  };
  signal?.addEventListener('abort', stopBody, { once: true });

  const stored: Buffer[] = [];
  let storedBytes = 0;
  let gzipped: boolean | undefined;
  let total = 0;
  const keep = (chunk: Uint8Array): Buffer => {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    stored.push(b);
    storedBytes += b.length;
    return b;
  };
  const collect = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > maxBytes) {
        callback(new TooLargeError(`more than ${maxBytes} bytes${gzipped ? ' after decompression' : ''}`));
        return;
      }
      try {
        onChunk(chunk);
        callback();
      } catch (e) {
        callback(e as Error);
      }
    },
  });
  try {
    // The magic bytes decide; a stream may hand over a single byte first.
    const iterator = body[Symbol.asyncIterator]();
    let ended = false;
    while (storedBytes < 2 && !ended) {
      const n = await iterator.next();
      if (n.done === true) ended = true;
      else keep(n.value);
    }
    const head = Buffer.concat(stored, storedBytes);
    gzipped = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    if (!gzipped) {
      for (
        let n = ended ? undefined : await iterator.next();
        n !== undefined && n.done !== true;
        n = await iterator.next()
      ) {
        keep(n.value);
        if (storedBytes > maxBytes) throw new TooLargeError(`more than ${maxBytes} bytes`);
      }
      return ok({ bytes: Buffer.concat(stored, storedBytes), gzipped: false });
    }
    const source = Readable.from(
      (async function* () {
        for (const b of [...stored]) yield b;
        if (ended) return;
        for (let n = await iterator.next(); n.done !== true; n = await iterator.next()) yield keep(n.value);
      })(),
    );
    await pipeline(source, createGunzip({ chunkSize: GUNZIP_CHUNK }), collect);
  } catch (e) {
    if (signal?.aborted === true) return stopped();
    if (e instanceof TooLargeError) return err({ kind: 'too-large', message: e.message });
    if (isZlibError(e)) {
      return err({
        kind: 'gzip',
        message: `the object does not decompress (${describeZlibError(e, maxBytes)})`,
      });
    }
    return err({ kind: 'read', message: `cannot read the object body (${describeError(e, 'fallback')})` });
  } finally {
    signal?.removeEventListener('abort', stopBody);
  }
  return ok({ bytes: Buffer.concat(stored, storedBytes), gzipped: true });
}

function toAsyncIterable(body: unknown): AsyncIterable<Uint8Array> {
  if (body instanceof Readable) return body;
  if (typeof body === 'object' && body !== null) {
    if (Symbol.asyncIterator in body) return body as AsyncIterable<Uint8Array>;
    const b = body as { transformToByteArray?: () => Promise<Uint8Array> };
    if (typeof b.transformToByteArray === 'function') {
      const read = b.transformToByteArray.bind(body);
      return (async function* () {
        yield await read();
      })();
    }
  }
  if (body instanceof Uint8Array || typeof body === 'string') {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    return (async function* () {
      yield bytes;
    })();
  }
  throw new TypeError('unsupported GetObject body type');
}

const isZlibError = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code.startsWith('Z_')
    : false;
