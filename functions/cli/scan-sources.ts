import {
  isRemoteSource,
  openRemoteSource,
  type RemoteSourceContext,
} from '../adapters/sources/remote-source.ts';
import type { Period } from '../core/pipeline/period.ts';
import type { SourceItem } from '../core/pipeline/source-item.ts';
import { listInputFilesSync } from '../io/read-inputs.ts';
import { UsageError } from './usage-error.ts';

/**
 * The items of every SOURCE argument of `scan`/`report`, in argument order: `-` (standard input), a
 * remote source URL, or local files and folders. Remote URLs are opened (validated) before anything is
 * read, so a bad URL is a usage error and not a half-finished scan. The inputs of a remote source are
 * judged within `remotePeriod` (its default span included), local ones within the scan's period.
 */
export function scanSources(
  args: readonly string[],
  remote: RemoteSourceContext,
  readStdin: () => Uint8Array,
  remotePeriod: Period,
): AsyncIterable<SourceItem> {
  const opened = args.map((arg): (() => AsyncIterable<SourceItem> | Iterable<SourceItem>) => {
    if (arg === '-') return () => [{ input: { name: '<stdin>', bytes: readStdin() } }];
    if (isRemoteSource(arg)) {
      const source = openRemoteSource(arg, remote);
      if (!source.ok) throw new UsageError(source.error);
      return () => withPeriod(source.value, remotePeriod);
    }
    return () => listInputFilesSync([arg]);
  });
  return (async function* () {
    for (const items of opened) yield* items();
  })();
}

/** A remote source's inputs, judged within the period the source reads (its default span included). */
async function* withPeriod(
  items: AsyncIterable<SourceItem> | Iterable<SourceItem>,
  period: Period,
): AsyncIterable<SourceItem> {
  for await (const item of items) yield 'input' in item ? { ...item, period } : item;
}
