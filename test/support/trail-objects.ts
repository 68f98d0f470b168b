import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { generateTrail } from '../../functions/trail-generator/generate-trail.ts';

export type CloudTrailRecord = Record<string, unknown>;

/** A CloudTrail log object: its key in the trail's S3 layout and its bytes (gzip of `{"Records":[...]}`). */
export interface TrailObject {
  readonly key: string;
  readonly body: Buffer;
}

export const ROOT = join(import.meta.dirname, '..', '..');
export const EXAMPLE_TRUST = join(ROOT, 'fixtures', 'trust', 'example-org.yaml');

/**
 * The demo trail of the trail generator (real-shaped records of the example organization, with one
 * deliberate breach of each rule), 24 hours from 2026-11-01T00:00Z, in CloudTrail's key layout.
 */
export function demoTrail(records = 400): { objects: TrailObject[]; records: CloudTrailRecord[] } {
  const objects: TrailObject[] = [];
  const all: CloudTrailRecord[] = [];
  for (const file of generateTrail({ records, demo: true })) {
    objects.push({ key: file.key, body: gzipSync(JSON.stringify({ Records: file.records })) });
    all.push(...file.records);
  }
  return { objects, records: all };
}

/** The real-shaped records of `fixtures/cloudtrail/` (one per scenario; provenance in SOURCES.md), rule fixtures excepted. */
export function fixtureRecords(): CloudTrailRecord[] {
  const base = join(ROOT, 'fixtures', 'cloudtrail');
  const records: CloudTrailRecord[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'rules') walk(path);
      } else if (name.endsWith('.json')) {
        records.push(JSON.parse(readFileSync(path, 'utf8')) as CloudTrailRecord);
      }
    }
  };
  walk(base);
  return records;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * One log object per record, keyed as CloudTrail would deliver it: in the recipient account's trail,
 * under the record's region and the day of delivery (five minutes after the event).
 */
export function objectsForRecords(records: readonly CloudTrailRecord[], tag = 'fixture'): TrailObject[] {
  return records.map((record, i) => {
    const account = String(record.recipientAccountId ?? '111122223333');
    const region = String(record.awsRegion);
    const d = new Date(Date.parse(String(record.eventTime)) + 5 * 60_000);
    const day = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
    const stamp = `${day.replaceAll('/', '')}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
    return {
      key: `AWSLogs/${account}/CloudTrail/${region}/${day}/${account}_CloudTrail_${region}_${stamp}_${tag}${String(i).padStart(4, '0')}.json.gz`,
      body: gzipSync(JSON.stringify({ Records: [record] })),
    };
  });
}

/** Writes objects under a folder with their keys as paths: what `aws s3 sync` of the bucket gives. */
export function writeObjects(dir: string, objects: readonly TrailObject[]): void {
  for (const o of objects) {
    const path = join(dir, o.key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, o.body);
  }
}
