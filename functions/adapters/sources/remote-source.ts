import { err, ok, type Result } from '../../core/model/result.ts';
import type { Period } from '../../core/pipeline/period.ts';
import type { SourceItem } from '../../core/pipeline/source-item.ts';
import { athenaSource } from './athena-source.ts';
import { logsInsightsSource } from './logs-insights-source.ts';
import { lookupEventsSource } from './lookup-events-source.ts';
import { s3TrailSource } from './s3-trail-source.ts';
import { parseSourceUrl } from './source-url.ts';

/** What every remote source is given. Credentials come from the SDK's default chain. */
export interface RemoteSourceContext {
  /** The period to read (remote sources default to the last 24 hours). */
  readonly period: Required<Period>;
  /** `--region`; otherwise the SDK's own resolution (`AWS_REGION`, profile). */
  readonly region?: string;
  /** Environment for SDK settings (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_PROFILE`…); `process.env` by default. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A progress line for a terminal (pages, events, ETA); undefined when stderr is not a terminal. */
  readonly onProgress?: (line: string) => void;
  /** A note for the person running the scan (e.g. "us-east-1 added: global STS calls are logged there"). */
  readonly onNote: (line: string) => void;
  /** Wall-clock time in epoch milliseconds (LookupEvents' 90-day window); `Date.now` by default. */
  readonly now?: () => number;
}

/** URL schemes of CONTRACT §1's remote sources. */
export const REMOTE_SCHEMES = ['s3', 'lookup', 'logs', 'athena'] as const;

export const isRemoteSource = (arg: string): boolean => /^(?:s3|lookup|logs|athena):\/\//i.test(arg);

/**
 * Opens one remote source (`s3://`, `lookup://`, `logs://`, `athena://`): its items in a deterministic
 * order; an object or page that cannot be read is an input error item naming it, never a gap. A URL
 * that cannot be used at all (bad syntax, unknown scheme) is an error before anything is read.
 * Nothing is fetched, and no SDK module is loaded, until the items are iterated.
 */
export function openRemoteSource(
  url: string,
  context: RemoteSourceContext,
): Result<AsyncIterable<SourceItem>, string> {
  const parsed = parseSourceUrl(url);
  if (!parsed.ok) return err(parsed.error);
  const source = parsed.value;
  switch (source.scheme) {
    case 's3':
      return ok(s3TrailSource({ url: source, context }));
    case 'lookup':
      return ok(lookupEventsSource({ url: source, context }));
    case 'logs':
      return ok(logsInsightsSource({ url: source, context }));
    case 'athena':
      return ok(athenaSource({ url: source, context }));
  }
}
