import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { DecodedItem } from '../../functions/core/decode/decoded-item.ts';
import type { InputError } from '../../functions/core/model/input-error.ts';
import type { SourceLocation } from '../../functions/core/model/location.ts';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/inputs/', import.meta.url));
export const CORPUS = '/work/shared/corpus';

export type CloudTrailRecord = Record<string, unknown>;

/** Real records (Stratus Red Team, Apache-2.0) as copied into fixtures/inputs (see SOURCES.md). */
export function realRecords(): {
  assumeRole: CloudTrailRecord;
  leaveOrganization: CloudTrailRecord;
  assumeRoleRetry: CloudTrailRecord;
  failedAssumeRole: CloudTrailRecord;
} {
  const logFile = JSON.parse(readFileSync(`${FIXTURES}cloudtrail-log-file.json`, 'utf8')) as {
    Records: CloudTrailRecord[];
  };
  const lines = readFileSync(`${FIXTURES}records.jsonl`, 'utf8').split('\n');
  const [assumeRole, leaveOrganization, assumeRoleRetry] = logFile.Records;
  return {
    assumeRole: assumeRole!,
    leaveOrganization: leaveOrganization!,
    assumeRoleRetry: assumeRoleRetry!,
    failedAssumeRole: JSON.parse(lines[2]!) as CloudTrailRecord,
  };
}

export const fixtureBytes = (name: string): Uint8Array => readFileSync(`${FIXTURES}${name}`);

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A CloudWatch Logs subscription payload as CloudTrail's log group delivers it. */
export function logsPayload(records: readonly CloudTrailRecord[]): Record<string, unknown> {
  return {
    messageType: 'DATA_MESSAGE',
    owner: '307578594326',
    logGroup: 'aws-cloudtrail-logs-307578594326-rolewatch',
    logStream: '307578594326_CloudTrail_euiso-south-3r',
    subscriptionFilters: ['rolewatch-stream'],
    logEvents: records.map((record, i) => ({
      id: `38611${String(i).padStart(51, '0')}`,
      timestamp: Date.parse(String(record.eventTime)),
      message: typeof record === 'string' ? record : JSON.stringify(record),
    })),
  };
}

/** What CloudWatch Logs hands a subscribed Lambda: the payload, gzip-compressed, base64-encoded. */
export const awslogsEvent = (payload: unknown): { awslogs: { data: string } } => ({
  awslogs: { data: gzipSync(Buffer.from(JSON.stringify(payload))).toString('base64') },
});

export interface Collected {
  readonly records: { record: CloudTrailRecord; location: SourceLocation }[];
  readonly controls: SourceLocation[];
  readonly digests: SourceLocation[];
  readonly insights: SourceLocation[];
  /** Records counted without being parsed (selective parsing). */
  skipped: number;
  readonly errors: InputError[];
}

export function collect(items: Iterable<DecodedItem>): Collected {
  const out: Collected = { records: [], controls: [], digests: [], insights: [], skipped: 0, errors: [] };
  for (const item of items) {
    if (item.kind === 'record') out.records.push({ record: item.record, location: item.location });
    else if (item.kind === 'control') out.controls.push(item.location);
    else if (item.kind === 'digest') out.digests.push(item.location);
    else if (item.kind === 'insight') out.insights.push(item.location);
    else if (item.kind === 'skipped') out.skipped += item.count;
    else out.errors.push(item.error);
  }
  return out;
}

export const eventIds = (c: Collected): unknown[] => c.records.map((r) => r.record.eventID);

/** The credential secrets in a record, to prove that no message repeats any part of them. */
export function secretsOf(record: CloudTrailRecord): string[] {
  const credentials = (record.responseElements as { credentials?: Record<string, unknown> } | null)
    ?.credentials;
  return [credentials?.sessionToken, credentials?.secretAccessKey].filter(
    (s): s is string => typeof s === 'string',
  );
}

/** True when `text` contains any 12 consecutive characters of any secret. */
export function leaksSecret(text: string, secrets: readonly string[]): boolean {
  const grams = new Set<string>();
  for (const s of secrets) for (let i = 0; i + 12 <= s.length; i++) grams.add(s.slice(i, i + 12));
  for (let i = 0; i + 12 <= text.length; i++) if (grams.has(text.slice(i, i + 12))) return true;
  return false;
}

/** How many of `texts`, written one after another after `head` with `sep` between, end within `length` bytes. */
export function wholeBefore(head: string, texts: readonly string[], sep: string, length: number): number {
  let end = Buffer.byteLength(head);
  let n = 0;
  for (const t of texts) {
    end += Buffer.byteLength(t);
    if (end > length) break;
    n++;
    end += Buffer.byteLength(sep);
  }
  return n;
}
