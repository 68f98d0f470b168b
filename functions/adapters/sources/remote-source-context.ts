import type { Period } from '../../core/pipeline/period.ts';
import type { PaceClock } from './token-bucket.ts';

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
  /** Waits between calls (LookupEvents' pace) and while polling queries; the real clock by default. */
  readonly paceClock?: PaceClock;
}
