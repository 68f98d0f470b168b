import { describe, expect, it } from 'vitest';
import { generateTrail, type TrailFile } from '../../functions/trail-generator/generate-trail.ts';
import type { CloudTrailRecord } from '../../functions/trail-generator/records.ts';
import { encodeTrailFile } from '../../functions/trail-generator/write-trail.ts';

const CREDENTIAL_EVENTS = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'AssumeRoot',
  'GetSessionToken',
  'GetFederationToken',
]);
const KEY =
  /^AWSLogs\/(\d{12})\/CloudTrail\/([a-z]{2}-[a-z]+-\d)\/(\d{4})\/(\d{2})\/(\d{2})\/\1_CloudTrail_\2_(\d{4})(\d{2})(\d{2})T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/;

const identity = (r: CloudTrailRecord): Record<string, unknown> => r.userIdentity as Record<string, unknown>;
const request = (r: CloudTrailRecord): Record<string, unknown> | null =>
  r.requestParameters as Record<string, unknown> | null;
const isCredential = (r: CloudTrailRecord): boolean =>
  r.eventSource === 'sts.amazonaws.com' && CREDENTIAL_EVENTS.has(r.eventName as string);

// Generated once: 20,000 records is enough for stable proportions and still well under a second.
const files: TrailFile[] = [...generateTrail({ records: 20_000 })];
const records = files.flatMap((f) => f.records);

describe('generateTrail', () => {
  it('gives byte-identical log files for the same seed and different ones for another seed', () => {
    const a = [...generateTrail({ records: 1500, seed: 7 })];
    const b = [...generateTrail({ records: 1500, seed: 7 })];
    const c = [...generateTrail({ records: 1500, seed: 8 })];

    expect(b.map((f) => f.key)).toEqual(a.map((f) => f.key));
    expect(Buffer.concat(b.map(encodeTrailFile)).equals(Buffer.concat(a.map(encodeTrailFile)))).toBe(true);
    expect(c.map((f) => f.key)).not.toEqual(a.map((f) => f.key));
  });

  it('writes exactly the requested number of records, never more per file than asked', () => {
    const small = [...generateTrail({ records: 1234, recordsPerFile: 100 })];

    expect(small.reduce((n, f) => n + f.records.length, 0)).toBe(1234);
    expect(Math.max(...small.map((f) => f.records.length))).toBeLessThanOrEqual(100);
    expect(records).toHaveLength(20_000);
  });

  it('names every file with the S3 key layout CloudTrail delivers, matching its records', () => {
    for (const file of files) {
      const m = KEY.exec(file.key);
      expect(m, file.key).not.toBeNull();
      const [, account, region, y, mo, d, ky, kmo, kd] = m as RegExpExecArray;
      expect([ky, kmo, kd]).toEqual([y, mo, d]);
      for (const r of file.records) {
        expect(r.recipientAccountId).toBe(account);
        expect(r.awsRegion).toBe(region);
      }
    }
    expect(new Set(files.map((f) => f.account))).toEqual(
      new Set(['111122223333', '444455556666', '777788889999', '999900001111']),
    );
  });

  it('keeps records time-ordered within each trail and starts on the fixed date', () => {
    const lastByTrail = new Map<string, string>();
    for (const file of files) {
      const trail = `${file.account}/${file.region}`;
      for (const r of file.records) {
        const t = r.eventTime as string;
        expect(t >= (lastByTrail.get(trail) ?? '')).toBe(true);
        lastByTrail.set(trail, t);
      }
    }
    const times = records.map((r) => r.eventTime as string).sort();
    expect(times[0]?.startsWith('2026-11-01T00:')).toBe(true);
  });

  it('is lazy: the first file of a huge trail arrives without generating the rest', () => {
    const started = Date.now();
    const first = generateTrail({ records: 50_000_000, recordsPerFile: 200 }).next();

    expect(first.done).toBe(false);
    // A file closes at 200 records or after 15 minutes of trail time, whichever comes first.
    expect(first.value?.records.length).toBeGreaterThan(0);
    expect(first.value?.records.length).toBeLessThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('mixes traffic like a real organisation: mostly AWS service sessions among credential calls', () => {
    const share = (pred: (r: CloudTrailRecord) => boolean, of = records): number =>
      of.filter(pred).length / of.length;
    const credential = records.filter(isCredential);
    const byType = (t: string) => (r: CloudTrailRecord) => identity(r).type === t;

    expect(share((r) => r.eventSource !== 'sts.amazonaws.com')).toBeGreaterThan(0.4);
    expect(share((r) => r.eventSource !== 'sts.amazonaws.com')).toBeLessThan(0.6);
    expect(share((r) => r.eventName === 'GetCallerIdentity')).toBeGreaterThan(0.01);
    expect(share(byType('AWSService'), credential)).toBeGreaterThan(0.55);
    expect(share(byType('AWSService'), credential)).toBeLessThan(0.8);
    expect(share((r) => r.eventName === 'AssumeRoleWithSAML', credential)).toBeGreaterThan(0.02);
    expect(share((r) => r.eventName === 'AssumeRoleWithWebIdentity', credential)).toBeGreaterThan(0.02);
    expect(share(byType('AWSAccount'), credential)).toBeGreaterThan(0.03);
    expect(share((r) => r.eventName === 'GetSessionToken', credential)).toBeGreaterThan(0.002);
    const denied = share((r) => r.errorCode !== undefined, credential);
    expect(denied).toBeGreaterThan(0.001);
    expect(denied).toBeLessThan(0.02);
  });

  it('averages 1.2 to 2 KB of JSON per record, as real trails do', () => {
    const bytes = records.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);

    expect(bytes / records.length).toBeGreaterThan(1200);
    expect(bytes / records.length).toBeLessThan(2000);
  });

  it('writes a cross-account call twice, caller copy and AWSAccount target copy, with one sharedEventID', () => {
    const targetCopies = records.filter((r) => identity(r).type === 'AWSAccount');
    expect(targetCopies.length).toBeGreaterThan(50);

    const byShared = new Map<unknown, CloudTrailRecord[]>();
    for (const r of records) byShared.set(r.sharedEventID, [...(byShared.get(r.sharedEventID) ?? []), r]);
    for (const copy of targetCopies) {
      const pair = byShared.get(copy.sharedEventID) ?? [];
      expect(pair).toHaveLength(2);
      const caller = pair.find((r) => r !== copy) as CloudTrailRecord;
      expect(identity(caller).accountId).toBe(identity(copy).accountId);
      expect(identity(caller).principalId).toBe(identity(copy).principalId);
      expect(caller.recipientAccountId).toBe(identity(copy).accountId);
      expect(copy.recipientAccountId).toBe(String(request(copy)?.roleArn ?? '').split(':')[4]);
      expect(caller.eventID).not.toBe(copy.eventID);
      expect(caller.requestID).toBe(copy.requestID);
      expect(Object.keys(identity(copy)).sort()).toEqual(['accountId', 'principalId', 'type']);
    }
  });

  it('records a denied call with null request and response and the role only in errorMessage', () => {
    const denied = records.filter((r) => isCredential(r) && r.errorCode !== undefined);
    expect(denied.length).toBeGreaterThan(0);

    for (const r of denied) {
      expect(r.errorCode).toBe('AccessDenied');
      expect(r.requestParameters).toBeNull();
      expect(r.responseElements).toBeNull();
      expect(r.errorMessage).toMatch(
        /is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\d{12}:role\//,
      );
    }
  });

  it('issues obviously fake tokens and CloudTrail-style expirations on every grant', () => {
    const granted = records.filter((r) => isCredential(r) && r.errorCode === undefined);

    for (const r of granted) {
      const creds = (r.responseElements as { credentials: Record<string, string> }).credentials;
      expect(creds.sessionToken?.startsWith('IQoJb3JpZ2lu')).toBe(false);
      expect(creds.sessionToken?.startsWith('FAKE0ROLEWATCH')).toBe(true);
      expect(creds.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(creds.expiration).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2} [AP]M$/);
    }
  });

  it('gives AWS service sessions the service host as source and a sharedEventID', () => {
    const service = records.filter((r) => isCredential(r) && identity(r).type === 'AWSService');

    for (const r of service) {
      expect(r.sourceIPAddress).toBe(identity(r).invokedBy);
      expect(['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com']).toContain(
        r.sourceIPAddress,
      );
      expect(r.sharedEventID).toMatch(/^[0-9a-f-]{36}$/);
      expect(request(r)?.roleArn).toMatch(/:role\/(service-role\/|app-)/);
    }
  });
});
