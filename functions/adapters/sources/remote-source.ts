import { err, ok, type Result } from '../../core/model/result.ts';
import type { SourceItem } from '../../core/pipeline/source-item.ts';
import { athenaSource } from './athena-source.ts';
import { logsInsightsSource } from './logs-insights-source.ts';
import { lookupEventsSource } from './lookup-events-source.ts';
import type { RemoteSourceContext } from './remote-source-context.ts';
import { s3TrailSource } from './s3-trail-source.ts';
import { parseSourceUrl } from './source-url.ts';

export type { RemoteSourceContext };

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
