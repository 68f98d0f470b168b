import type { CloudTrailClient, LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import type { SourceItem } from '../../core/pipeline/source-item.ts';
import { describeError } from '../describe-error.ts';
import { type ClientSource, resolveClient } from '../lazy-client.ts';
import { isRetryableError, withRetry } from '../retry.ts';
import { loadSdk } from './load-sdk.ts';
import { paceClient } from './paced-client.ts';
import type { RemoteSourceContext } from './remote-source-context.ts';
import { IAM_TRUST_EVENT_NAMES, STS_EVENT_NAMES } from './source-event-names.ts';
import {
  describeFatalAwsError,
  inputItem,
  isFatalAwsError,
  readErrorItem,
  throttledProgress,
} from './source-items.ts';
import type { LookupSourceUrl } from './source-url.ts';
import { type PaceClock, realClock, TokenBucket } from './token-bucket.ts';

/**
 * LookupEvents allows 2 requests per second per account and region. Calls are spaced 520 ms apart:
 * 500 ms would be exactly the limit on our clock, and two calls can reach AWS closer together than
 * they left.
 */
export const LOOKUP_EVENTS_INTERVAL_MS = 520;
/** LookupEvents returns the last 90 days of management events. */
export const LOOKUP_EVENTS_RETENTION_DAYS = 90;
/** Its maximum page size. */
const PAGE_SIZE = 50;
/**
 * Events of a region held until its lookups are done, so that they are judged oldest first: LookupEvents
 * answers newest first, one event name at a time, and a session is known to the calls judged after the one
 * that issued it (lineage, first-seen-pair). Past this many, what is held is judged and the rest follows.
 */
export const LOOKUP_EVENTS_HELD = 50_000;
/** Events per input when the held events are judged (an input is a unit of work and of memory). */
const EVENTS_PER_INPUT = 500;

type FoundEvent = NonNullable<LookupEventsCommandOutput['Events']>[number];
/** Global services (IAM, and STS's global endpoint) are logged here in the aws partition. */
const GLOBAL_REGION = 'us-east-1';
const DAY_MS = 86_400_000;

export interface LookupEventsSourceOptions {
  readonly url: LookupSourceUrl;
  readonly context: RemoteSourceContext;
  /** A client per region; by default a `CloudTrailClient` from the SDK's own configuration. */
  readonly clientFor?: (region: string) => ClientSource<CloudTrailClient>;
  /** Spacing of calls per region. @default 520 ms */
  readonly intervalMs?: number;
  /** Pacing and backoff time; the real clock by default. */
  readonly clock?: PaceClock;
  /** How long the region's calls pause after a throttled one. @default 1000 ms */
  readonly throttlePauseMs?: number;
}

/**
 * One pace per region for a whole scan: every `lookup://` source of the scan (the same context) shares
 * it, so that two sources naming one region still stay under its limit together.
 */
const bucketsByScan = new WeakMap<RemoteSourceContext, Map<string, TokenBucket>>();

function bucketFor(context: RemoteSourceContext, region: string, make: () => TokenBucket): TokenBucket {
  let buckets = bucketsByScan.get(context);
  if (buckets === undefined) {
    buckets = new Map();
    bucketsByScan.set(context, buckets);
  }
  let bucket = buckets.get(region);
  if (bucket === undefined) {
    bucket = make();
    buckets.set(region, bucket);
  }
  return bucket;
}

/**
 * Where a partition logs its global services (IAM, STS's global endpoint): us-east-1 in the aws
 * partition, and the first region of the others.
 */
export function globalRegionOf(region: string): string {
  if (region.startsWith('us-gov-')) return 'us-gov-west-1';
  if (region.startsWith('cn-')) return 'cn-north-1';
  if (region.startsWith('us-isob-')) return 'us-isob-east-1';
  if (region.startsWith('us-iso-')) return 'us-iso-east-1';
  return GLOBAL_REGION;
}

/** The regions to read: as named, plus (with a note) the region where global calls are logged. */
export function lookupRegions(url: LookupSourceUrl, onNote: (line: string) => void): string[] {
  const regions = [...url.regions];
  for (const region of url.regions) {
    const global = globalRegionOf(region);
    if (regions.includes(global)) continue;
    regions.push(global);
    onNote(
      `lookup://${url.regions.join(',')}: ${global} added: calls to STS's global endpoint ` +
        'and IAM role changes are logged there',
    );
  }
  return regions;
}

/**
 * CloudTrail `LookupEvents` over the period, one lookup per credential-issuing event name and region
 * (an `EventSource` lookup would also return every `GetCallerIdentity`), 50 events a page, each page an
 * item named `lookup://REGION EVENTNAME page N` holding `{"Events": [...]}` as LookupEvents returns it.
 * Calls keep to 2 per second per region (a token bucket shared by the scan, SDK retries included), and
 * back off when throttled. A page that cannot be read is an input error naming it.
 */
export function lookupEventsSource(options: LookupEventsSourceOptions): AsyncIterable<SourceItem> {
  const { url, context } = options;
  const clock = options.clock ?? options.context.paceClock ?? realClock;
  const intervalMs = options.intervalMs ?? LOOKUP_EVENTS_INTERVAL_MS;
  const where = `lookup://${url.regions.join(',')}`;
  const progress = throttledProgress(context.onProgress);

  return (async function* () {
    const regions = lookupRegions(url, context.onNote);
    const nowMs = (context.now ?? Date.now)();
    const earliestMs = nowMs - LOOKUP_EVENTS_RETENTION_DAYS * DAY_MS;
    let { sinceMs } = context.period;
    const { untilMs } = context.period;
    if (untilMs <= earliestMs) {
      context.onNote(
        `${where}: LookupEvents keeps ${LOOKUP_EVENTS_RETENTION_DAYS} days; the period is older: nothing to read`,
      );
      return;
    }
    if (sinceMs < earliestMs) {
      context.onNote(
        `${where}: LookupEvents keeps ${LOOKUP_EVENTS_RETENTION_DAYS} days: reading from ${new Date(earliestMs).toISOString()} on`,
      );
      sinceMs = earliestMs;
    }

    let sdk: typeof import('@aws-sdk/client-cloudtrail');
    try {
      sdk = await loadSdk(() => import('@aws-sdk/client-cloudtrail'), 'CloudTrailClient');
    } catch (e) {
      yield readErrorItem(where, `cannot load the CloudTrail client (${describeError(e, 'always')})`);
      return;
    }
    const lookups = regions.flatMap((region) =>
      (region === globalRegionOf(region)
        ? [...STS_EVENT_NAMES, ...IAM_TRUST_EVENT_NAMES]
        : STS_EVENT_NAMES
      ).map((eventName) => ({ region, eventName })),
    );
    const startedMs = clock.now();
    let events = 0;
    let done = 0;

    /** Set by an error about the credentials: every region would refuse them alike. */
    let fatal = false;
    for (const region of regions) {
      if (fatal) break;
      let client: CloudTrailClient;
      try {
        client = await resolveClient(
          options.clientFor?.(region) ?? (async () => new sdk.CloudTrailClient({ region })),
        );
      } catch (e) {
        yield readErrorItem(
          `lookup://${region}`,
          `cannot create the CloudTrail client (${describeError(e, 'always')})`,
        );
        continue;
      }
      paceClient(
        client,
        bucketFor(context, region, () => new TokenBucket({ intervalMs, clock })),
        options.throttlePauseMs,
      );
      try {
        yield* readRegion(region, client);
      } finally {
        // A client this source created is its own: close its sockets so that the CLI can exit.
        if (options.clientFor === undefined) client.destroy();
      }
    }

    async function* readRegion(region: string, client: CloudTrailClient): AsyncGenerator<SourceItem> {
      const names = lookups.filter((l) => l.region === region);
      let stopped = false;
      let held: FoundEvent[] = [];
      let judged = 0;
      /** The held events, oldest first (ties by event id), as inputs named by their place in that order. */
      function* release(): Generator<SourceItem> {
        held.sort(
          (a, b) =>
            (a.EventTime?.getTime() ?? 0) - (b.EventTime?.getTime() ?? 0) ||
            (a.EventId ?? '').localeCompare(b.EventId ?? ''),
        );
        for (let i = 0; i < held.length; i += EVENTS_PER_INPUT) {
          const chunk = held.slice(i, i + EVENTS_PER_INPUT);
          yield inputItem(
            `lookup://${region} events ${judged + i + 1}-${judged + i + chunk.length} oldest first`,
            {
              Events: chunk.map((e) => ({
                EventId: e.EventId,
                EventName: e.EventName,
                CloudTrailEvent: e.CloudTrailEvent,
              })),
            },
          );
        }
        judged += held.length;
        held = [];
      }
      for (const { eventName } of names) {
        if (stopped || fatal) break;
        let token: string | undefined;
        let page = 0;
        do {
          page++;
          const name = `lookup://${region} ${eventName} page ${page}`;
          let out: LookupEventsCommandOutput;
          try {
            out = await withRetry(
              () =>
                client.send(
                  new sdk.LookupEventsCommand({
                    LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }],
                    StartTime: new Date(sinceMs),
                    EndTime: new Date(untilMs),
                    MaxResults: PAGE_SIZE,
                    ...(token === undefined ? {} : { NextToken: token }),
                  }),
                ),
              // The SDK has retried already; this outer layer waits longer for a busy account.
              {
                attempts: 3,
                baseDelayMs: 2000,
                maxDelayMs: 10_000,
                sleep: clock.sleep,
                isRetryable: isRetryableError,
              },
            );
          } catch (e) {
            if (isFatalAwsError(e)) {
              // Credentials (or configuration) that no other lookup or region would get past.
              fatal = true;
              yield readErrorItem(
                name,
                `LookupEvents failed (${describeFatalAwsError(e)}); nothing more was read from this source`,
              );
              break;
            }
            const rest = page > 1 ? `; pages from ${page} on were not read` : '';
            yield readErrorItem(name, `LookupEvents failed (${describeFatalAwsError(e)})${rest}`);
            if (isAccessProblem(e)) {
              stopped = true;
              if (names.length > 1)
                context.onNote(`lookup://${region}: stopped after an error; its other lookups were not made`);
            }
            break;
          }
          const found = out.Events ?? [];
          events += found.length;
          held.push(...found);
          if (held.length >= LOOKUP_EVENTS_HELD) {
            context.onNote(
              `lookup://${region}: more than ${LOOKUP_EVENTS_HELD.toLocaleString('en-US')} events: judged in parts, ` +
                'each oldest first; a session issued in one part and used in an earlier one is not traced',
            );
            yield* release();
          }
          token = out.NextToken;
          const oldest = found.at(-1)?.EventTime?.getTime();
          const within =
            token === undefined || oldest === undefined ? 1 : (untilMs - oldest) / (untilMs - sinceMs);
          const fraction = (done + Math.min(1, Math.max(0, within))) / lookups.length;
          progress(
            () =>
              `${where}: ${region} ${eventName} page ${page} · lookup ${done + 1}/${lookups.length} · ${events} event(s)${eta(clock.now() - startedMs, fraction)}`,
          );
        } while (token !== undefined);
        done++;
      }
      if (held.length > 0) yield* release();
    }
  })();
}

/** Access problems hold for every lookup of the region: report once, not once per event name. */
const isAccessProblem = (e: unknown): boolean => {
  const name = (e as { name?: unknown } | null)?.name;
  return (
    name === 'AccessDeniedException' || name === 'UnrecognizedClientException' || name === 'OptInRequired'
  );
};

function eta(elapsedMs: number, fraction: number): string {
  if (fraction <= 0.01 || fraction >= 1) return '';
  const seconds = Math.round((elapsedMs * (1 - fraction)) / fraction / 1000);
  if (seconds < 60) return ` · ETA ${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? ` · ETA ${minutes}m${String(seconds % 60).padStart(2, '0')}s`
    : ` · ETA ${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
