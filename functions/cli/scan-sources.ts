import {
  isRemoteSource,
  openRemoteSource,
  type RemoteSourceContext,
} from '../adapters/sources/remote-source.ts';
import type { SourceItem } from '../core/pipeline/source-item.ts';
import { listInputFilesSync } from '../io/read-inputs.ts';
import { UsageError } from './usage-error.ts';

/**
 * The items of every SOURCE argument of `scan`/`report`, in argument order: `-` (standard input), a
 * remote source URL, or local files and folders. Remote URLs are opened (validated) before anything is
 * read, so a bad URL is a usage error and not a half-finished scan.
 */
export function scanSources(
  args: readonly string[],
  remote: RemoteSourceContext,
  readStdin: () => Uint8Array,
): AsyncIterable<SourceItem> {
  const opened = args.map((arg): (() => AsyncIterable<SourceItem> | Iterable<SourceItem>) => {
    if (arg === '-') return () => [{ input: { name: '<stdin>', bytes: readStdin() } }];
    if (isRemoteSource(arg)) {
      const source = openRemoteSource(arg, remote);
      if (!source.ok) throw new UsageError(source.error);
      return () => source.value;
    }
    return () => listInputFilesSync([arg]);
  });
  return (async function* () {
    for (const items of opened) yield* items();
  })();
}
