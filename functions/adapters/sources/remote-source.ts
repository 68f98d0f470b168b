import type { Result } from '../../core/model/result.ts';
import type { Period } from '../../core/pipeline/period.ts';
import type { SourceItem } from '../../core/pipeline/source-item.ts';

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
}

/** URL schemes of CONTRACT §1's remote sources. */
export const REMOTE_SCHEMES = ['s3', 'lookup', 'logs', 'athena'] as const;

export const isRemoteSource = (arg: string): boolean => /^(?:s3|lookup|logs|athena):\/\//i.test(arg);

/**
 * Opens one remote source (`s3://`, `lookup://`, `logs://`, `athena://`): its items in a deterministic
 * order; an object or page that cannot be read is an input error item naming it, never a gap. A URL
 * that cannot be used at all (bad syntax, unknown scheme) is an error before anything is read.
 */
export function openRemoteSource(
  url: string,
  _context: RemoteSourceContext,
): Result<AsyncIterable<SourceItem>, string> {
  return { ok: false, error: `${url}: reading remote sources is not built yet` };
}
