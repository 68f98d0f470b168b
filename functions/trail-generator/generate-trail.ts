import { CREDENTIAL_EVENT_NAMES } from '../core/model/credential-event.ts';
import { backgroundActivity, credentialActivity, otherActivity, singleRecordActivity } from './background.ts';
import { ALNUM, hashString, Prng } from './prng.ts';
import type { CloudTrailRecord, PlacedRecord } from './records.ts';
import { RISKY_SCENARIOS } from './risky.ts';

export const DEFAULT_SEED = 20261101;
export const DEFAULT_START = '2026-11-01T00:00:00Z';
export const DEFAULT_RECORDS = 200_000;
export const DEMO_RECORDS = 3000;

export interface TrailOptions {
  /** How many records to write in total (exact). */
  readonly records: number;
  /** Same seed, same options: byte-identical output. A string is hashed. */
  readonly seed?: number | string;
  /** Add the deliberate risky calls of {@link RISKY_SCENARIOS}, spread evenly through the trail. */
  readonly demo?: boolean;
  /** Records per log file before it is closed (per account and region); default 300, demo 250. */
  readonly recordsPerFile?: number;
  /** Start of the trail window (ISO 8601); fixed so that output never depends on today. */
  readonly start?: string;
  /** Length of the trail window; default 24. */
  readonly windowHours?: number;
  /**
   * Share of records (0 to 1) that are STS credential calls. Unset: the everyday mix of
   * {@link ACTIVITY_WEIGHTS} (about half, as the demo has always had). Set: activities are chosen to
   * hold that share, and the other records come from the wider mix of real trails (EC2 Describe* with
   * filter sets, S3 with additionalEventData, KMS with encryption contexts, Lambda, CloudWatch Logs…).
   * Real accounts run at about 1-10 %.
   */
  readonly stsShare?: number;
}

const CREDENTIAL_NAMES: ReadonlySet<unknown> = new Set<string>(CREDENTIAL_EVENT_NAMES);
const isCredentialRecord = (r: CloudTrailRecord): boolean =>
  r.eventSource === 'sts.amazonaws.com' && CREDENTIAL_NAMES.has(r.eventName);

/** One CloudTrail log file as delivered to S3: its object key and its records, time-ordered. */
export interface TrailFile {
  readonly key: string;
  readonly account: string;
  readonly region: string;
  readonly records: CloudTrailRecord[];
}

interface Bucket {
  readonly account: string;
  readonly region: string;
  records: CloudTrailRecord[];
  firstMs: number;
  lastMs: number;
}

/**
 * CloudTrail delivers a log file per account and region about every five minutes; a file here covers at
 * most this long (or `recordsPerFile` records), so that its key's timestamp and date folder sit right
 * after the events it holds, as in a real bucket.
 */
const FILE_WINDOW_MS = 15 * 60_000;
/** Delivery lags the last event of a file by a few minutes. */
const DELIVERY_DELAY_MS = 5 * 60_000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<id>.json.gz` */
export function logFileKey(account: string, region: string, deliveryMs: number, uniqueId: string): string {
  const d = new Date(deliveryMs);
  const y = d.getUTCFullYear();
  const m = pad(d.getUTCMonth() + 1);
  const day = pad(d.getUTCDate());
  const stamp = `${y}${m}${day}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
  return `AWSLogs/${account}/CloudTrail/${region}/${y}/${m}/${day}/${account}_CloudTrail_${region}_${stamp}_${uniqueId}.json.gz`;
}

export const seedOf = (seed: number | string | undefined): number =>
  seed === undefined ? DEFAULT_SEED : typeof seed === 'number' ? seed >>> 0 : hashString(seed);

/**
 * Generates a synthetic multi-account CloudTrail trail, one log file at a time, so memory stays
 * bounded by (trails × recordsPerFile) whatever the record count.
 *
 * @example
 * for (const file of generateTrail({ records: 3000, demo: true })) write(file.key, file.records);
 */
export function* generateTrail(options: TrailOptions): Generator<TrailFile> {
  const total = Math.max(0, Math.floor(options.records));
  const demo = options.demo === true;
  const perFile = Math.max(1, Math.floor(options.recordsPerFile ?? (demo ? 250 : 300)));
  const rng = new Prng(seedOf(options.seed));
  const startMs = Date.parse(options.start ?? DEFAULT_START);
  const windowMs = (options.windowHours ?? 24) * 3_600_000;
  // About 1.1 records per activity on average: spread the activities over the window.
  const meanGapMs = (windowMs / Math.max(1, total)) * 0.95;
  const risky = demo ? RISKY_SCENARIOS : [];
  const buckets = new Map<string, Bucket>();

  let emitted = 0;
  let credentialRecords = 0;
  let clock = startMs;
  let nextRisky = 0;
  const share = options.stsShare;
  const realistic = share !== undefined;

  const close = (b: Bucket): TrailFile => {
    const file: TrailFile = {
      key: logFileKey(b.account, b.region, b.lastMs + DELIVERY_DELAY_MS, rng.chars(16, ALNUM)),
      account: b.account,
      region: b.region,
      records: b.records,
    };
    b.records = [];
    return file;
  };

  while (emitted < total) {
    let activity: PlacedRecord[];
    const riskyAt =
      nextRisky < risky.length ? Math.floor(((nextRisky + 1) * total) / (risky.length + 1)) : Infinity;
    const scenario = emitted >= riskyAt ? risky[nextRisky] : undefined;
    if (scenario !== undefined) {
      nextRisky++;
      activity = scenario.build(rng, clock);
      if (emitted + activity.length > total) activity = activity.slice(0, total - emitted);
    } else {
      if (share === undefined) activity = backgroundActivity(rng, clock);
      // Credentials whenever the trail so far is below the share: it holds the share at every length.
      else if (credentialRecords < share * (emitted + 1)) activity = credentialActivity(rng, clock);
      else activity = otherActivity(rng, clock);
      if (activity.length === 0 || emitted + activity.length > total)
        activity = singleRecordActivity(rng, clock, realistic);
    }
    for (const placed of activity) {
      const id = `${placed.account}/${placed.region}`;
      let b = buckets.get(id);
      if (b === undefined) {
        b = {
          account: placed.account,
          region: placed.region,
          records: [],
          firstMs: placed.timeMs,
          lastMs: placed.timeMs,
        };
        buckets.set(id, b);
      }
      if (b.records.length > 0 && placed.timeMs - b.firstMs > FILE_WINDOW_MS) yield close(b);
      if (b.records.length === 0) b.firstMs = placed.timeMs;
      b.records.push(placed.record);
      b.lastMs = placed.timeMs;
      clock = Math.max(clock, placed.timeMs);
      emitted++;
      if (isCredentialRecord(placed.record)) credentialRecords++;
      if (b.records.length >= perFile) yield close(b);
    }
    clock += Math.max(1000, Math.round(rng.next() * 2 * meanGapMs));
  }
  for (const b of buckets.values()) if (b.records.length > 0) yield close(b);
}
