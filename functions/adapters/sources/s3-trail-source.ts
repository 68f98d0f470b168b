import type { S3Client } from '@aws-sdk/client-s3';
import type { SourceItem } from '../../core/pipeline/source-item.ts';
import { describeError } from '../describe-error.ts';
import { type ClientSource, resolveClient } from '../lazy-client.ts';
import { loadSdk } from './load-sdk.ts';
import { mapOrdered } from './map-ordered.ts';
import type { RemoteSourceContext } from './remote-source-context.ts';
import {
  ACCOUNT,
  classifyKey,
  dayFolders,
  isObjectKey,
  type LayoutPosition,
  ORGANIZATION,
  positionOf,
  REGION,
} from './s3-trail-layout.ts';
import {
  describeAwsError,
  describeFatalAwsError,
  inputItem,
  isFatalAwsError,
  readErrorItem,
  throttledProgress,
} from './source-items.ts';
import type { S3SourceUrl } from './source-url.ts';

/** Objects fetched at once: enough to hide S3's first-byte latency, few enough to bound memory. */
export const DEFAULT_S3_CONCURRENCY = 8;
/** A CloudTrail log object is a few MB at most; the cap keeps one odd object from exhausting memory. */
export const DEFAULT_MAX_OBJECT_BYTES = 256 * 1024 * 1024;

export interface S3TrailSourceOptions {
  readonly url: S3SourceUrl;
  readonly context: RemoteSourceContext;
  /** The client, or how to create it; by default an `S3Client` from the SDK's own configuration. */
  readonly client?: ClientSource<S3Client>;
  /** Objects in flight. @default 8 */
  readonly concurrency?: number;
  /** Bytes of one object (as stored) beyond which it is an input error. @default 256 MiB */
  readonly maxObjectBytes?: number;
  /** Keys per listing page. @default S3's own (1,000) */
  readonly pageSize?: number;
}

type Listed = { readonly key: string } | SourceItem;

/** Stops the whole source: later listings would fail the same way. */
class StopReading extends Error {
  override readonly name = 'StopReading';
}

/**
 * The log objects of an S3 trail in key order, fetched `concurrency` at a time, each as an item named
 * `s3://bucket/key` (bytes as stored: the decoder gunzips). Only the date folders the period needs are
 * listed (see {@link dayFolders}), under `CloudTrail/` of every account (and organization) and region
 * found; `CloudTrail-Digest/` and `CloudTrail-Insight/` are never listed. An object or folder that
 * cannot be read is an input error naming it, and reading goes on.
 */
export function s3TrailSource(options: S3TrailSourceOptions): AsyncIterable<SourceItem> {
  const { url, context } = options;
  const client = options.client ?? (() => createS3Client(context));
  const concurrency = options.concurrency ?? DEFAULT_S3_CONCURRENCY;
  const maxBytes = options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES;
  const where = `s3://${url.bucket}/${url.prefix}`;
  const progress = throttledProgress(context.onProgress);
  let objects = 0;
  let bytesRead = 0;
  let listing = url.prefix;

  return (async function* () {
    let s3: S3Client;
    let sdk: typeof import('@aws-sdk/client-s3');
    try {
      [s3, sdk] = await Promise.all([
        resolveClient(client),
        loadSdk(() => import('@aws-sdk/client-s3'), 'S3Client'),
      ]);
    } catch (e) {
      yield readErrorItem(where, `cannot create the S3 client (${describeError(e, 'always')})`);
      return;
    }
    const skipped = { digest: 0, insight: 0 };

    async function listPage(
      prefix: string,
      delimiter: boolean,
      token: string | undefined,
      maxKeys?: number,
    ): Promise<{ keys: string[]; folders: string[]; next: string | undefined }> {
      listing = prefix;
      const out = await s3.send(
        new sdk.ListObjectsV2Command({
          Bucket: url.bucket,
          Prefix: prefix,
          ...(delimiter ? { Delimiter: '/' } : {}),
          ...(token === undefined ? {} : { ContinuationToken: token }),
          ...((maxKeys ?? options.pageSize) === undefined ? {} : { MaxKeys: maxKeys ?? options.pageSize }),
        }),
      );
      return {
        keys: (out.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [o.Key])),
        folders: (out.CommonPrefixes ?? []).flatMap((p) => (p.Prefix === undefined ? [] : [p.Prefix])),
        next: out.IsTruncated === true ? out.NextContinuationToken : undefined,
      };
    }

    /** Sub-folders of a folder, in key order. */
    async function folders(prefix: string): Promise<string[]> {
      const found: string[] = [];
      let token: string | undefined;
      do {
        const page = await listPage(prefix, true, token);
        found.push(...page.folders);
        token = page.next;
      } while (token !== undefined);
      return found;
    }

    /** Every log object under a prefix, page by page (a page is 1,000 keys: memory stays flat). */
    async function* objectsUnder(prefix: string): AsyncGenerator<Listed> {
      let token: string | undefined;
      do {
        let page: Awaited<ReturnType<typeof listPage>>;
        try {
          page = await listPage(prefix, false, token);
        } catch (e) {
          if (isFatalAwsError(e)) throw new StopReading(describeFatalAwsError(e));
          const rest = token === undefined ? '' : ' (from where an earlier page ended)';
          yield readErrorItem(`s3://${url.bucket}/${prefix}`, `cannot list${rest} (${describeAwsError(e)})`);
          return;
        }
        for (const key of page.keys) {
          const kind = classifyKey(key);
          if (kind === 'log') yield { key };
          // Counted and named like files a folder walk does not read.
          else if (kind === 'other') yield { ignored: `s3://${url.bucket}/${key}` };
          else skipped[kind]++;
        }
        token = page.next;
      } while (token !== undefined);
    }

    /** Sub-folders, or an error item naming the folder (the walk goes on with its siblings). */
    async function childrenOf(prefix: string): Promise<string[] | SourceItem> {
      try {
        return await folders(prefix);
      } catch (e) {
        if (isFatalAwsError(e)) throw new StopReading(describeFatalAwsError(e));
        return readErrorItem(`s3://${url.bucket}/${prefix}`, `cannot list (${describeAwsError(e)})`);
      }
    }

    /** Sub-folders of a bucket root probed for a trail under a key prefix; past this, everything is read. */
    const MAX_PREFIXES_PROBED = 50;
    /** A folder the walk does not enter, said in a note: nothing is a silent gap. */
    const notRead = (folder: string, why: string): void =>
      context.onNote(`s3://${url.bucket}/${folder}: ${why}, not read (name it as the source to read it)`);
    const lastSegment = (folder: string): string => folder.slice(0, -1).split('/').pop() ?? '';

    async function* walk(position: LayoutPosition): AsyncGenerator<Listed> {
      const { folder } = position;
      switch (position.level) {
        case 'root': {
          // One key under AWSLogs/ is enough to know the layout (and cheaper than listing the root).
          let layout: boolean;
          try {
            layout = (await listPage(`${folder}AWSLogs/`, false, undefined, 1)).keys.length > 0;
          } catch (e) {
            if (isFatalAwsError(e)) throw new StopReading(describeFatalAwsError(e));
            yield readErrorItem(`s3://${url.bucket}/${folder}`, `cannot list (${describeAwsError(e)})`);
            return;
          }
          if (layout) {
            yield* walk({ level: 'awslogs', folder: `${folder}AWSLogs/` });
            return;
          }
          // A trail written under a key prefix (s3://BUCKET with the trail in BUCKET/cloudtrail/AWSLogs/):
          // walked by date like any trail, instead of reading every object of the bucket's history.
          const prefixed = yield* trailsOneLevelDown(folder);
          if (prefixed) return;
          context.onNote(
            `s3://${url.bucket}/${folder}: no AWSLogs/ folder here, so not a CloudTrail layout: reading every ` +
              'log file under this prefix (--since/--until cannot narrow the listing)',
          );
          yield* objectsUnder(folder);
          return;
        }
        case 'awslogs':
        case 'organization': {
          const children = await childrenOf(folder);
          if (!Array.isArray(children)) {
            yield children;
            return;
          }
          for (const child of children) {
            const name = lastSegment(child);
            if (ACCOUNT.test(name)) yield* walk({ level: 'account', folder: child });
            else if (position.level === 'awslogs' && ORGANIZATION.test(name))
              yield* walk({ level: 'organization', folder: child });
            else notRead(child, 'not an account id (or organization id) folder');
          }
          return;
        }
        case 'account':
          // Only CloudTrail/: its siblings CloudTrail-Digest/ and CloudTrail-Insight/ hold no API calls.
          yield* walk({ level: 'trail', folder: `${folder}CloudTrail/` });
          return;
        case 'trail': {
          const children = await childrenOf(folder);
          if (!Array.isArray(children)) {
            yield children;
            return;
          }
          for (const child of children) {
            if (REGION.test(lastSegment(child)))
              yield* walk({ level: 'region', folder: child, datePrefix: '' });
            else notRead(child, 'not a region folder');
          }
          return;
        }
        case 'region': {
          const days = dayFolders(context.period.sinceMs, context.period.untilMs).filter((d) =>
            d.startsWith(position.datePrefix),
          );
          if (days.length === 0 && position.datePrefix !== '') {
            context.onNote(
              `s3://${url.bucket}/${folder}${position.datePrefix}: outside the period (--since/--until), nothing to read`,
            );
          }
          for (const day of days) yield* objectsUnder(`${folder}${day}`);
          return;
        }
        case 'no-records':
          context.onNote(
            `s3://${url.bucket}/${folder}: CloudTrail ${position.what === 'digest' ? 'digest' : 'Insights'} ` +
              'files hold no API call records; nothing to read',
          );
          return;
      }
    }

    /**
     * The sub-folders of `folder` that hold a trail (`SUB/AWSLogs/`), walked; the others named in a note, not
     * read. False (nothing walked) when none does, or when there are too many sub-folders to probe.
     */
    async function* trailsOneLevelDown(folder: string): AsyncGenerator<Listed, boolean> {
      const children = await childrenOf(folder);
      if (!Array.isArray(children) || children.length === 0 || children.length > MAX_PREFIXES_PROBED)
        return false;
      const trails: string[] = [];
      const others: string[] = [];
      for (const child of children) {
        let found: boolean;
        try {
          found = (await listPage(`${child}AWSLogs/`, false, undefined, 1)).keys.length > 0;
        } catch (e) {
          if (isFatalAwsError(e)) throw new StopReading(describeFatalAwsError(e));
          found = false;
        }
        (found ? trails : others).push(child);
      }
      if (trails.length === 0) return false;
      context.onNote(
        `s3://${url.bucket}/${folder}: CloudTrail is under ${trails.map((t) => `${t}AWSLogs/`).join(', ')}; read by date` +
          (others.length === 0
            ? ''
            : `; not read, holding no AWSLogs/ folder: ${others.map((o) => `s3://${url.bucket}/${o}`).join(', ')} (name one to read it)`),
      );
      for (const t of trails) yield* walk({ level: 'awslogs', folder: `${t}AWSLogs/` });
      return true;
    }

    async function* listed(): AsyncGenerator<Listed> {
      if (isObjectKey(url.prefix)) {
        yield { key: url.prefix };
        return;
      }
      const folder = url.prefix === '' || url.prefix.endsWith('/') ? url.prefix : `${url.prefix}/`;
      const position = positionOf(folder);
      try {
        if (position !== undefined) yield* walk(position);
        else yield* objectsUnder(folder);
      } catch (e) {
        if (!(e instanceof StopReading)) throw e;
        yield readErrorItem(where, `stopped reading: ${e.message}; nothing more was read from this source`);
      }
    }

    async function fetch(entry: Listed): Promise<SourceItem> {
      if (!('key' in entry)) return entry;
      const name = `s3://${url.bucket}/${entry.key}`;
      try {
        const out = await s3.send(new sdk.GetObjectCommand({ Bucket: url.bucket, Key: entry.key }));
        const bytes = await readBody(out.Body, maxBytes);
        objects++;
        bytesRead += bytes.length;
        progress(
          () =>
            `${where}: ${objects} object(s), ${(bytesRead / 1e6).toFixed(1)} MB read; listing s3://${url.bucket}/${listing}`,
        );
        return inputItem(name, bytes);
      } catch (e) {
        if (e instanceof TooLarge) return readErrorItem(name, e.message);
        const gone = (e as { name?: unknown }).name === 'NoSuchKey' ? ': it was listed, then gone' : '';
        return readErrorItem(name, `cannot get the object (${describeAwsError(e)})${gone}`);
      }
    }

    try {
      yield* mapOrdered(listed(), concurrency, fetch);
    } finally {
      // A client this source created is its own: close its sockets so that the CLI can exit.
      if (options.client === undefined) s3.destroy();
    }
    const notes: string[] = [];
    if (skipped.digest > 0) notes.push(`${skipped.digest} digest file(s)`);
    if (skipped.insight > 0) notes.push(`${skipped.insight} Insights file(s)`);
    if (notes.length > 0) context.onNote(`${where}: skipped ${notes.join(', ')} met in the listing`);
  })();
}

class TooLarge extends Error {
  override readonly name = 'TooLarge';
}

async function readBody(body: unknown, maxBytes: number): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === 'object' && Symbol.asyncIterator in body) {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > maxBytes) {
        (body as { destroy?: () => void }).destroy?.();
        throw new TooLarge(`the object is larger than ${maxBytes} bytes; not read`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, total);
  }
  const withBytes = body as { transformToByteArray?: () => Promise<Uint8Array> };
  if (typeof withBytes.transformToByteArray === 'function') return withBytes.transformToByteArray();
  throw new TypeError('unsupported GetObject body type');
}

/**
 * An S3 client from the SDK's own configuration chain (credentials, `AWS_REGION`, profile,
 * `AWS_ENDPOINT_URL_S3`); `--region` when given. The trail bucket may live in another region than the
 * one configured: S3 says so, and the client follows.
 */
async function createS3Client(context: RemoteSourceContext): Promise<S3Client> {
  const { S3Client } = await loadSdk(() => import('@aws-sdk/client-s3'), 'S3Client');
  return new S3Client({
    ...(context.region === undefined ? {} : { region: context.region }),
    followRegionRedirects: true,
  });
}
