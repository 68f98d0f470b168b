import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { describeError } from '../adapters/describe-error.ts';
import { err, ok, type Result } from '../core/model/result.ts';
import type { S3ObjectRef } from './s3-notification.ts';

export interface ObjectReadError {
  /** `read`: the object could not be fetched; `gzip`: it does not decompress; `too-large`: over the cap. */
  readonly kind: 'read' | 'gzip' | 'too-large';
  readonly message: string;
}

/** Decompressed CloudTrail log files are a few MB; the cap keeps one odd object from exhausting memory. */
export const DEFAULT_MAX_OBJECT_BYTES = 256 * 1024 * 1024;

class TooLargeError extends Error {
  override readonly name = 'TooLargeError';
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
  let body: AsyncIterable<Uint8Array>;
  try {
    const [client, { GetObjectCommand }] = await Promise.all([s3, import('@aws-sdk/client-s3')]);
    const out = await client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
    if (out.Body === undefined) return ok(Buffer.alloc(0));
    body = toAsyncIterable(out.Body);
  } catch (e) {
    return err({ kind: 'read', message: `cannot get the object (${describeError(e, 'fallback')})` });
  }

  // Read until the two magic bytes are known: a stream may hand over a single byte first.
  const iterator = body[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  let ended = false;
  try {
    while (head.length < 2 && !ended) {
      const n = await iterator.next();
      if (n.done === true) ended = true;
      else head = Buffer.concat([head, Buffer.from(n.value)]);
    }
  } catch (e) {
    return err({ kind: 'read', message: `cannot read the object body (${describeError(e, 'fallback')})` });
  }
  if (head.length === 0) return ok(head);
  const gzipped = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  const input = Readable.from(
    (async function* () {
      yield head;
      if (ended) return;
      for (let n = await iterator.next(); n.done !== true; n = await iterator.next()) yield n.value;
    })(),
  );

  const chunks: Buffer[] = [];
  let total = 0;
  const collect = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > maxBytes) {
        callback(new TooLargeError(`more than ${maxBytes} bytes${gzipped ? ' after decompression' : ''}`));
        return;
      }
      chunks.push(chunk);
      callback();
    },
  });
  try {
    if (gzipped) await pipeline(input, createGunzip(), collect);
    else await pipeline(input, collect);
  } catch (e) {
    if (e instanceof TooLargeError) return err({ kind: 'too-large', message: e.message });
    if (isZlibError(e))
      return err({
        kind: 'gzip',
        message: `the object does not decompress (${describeError(e, 'fallback')})`,
      });
    return err({ kind: 'read', message: `cannot read the object body (${describeError(e, 'fallback')})` });
  }
  return ok(Buffer.concat(chunks, total));
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
