/**
 * CloudTrail's S3 key layout, as pure functions:
 *
 *   [PREFIX/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<stamp>_<id>.json.gz
 *   [PREFIX/]AWSLogs/<o-org>/<account>/CloudTrail/<region>/YYYY/MM/DD/…   (organization trails)
 *
 * next to `CloudTrail-Digest/` (integrity manifests) and `CloudTrail-Insight/` (Insights events), which
 * hold no records of API calls.
 */

const DAY_MS = 86_400_000;
export const ACCOUNT = /^\d{12}$/;
export const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;
/** us-east-1, us-gov-west-1, eusc-de-east-1 (the European Sovereign Cloud's prefix is four letters). */
export const REGION = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;

/** Where a folder prefix sits in the layout: what its next segment is. */
export type LayoutPosition =
  /** Above `AWSLogs/` (the trail's own key prefix, or the bucket root). */
  | { readonly level: 'root'; readonly folder: string }
  /** `…/AWSLogs/`: organization ids and account ids below. */
  | { readonly level: 'awslogs'; readonly folder: string }
  /** `…/AWSLogs/o-xxxx/`: account ids below. */
  | { readonly level: 'organization'; readonly folder: string }
  /** `…/AWSLogs/[o-xxxx/]<account>/`: `CloudTrail/`, `CloudTrail-Digest/`, `CloudTrail-Insight/` below. */
  | { readonly level: 'account'; readonly folder: string }
  /** `…/<account>/CloudTrail/`: regions below. */
  | { readonly level: 'trail'; readonly folder: string }
  /**
   * `…/CloudTrail/<region>/` and below: date folders. `datePrefix` is the part of `YYYY/MM/DD/` the
   * folder already names ('' at the region itself, `2026/` for a year…).
   */
  | { readonly level: 'region'; readonly folder: string; readonly datePrefix: string }
  /** Inside `CloudTrail-Digest/` or `CloudTrail-Insight/`: nothing to read. */
  | { readonly level: 'no-records'; readonly folder: string; readonly what: 'digest' | 'insight' };

/**
 * Places a folder prefix (ending in `/`, or '') in the layout, from its segments after the last
 * `AWSLogs/`. A folder that does not fit the layout (`AWSLogs/123/other/`) is `undefined`: it is read
 * as a plain folder of log files.
 */
export function positionOf(folder: string): LayoutPosition | undefined {
  const segments = folder.split('/').slice(0, -1);
  const at = segments.lastIndexOf('AWSLogs');
  if (at < 0) return { level: 'root', folder };
  const rest = segments.slice(at + 1);
  if (rest.length === 0) return { level: 'awslogs', folder };
  let i = 0;
  if (ORGANIZATION.test(rest[0]!)) {
    if (rest.length === 1) return { level: 'organization', folder };
    i = 1;
  }
  if (!ACCOUNT.test(rest[i]!)) return undefined;
  if (rest.length === i + 1) return { level: 'account', folder };
  const kind = rest[i + 1]!;
  if (kind === 'CloudTrail-Digest') return { level: 'no-records', folder, what: 'digest' };
  if (kind === 'CloudTrail-Insight') return { level: 'no-records', folder, what: 'insight' };
  if (kind !== 'CloudTrail') return undefined;
  if (rest.length === i + 2) return { level: 'trail', folder };
  if (!REGION.test(rest[i + 2]!)) return undefined;
  const date = rest.slice(i + 3);
  const datePattern = [/^\d{4}$/, /^\d{2}$/, /^\d{2}$/];
  if (date.length > 3 || date.some((part, k) => !datePattern[k]!.test(part))) return undefined;
  const regionFolder = segments.slice(0, at + 4 + i).join('/');
  return {
    level: 'region',
    folder: `${regionFolder}/`,
    datePrefix: date.length === 0 ? '' : `${date.join('/')}/`,
  };
}

/**
 * The service folder of a key in the `AWSLogs/` layout (`…/AWSLogs/[o-xxxx/]<account>/<service>/…`):
 * `CloudTrail`, `CloudTrail-Digest`, `Config`, `elasticloadbalancing`, `vpcflowlogs`… A log-archive bucket
 * holds every service's logs there. Undefined for a key outside that layout.
 */
export function awsLogsService(key: string): string | undefined {
  const segments = key.split('/').slice(0, -1);
  const at = segments.lastIndexOf('AWSLogs');
  if (at < 0) return undefined;
  const rest = segments.slice(at + 1);
  const i = rest.length > 0 && ORGANIZATION.test(rest[0]!) ? 1 : 0;
  if (rest.length < i + 2 || !ACCOUNT.test(rest[i]!)) return undefined;
  return rest[i + 1];
}

/** What an object key holds, by CloudTrail's file naming. */
export type TrailObjectKind = 'log' | 'digest' | 'insight' | 'other';

export function classifyKey(key: string): TrailObjectKind {
  const name = key.slice(key.lastIndexOf('/') + 1);
  if (key.includes('/CloudTrail-Digest/') || name.includes('_CloudTrail-Digest_')) return 'digest';
  if (key.includes('/CloudTrail-Insight/') || name.includes('_CloudTrail-Insight_')) return 'insight';
  // As a local folder walk (CONTRACT §5): .json, .jsonl, .ndjson, .gz, or no extension.
  if (/\.(?:json|jsonl|ndjson|gz)$/i.test(name) || !name.includes('.')) return name === '' ? 'other' : 'log';
  return 'other';
}

/**
 * The `YYYY/MM/DD/` folders to list for a period. CloudTrail files a log under the day it delivers it,
 * minutes after the events it holds, so a day's events can sit in the next day's folder; one day more
 * at each end catches them (events outside the period are then counted, not judged).
 */
export function dayFolders(sinceMs: number, untilMs: number): string[] {
  const first = Math.floor(sinceMs / DAY_MS) - 1;
  const last = Math.floor((untilMs - 1) / DAY_MS) + 1;
  const folders: string[] = [];
  for (let day = first; day <= last; day++) {
    const d = new Date(day * DAY_MS);
    const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
    const dd = String(d.getUTCDate()).padStart(2, '0');
    folders.push(`${d.getUTCFullYear()}/${mm}/${dd}/`);
  }
  return folders;
}

/** Whether a key names one object rather than a folder (`…/file.json.gz`). */
export const isObjectKey = (prefix: string): boolean => /\.(?:json|jsonl|ndjson|gz)$/i.test(prefix);
