/**
 * A real S3 API on loopback (s3rver, a devDependency) for the tests and `npm run demo:s3`: a random
 * port, a temporary folder, the buckets named, and a client to arrange objects with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

interface ListOptions {
  readonly delimiter?: string;
  readonly prefix?: string;
  readonly startAfter?: string;
  readonly maxKeys?: number;
}
interface ListResult {
  readonly objects: { readonly key: string }[];
  readonly commonPrefixes: string[];
  readonly isTruncated: boolean;
}
type ListObjects = (this: unknown, bucket: string, options: ListOptions) => Promise<ListResult>;

const require = createRequire(import.meta.url);
let repaired = false;

/**
 * Two s3rver 3.7 defects that real S3 does not have, repaired in this test process only:
 *
 * - its continuation tokens (a listing of more keys than `max-keys`) use DES, which OpenSSL 3 (Node
 *   17+) no longer offers: every truncated listing fails with HTTP 500. DES is replaced by AES for
 *   s3rver's calls alone (tokens stay opaque and round-trip);
 * - it stores keys as folders and, when a listing has a delimiter, does not descend more than
 * one folder below the prefix: `AWSLogs/` with `/` finds no `AWSLogs/111122223333/` when the objects
 * sit deeper, as CloudTrail's do. S3 itself lists them. This computes common prefixes from a full
 * listing instead (test buckets are small), so that the adapter meets S3's real behaviour.
 */
function repairS3rver(): void {
  if (repaired) return;
  repaired = true;
  const crypto = require('node:crypto') as {
    createCipheriv: (alg: string, key: Buffer, iv: Buffer) => unknown;
    createDecipheriv: (alg: string, key: Buffer, iv: Buffer) => unknown;
  };
  const { createCipheriv, createDecipheriv } = crypto;
  const widen = (b: Buffer): Buffer => Buffer.concat([b, b]);
  crypto.createCipheriv = (alg, key, iv) =>
    alg === 'des' ? createCipheriv('aes-128-cbc', widen(key), widen(iv)) : createCipheriv(alg, key, iv);
  crypto.createDecipheriv = (alg, key, iv) =>
    alg === 'des' ? createDecipheriv('aes-128-cbc', widen(key), widen(iv)) : createDecipheriv(alg, key, iv);

  const store = require('s3rver/lib/stores/filesystem.js') as { prototype: { listObjects: ListObjects } };
  const original = store.prototype.listObjects;
  store.prototype.listObjects = async function (bucket, options) {
    if (!options.delimiter) return original.call(this, bucket, options);
    const all = await original.call(this, bucket, {
      ...options,
      delimiter: '',
      maxKeys: Number.POSITIVE_INFINITY,
    });
    const prefix = options.prefix ?? '';
    const maxKeys = options.maxKeys ?? Number.POSITIVE_INFINITY;
    const commonPrefixes = new Set<string>();
    const objects: { key: string }[] = [];
    for (const object of all.objects) {
      const at = object.key.slice(prefix.length).indexOf(options.delimiter);
      if (at >= 0) commonPrefixes.add(object.key.slice(0, prefix.length + at + 1));
      else objects.push(object);
    }
    return {
      objects: objects.slice(0, maxKeys),
      commonPrefixes: [...commonPrefixes].sort(),
      isTruncated: objects.length > maxKeys,
    };
  };
}

export interface LocalS3 {
  /** `http://127.0.0.1:PORT`: what `AWS_ENDPOINT_URL_S3` points at. */
  readonly endpoint: string;
  /** A client for arranging tests (putting and deleting objects), separate from the one under test. */
  readonly client: S3Client;
  readonly put: (bucket: string, key: string, body: Uint8Array | string) => Promise<void>;
  readonly remove: (bucket: string, key: string) => Promise<void>;
  /** Puts many objects, a few at a time. */
  readonly putAll: (bucket: string, objects: readonly { key: string; body: Uint8Array }[]) => Promise<void>;
  readonly stop: () => Promise<void>;
}

/** A real S3 API (s3rver) on loopback, on a random port, silent, with these buckets. */
export async function startLocalS3(buckets: readonly string[]): Promise<LocalS3> {
  // s3rver ships no type declarations; load it through require and describe the little we use.
  const S3rver = require('s3rver') as S3rverClass;
  repairS3rver();
  const directory = mkdtempSync(join(tmpdir(), 'rolewatch-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    // s3rver predates flexible checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    client,
    put: async (bucket, key, body) => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    putAll: async (bucket, objects) => {
      const queue = [...objects];
      const worker = async (): Promise<void> => {
        for (let o = queue.shift(); o !== undefined; o = queue.shift()) {
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: o.key, Body: o.body }));
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
    },
    remove: async (bucket, key) => {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    stop: async () => {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
