import { describe, expect, it } from 'vitest';
import { generateTrail, type TrailFile } from '../../functions/trail-generator/generate-trail.ts';
import type { CloudTrailRecord } from '../../functions/trail-generator/records.ts';
import { encodeTrailFile } from '../../functions/trail-generator/write-trail.ts';
import { sharedTrail } from './shared-trails.ts';

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

// Generated once per generator version (shared with demo-scenarios): enough for stable proportions.
const files: TrailFile[] = sharedTrail({ records: 20_000, demo: false });
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
    // Violations are gathered and compared once: an expect per record made this file take seconds.
    const wrong: string[] = [];
    for (const file of files) {
      const m = KEY.exec(file.key);
      if (m === null) {
        wrong.push(`bad key ${file.key}`);
        continue;
      }
      const [, account, region, y, mo, d, ky, kmo, kd] = m;
      if (`${ky}${kmo}${kd}` !== `${y}${mo}${d}`) wrong.push(`folder date differs from stamp: ${file.key}`);
      for (const r of file.records) {
        if (r.recipientAccountId !== account || r.awsRegion !== region)
          wrong.push(`${file.key}: ${r.eventID}`);
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(new Set(files.map((f) => f.account))).toEqual(
      new Set(['111122223333', '444455556666', '777788889999', '999900001111']),
    );
  });

  it('keeps records time-ordered within each trail and starts on the fixed date', () => {
    const lastByTrail = new Map<string, string>();
    const outOfOrder: string[] = [];
    for (const file of files) {
      const trail = `${file.account}/${file.region}`;
      for (const r of file.records) {
        const t = r.eventTime as string;
        if (t < (lastByTrail.get(trail) ?? '')) outOfOrder.push(`${trail} ${t}`);
        lastByTrail.set(trail, t);
      }
    }
    expect(outOfOrder.slice(0, 5)).toEqual([]);
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
    const wrong = targetCopies.flatMap((copy) => {
      const pair = byShared.get(copy.sharedEventID) ?? [];
      const caller = pair.find((r) => r !== copy);
      const ok =
        pair.length === 2 &&
        caller !== undefined &&
        identity(caller).accountId === identity(copy).accountId &&
        identity(caller).principalId === identity(copy).principalId &&
        caller.recipientAccountId === identity(copy).accountId &&
        copy.recipientAccountId === String(request(copy)?.roleArn ?? '').split(':')[4] &&
        caller.eventID !== copy.eventID &&
        caller.requestID === copy.requestID &&
        Object.keys(identity(copy)).sort().join() === 'accountId,principalId,type';
      return ok ? [] : [copy.eventID];
    });
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('records a denied call with null request and response and the role only in errorMessage', () => {
    const denied = records.filter((r) => isCredential(r) && r.errorCode !== undefined);
    expect(denied.length).toBeGreaterThan(0);

    const wrong = denied.filter(
      (r) =>
        r.errorCode !== 'AccessDenied' ||
        r.requestParameters !== null ||
        r.responseElements !== null ||
        !/is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\d{12}:role\//.test(
          String(r.errorMessage),
        ),
    );
    expect(wrong.slice(0, 3)).toEqual([]);
  });

  it('issues obviously fake tokens and CloudTrail-style expirations on every grant', () => {
    const granted = records.filter((r) => isCredential(r) && r.errorCode === undefined);

    const wrong = granted.filter((r) => {
      const creds = (r.responseElements as { credentials: Record<string, string> }).credentials;
      return (
        creds.sessionToken?.startsWith('IQoJb3JpZ2lu') !== false ||
        creds.sessionToken?.startsWith('FAKE0ROLEWATCH') !== true ||
        !/^ASIA[A-Z2-7]{16}$/.test(String(creds.accessKeyId)) ||
        !/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2} [AP]M$/.test(String(creds.expiration))
      );
    });
    expect(granted.length).toBeGreaterThan(1000);
    expect(wrong.slice(0, 3)).toEqual([]);
  });

  it('gives AWS service sessions the service host as source and a sharedEventID', () => {
    const service = records.filter((r) => isCredential(r) && identity(r).type === 'AWSService');

    const hosts = ['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'];
    const wrong = service.filter(
      (r) =>
        r.sourceIPAddress !== identity(r).invokedBy ||
        !hosts.includes(String(r.sourceIPAddress)) ||
        !/^[0-9a-f-]{36}$/.test(String(r.sharedEventID)) ||
        !/:role\/(service-role\/|app-)/.test(String(request(r)?.roleArn)),
    );
    expect(service.length).toBeGreaterThan(1000);
    expect(wrong.slice(0, 3)).toEqual([]);
  });
});

describe('generateTrail with stsShare (the benchmark trails)', () => {
  const sample = (share: number) =>
    [...generateTrail({ records: 4000, stsShare: share })].flatMap((f) => f.records);

  it('holds the share of credential calls, 5 % to all of them', () => {
    for (const share of [0.05, 0.25, 0.5]) {
      const records = sample(share);
      expect(records.filter(isCredential).length / records.length, String(share)).toBeCloseTo(share, 2);
    }
    const all = sample(1);
    expect(all.filter(isCredential).length / all.length).toBeGreaterThan(0.95);
  });

  it('fills the rest with the services of real trails, records as large as real ones', () => {
    const other = sample(0.05).filter((r) => r.eventSource !== 'sts.amazonaws.com');
    const calls = new Set(other.map((r) => `${r.eventSource} ${r.eventName}`));
    const bytes = other.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0) / other.length;

    for (const call of [
      'ec2.amazonaws.com DescribeInstances',
      'ec2.amazonaws.com DescribeSecurityGroups',
      's3.amazonaws.com GetObject',
      's3.amazonaws.com PutObject',
      'kms.amazonaws.com Decrypt',
      'lambda.amazonaws.com Invoke',
      'logs.amazonaws.com CreateLogStream',
    ]) {
      expect(calls, call).toContain(call);
    }
    expect(other.some((r) => (r.additionalEventData as object | undefined) !== undefined)).toBe(true);
    expect(bytes).toBeGreaterThan(1200);
    expect(bytes).toBeLessThan(2500);
  });
});
