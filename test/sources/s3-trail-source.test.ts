import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RemoteSourceContext } from '../../functions/adapters/sources/remote-source-context.ts';
import { s3TrailSource } from '../../functions/adapters/sources/s3-trail-source.ts';
import type { SourceItem } from '../../functions/core/pipeline/source-item.ts';
import { stubAwsEnv } from '../support/aws-env.ts';
import { type S3Proxy, startS3Proxy } from '../support/s3-proxy.ts';
import { type LocalS3, startLocalS3 } from '../support/s3rver.ts';
import { collect } from '../support/source-harness.ts';

const BUCKET = 'org-trail';
const ACCOUNT = '111122223333';
const ORG = 'o-a1b2c3d4e5';

const logKey = (account: string, region: string, day: string, stamp: string, id: string, org = ''): string =>
  `AWSLogs/${org}${account}/CloudTrail/${region}/${day}/${account}_CloudTrail_${region}_${stamp}_${id}.json.gz`;

const body = (eventID: string): Buffer =>
  gzipSync(
    JSON.stringify({ Records: [{ eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', eventID }] }),
  );

// A single-account trail either side of a month boundary, an organization trail, and CloudTrail's
// digest and Insights folders beside them.
const OBJECTS: Record<string, Buffer> = {
  [logKey(ACCOUNT, 'us-east-1', '2026/10/29', '20261029T2355Z', 'aaaa')]: body('oct29'),
  [logKey(ACCOUNT, 'us-east-1', '2026/10/30', '20261030T2355Z', 'aaaa')]: body('oct30'),
  [logKey(ACCOUNT, 'us-east-1', '2026/10/31', '20261031T2205Z', 'aaaa')]: body('oct31-a'),
  [logKey(ACCOUNT, 'us-east-1', '2026/10/31', '20261031T2350Z', 'bbbb')]: body('oct31-b'),
  [logKey(ACCOUNT, 'us-east-1', '2026/11/01', '20261101T0010Z', 'aaaa')]: body('nov01-a'),
  [logKey(ACCOUNT, 'us-east-1', '2026/11/01', '20261101T0150Z', 'bbbb')]: body('nov01-b'),
  [logKey(ACCOUNT, 'us-east-1', '2026/11/02', '20261102T0003Z', 'aaaa')]: body('nov02'),
  [logKey(ACCOUNT, 'us-east-1', '2026/11/03', '20261103T0003Z', 'aaaa')]: body('nov03'),
  [logKey(ACCOUNT, 'eu-west-1', '2026/11/01', '20261101T0100Z', 'cccc')]: body('eu-nov01'),
  [`AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11/01/${ACCOUNT}_CloudTrail-Digest_us-east-1_trail_us-east-1_20261101T0100Z.json.gz`]:
    gzipSync('{"digestStartTime":"2026-11-01T00:00:00Z","logFiles":[]}'),
  [`AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2026/11/01/${ACCOUNT}_CloudTrail-Digest_us-east-1_trail_us-east-1_20261101T0100Z.json.gz`]:
    gzipSync('{"digestStartTime":"2026-11-01T00:00:00Z","logFiles":[]}'),
  [`AWSLogs/${ACCOUNT}/CloudTrail-Insight/us-east-1/2026/11/01/${ACCOUNT}_CloudTrail-Insight_us-east-1_20261101T0100Z_dddd.json.gz`]:
    gzipSync('{"Records":[{"eventType":"AwsCloudTrailInsight","insightDetails":{}}]}'),
  [logKey('444455556666', 'eu-west-1', '2026/11/01', '20261101T0005Z', 'eeee', `${ORG}/`)]: body('org-eu'),
  [logKey('555566667777', 'us-east-1', '2026/10/31', '20261031T2300Z', 'ffff', `${ORG}/`)]: body('org-us'),
};

const PERIOD = { sinceMs: Date.parse('2026-10-31T22:00:00Z'), untilMs: Date.parse('2026-11-01T02:00:00Z') };

let s3: LocalS3;
let proxy: S3Proxy;

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
  proxy = await startS3Proxy(s3.endpoint);
  for (const [key, bytes] of Object.entries(OBJECTS)) await s3.put(BUCKET, key, bytes);
});
afterAll(async () => {
  await proxy.stop();
  await s3.stop();
});
afterEach(() => {
  proxy.requests.length = 0;
  proxy.rules.length = 0;
  vi.unstubAllEnvs();
});

function context(notes: string[] = [], period = PERIOD): RemoteSourceContext {
  // The real SDK client finds the stand-in through AWS_ENDPOINT_URL_S3, as a user's would.
  stubAwsEnv({ S3: proxy.endpoint });
  return { period, env: process.env, onNote: (n) => notes.push(n) };
}

const names = (items: readonly SourceItem[]): string[] =>
  items.map((i) =>
    'input' in i
      ? i.input.name
      : 'error' in i
        ? `error ${i.error.location.file}`
        : 'ignored' in i
          ? `ignored ${i.ignored}`
          : i.file,
  );
const s3Url = (key: string): string => `s3://${BUCKET}/${key}`;
const gets = (): string[] =>
  proxy.requests.filter((r) => r.method === 'GET' && r.key !== '').map((r) => r.key);
const listings = (): { prefix: string; delimiter: string | null }[] =>
  proxy.requests
    .filter((r) => r.key === '' && r.query.get('list-type') === '2')
    .map((r) => ({ prefix: r.query.get('prefix') ?? '', delimiter: r.query.get('delimiter') }));

describe('an S3 trail (s3://BUCKET/PREFIX)', () => {
  it('lists only the day folders of the period plus one day each side, across a month boundary, in key order', async () => {
    const items = await collect(
      s3TrailSource({ url: { scheme: 's3', bucket: BUCKET, prefix: '' }, context: context() }),
    );

    const expected = Object.keys(OBJECTS)
      .filter(
        (k) =>
          /\/CloudTrail\/[^/]+\/2026\/(10\/3[01]|11\/0[12])\//.test(k) && !k.includes('_CloudTrail-Digest_'),
      )
      .sort();
    expect(names(items)).toEqual(expected.map(s3Url));
    const dayListings = listings()
      .filter((l) => l.delimiter === null && /\/\d{4}\/\d{2}\/\d{2}\/$/.test(l.prefix))
      .map((l) => l.prefix);
    expect(dayListings.filter((p) => p.startsWith(`AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/`))).toEqual(
      ['2026/10/30/', '2026/10/31/', '2026/11/01/', '2026/11/02/'].map(
        (d) => `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/${d}`,
      ),
    );
    expect(gets().some((k) => k.includes('/2026/10/29/') || k.includes('/2026/11/03/'))).toBe(false);
  });

  it('reads an organization trail (AWSLogs/o-…/<account>/CloudTrail/<region>/YYYY/MM/DD/)', async () => {
    const items = await collect(
      s3TrailSource({ url: { scheme: 's3', bucket: BUCKET, prefix: `AWSLogs/${ORG}/` }, context: context() }),
    );

    expect(names(items)).toEqual([
      s3Url(logKey('444455556666', 'eu-west-1', '2026/11/01', '20261101T0005Z', 'eeee', `${ORG}/`)),
      s3Url(logKey('555566667777', 'us-east-1', '2026/10/31', '20261031T2300Z', 'ffff', `${ORG}/`)),
    ]);
  });

  it('never lists digest or Insights folders, and skips a digest file met in a day folder with a note', async () => {
    const notes: string[] = [];
    await collect(
      s3TrailSource({ url: { scheme: 's3', bucket: BUCKET, prefix: 'AWSLogs/' }, context: context(notes) }),
    );

    const touched = [...listings().map((l) => l.prefix), ...gets()];
    expect(touched.some((p) => p.includes('CloudTrail-Digest/') || p.includes('CloudTrail-Insight/'))).toBe(
      false,
    );
    expect(gets().some((k) => k.includes('CloudTrail-Digest'))).toBe(false);
    expect(notes).toContain('s3://org-trail/AWSLogs/: skipped 1 digest file(s) met in the listing');
  });

  it('starts from a prefix inside the layout (a region, a month) and without its trailing slash', async () => {
    const items = await collect(
      s3TrailSource({
        url: { scheme: 's3', bucket: BUCKET, prefix: `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2026/11` },
        context: context(),
      }),
    );

    expect(names(items)).toEqual(
      Object.keys(OBJECTS)
        .filter(
          (k) => /\/CloudTrail\/us-east-1\/2026\/11\/0[12]\//.test(k) && !k.includes('_CloudTrail-Digest_'),
        )
        .sort()
        .map(s3Url),
    );
  });

  it('reads one object named by its key', async () => {
    const key = logKey(ACCOUNT, 'us-east-1', '2026/10/29', '20261029T2355Z', 'aaaa');
    const items = await collect(
      s3TrailSource({ url: { scheme: 's3', bucket: BUCKET, prefix: key }, context: context() }),
    );

    expect(items).toEqual([{ input: { name: s3Url(key), bytes: expect.any(Uint8Array) } }]);
    expect(Buffer.from((items[0] as { input: { bytes: Uint8Array } }).input.bytes)).toEqual(OBJECTS[key]);
  });

  it('makes an object deleted between list and get an input error naming it, and goes on', async () => {
    const doomed = logKey(ACCOUNT, 'us-east-1', '2026/10/31', '20261031T2205Z', 'aaaa');
    const scratch = 'scratch-trail';
    await s3.client.send(new (await import('@aws-sdk/client-s3')).CreateBucketCommand({ Bucket: scratch }));
    for (const [key, bytes] of Object.entries(OBJECTS)) await s3.put(scratch, key, bytes);
    proxy.rules.push((r) =>
      r.method === 'GET' && r.key === doomed ? { before: () => s3.remove(scratch, doomed) } : undefined,
    );

    const items = await collect(
      s3TrailSource({
        url: { scheme: 's3', bucket: scratch, prefix: `AWSLogs/${ACCOUNT}/` },
        context: context(),
      }),
    );

    const failed = items.find((i) => 'error' in i);
    expect(failed).toEqual({
      error: {
        kind: 'read',
        message: 'cannot get the object (NoSuchKey, HTTP 404): it was listed, then gone',
        location: { file: `s3://${scratch}/${doomed}` },
      },
    });
    // The six other objects of the account's four day folders in us-east-1 and one in eu-west-1.
    expect(items.filter((i) => 'input' in i)).toHaveLength(6);
  });

  it('retries an object S3 answers with 503 SlowDown (the SDK backs off) and reads it', async () => {
    const slow = logKey(ACCOUNT, 'us-east-1', '2026/11/01', '20261101T0010Z', 'aaaa');
    let refused = 0;
    proxy.rules.push((r) =>
      r.method === 'GET' && r.key === slow && refused++ === 0
        ? { respond: { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' } }
        : undefined,
    );

    const items = await collect(
      s3TrailSource({ url: { scheme: 's3', bucket: BUCKET, prefix: slow }, context: context() }),
    );

    expect(items).toEqual([{ input: { name: s3Url(slow), bytes: expect.any(Uint8Array) } }]);
    expect(gets().filter((k) => k === slow)).toHaveLength(2);
  });

  it('keeps at most `concurrency` objects in flight and pulls the listing lazily, page by page', async () => {
    const busy = 'busy-trail';
    await s3.client.send(new (await import('@aws-sdk/client-s3')).CreateBucketCommand({ Bucket: busy }));
    for (let i = 0; i < 30; i++) {
      const minute = String(i).padStart(2, '0');
      await s3.put(
        busy,
        logKey(ACCOUNT, 'us-east-1', '2026/11/01', `20261101T00${minute}Z`, `k${minute}`),
        body(`e${i}`),
      );
    }
    let inFlight = 0;
    let most = 0;
    proxy.rules.push((r) =>
      r.method === 'GET' && r.key !== ''
        ? {
            before: async () => {
              inFlight++;
              most = Math.max(most, inFlight);
              await new Promise((resolve) => setTimeout(resolve, 25));
              inFlight--;
            },
          }
        : undefined,
    );
    const source = s3TrailSource({
      url: { scheme: 's3', bucket: busy, prefix: '' },
      context: context(),
      concurrency: 4,
      pageSize: 7,
    });

    const iterator = source[Symbol.asyncIterator]();
    await iterator.next();
    const startedAfterFirst = gets().length;
    const rest: SourceItem[] = [];
    for (let n = await iterator.next(); n.done !== true; n = await iterator.next()) rest.push(n.value);

    expect(startedAfterFirst).toBeLessThanOrEqual(5);
    expect(most).toBe(4);
    expect(rest).toHaveLength(29);
    expect(names(rest)).toEqual([...names(rest)].sort());
    const dayPages = listings().filter((l) => l.prefix.endsWith('/2026/11/01/'));
    expect(dayPages).toHaveLength(5);
  });

  it('reads a prefix without CloudTrail layout as a plain folder, with a note', async () => {
    const plain = 'plain-copy';
    await s3.client.send(new (await import('@aws-sdk/client-s3')).CreateBucketCommand({ Bucket: plain }));
    await s3.put(plain, 'exports/2026-11/a.json.gz', body('x1'));
    await s3.put(plain, 'exports/2026-11/readme.txt', 'not a log');
    const notes: string[] = [];

    const items = await collect(
      s3TrailSource({ url: { scheme: 's3', bucket: plain, prefix: 'exports' }, context: context(notes) }),
    );

    expect(names(items)).toEqual([
      's3://plain-copy/exports/2026-11/a.json.gz',
      'ignored s3://plain-copy/exports/2026-11/readme.txt',
    ]);
    expect(notes[0]).toMatch(/^s3:\/\/plain-copy\/exports\/: no AWSLogs\/ folder here/);
  });

  it('walks a trail written under a key prefix by date when given the bucket alone, naming what it leaves', async () => {
    const prefixed = 'prefixed-trail';
    await s3.client.send(new (await import('@aws-sdk/client-s3')).CreateBucketCommand({ Bucket: prefixed }));
    for (const day of ['2026/10/01', '2026/10/15', '2026/10/31', '2026/11/01', '2026/11/20']) {
      const stamp = `${day.replaceAll('/', '')}T0010Z`;
      await s3.put(prefixed, `cloudtrail/${logKey(ACCOUNT, 'us-east-1', day, stamp, 'aaaa')}`, body(day));
    }
    await s3.put(prefixed, 'access-logs/2026-11-01-00-00-00-ABCDEF.json.gz', body('access'));
    const notes: string[] = [];

    const items = await collect(
      s3TrailSource({ url: { scheme: 's3', bucket: prefixed, prefix: '' }, context: context(notes) }),
    );

    // The period's days and one each side, not the bucket's whole history.
    expect(names(items)).toEqual([
      `s3://${prefixed}/cloudtrail/${logKey(ACCOUNT, 'us-east-1', '2026/10/31', '20261031T0010Z', 'aaaa')}`,
      `s3://${prefixed}/cloudtrail/${logKey(ACCOUNT, 'us-east-1', '2026/11/01', '20261101T0010Z', 'aaaa')}`,
    ]);
    expect(notes).toEqual([
      `s3://${prefixed}/: CloudTrail is under cloudtrail/AWSLogs/; read by date; not read, holding no AWSLogs/ folder: s3://${prefixed}/access-logs/ (name one to read it)`,
    ]);
  });

  it('reads the European Sovereign Cloud and GovCloud region folders, and names a folder it does not enter', async () => {
    const regions = 'region-names';
    await s3.client.send(new (await import('@aws-sdk/client-s3')).CreateBucketCommand({ Bucket: regions }));
    for (const region of ['us-east-1', 'us-gov-west-1', 'eusc-de-east-1', 'backup']) {
      await s3.put(regions, logKey(ACCOUNT, region, '2026/11/01', '20261101T0010Z', 'aaaa'), body(region));
    }
    const notes: string[] = [];

    const items = await collect(
      s3TrailSource({ url: { scheme: 's3', bucket: regions, prefix: '' }, context: context(notes) }),
    );

    expect(names(items).map((n) => n.split('/')[6])).toEqual([
      'eusc-de-east-1',
      'us-east-1',
      'us-gov-west-1',
    ]);
    expect(notes).toEqual([
      `s3://${regions}/AWSLogs/${ACCOUNT}/CloudTrail/backup/: not a region folder, not read (name it as the source to read it)`,
    ]);
  });

  it('stops with one error naming the bucket when it does not exist', async () => {
    const items = await collect(
      s3TrailSource({ url: { scheme: 's3', bucket: 'no-such-bucket', prefix: '' }, context: context() }),
    );

    expect(items).toEqual([
      {
        error: {
          kind: 'read',
          message: 'cannot list (NoSuchBucket, HTTP 404)',
          location: { file: 's3://no-such-bucket/' },
        },
      },
    ]);
  });
});
