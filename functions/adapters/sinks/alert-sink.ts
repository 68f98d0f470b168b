import type { Finding } from '../../core/model/finding.ts';
import { type Severity, severityRank } from '../../core/model/severity.ts';
import type { RetryOptions } from '../retry.ts';

/** The sinks of `ROLEWATCH_ALERT_SINKS`, in the order the CDK app lists them. */
export const SINK_NAMES = ['sns', 'slack', 'securityhub', 'eventbridge', 'log'] as const;
export type SinkName = (typeof SINK_NAMES)[number];

export const isSinkName = (s: string): s is SinkName => (SINK_NAMES as readonly string[]).includes(s);

/** The variable that sets one sink's minimum severity (over `ROLEWATCH_ALERT_MIN_SEVERITY`). */
export const MIN_SEVERITY_VARIABLE = {
  sns: 'ROLEWATCH_SNS_MIN_SEVERITY',
  slack: 'ROLEWATCH_SLACK_MIN_SEVERITY',
  securityhub: 'ROLEWATCH_SECURITYHUB_MIN_SEVERITY',
  eventbridge: 'ROLEWATCH_EVENTBRIDGE_MIN_SEVERITY',
  log: 'ROLEWATCH_LOG_MIN_SEVERITY',
} as const satisfies Record<SinkName, string>;

/** What each sink's `fromEnv` receives from the alert settings all sinks share. */
export interface SinkContext {
  /** `ROLEWATCH_<SINK>_MIN_SEVERITY`, else `ROLEWATCH_ALERT_MIN_SEVERITY`. */
  readonly minSeverity: Severity;
  readonly retry: RetryOptions;
  /** `AWS_REGION`, else `AWS_DEFAULT_REGION`, if either is set. */
  readonly region: string | undefined;
  /** For the sink's SDK client: `maxAttempts: 1`, so that retry.ts is the only retry layer. */
  readonly clientConfig: { readonly maxAttempts: 1; readonly region?: string };
}

/**
 * Where alerts go. `send` filters out suppressed findings and those below `minSeverity` itself, and
 * either delivers every remaining finding (after retries) or throws a {@link SinkError}, so that the
 * invocation fails and Lambda retries / the queue re-drives instead of dropping the alert.
 */
export interface AlertSink {
  readonly name: SinkName;
  readonly minSeverity: Severity;
  send(findings: readonly Finding[]): Promise<void>;
}

/**
 * A sink gave up. The message names the sink, how many findings were not delivered and the kind of
 * failure (an error name or HTTP status) — never a URL, token or finding content.
 */
export class SinkError extends Error {
  override readonly name = 'SinkError';
  readonly sink: SinkName;
  /** Findings not delivered. */
  readonly failedCount: number;
  /** Findings this call tried to deliver. */
  readonly attemptedCount: number;
  /**
   * Ids of the findings this call did deliver before giving up on the others, so that they are recorded
   * and a re-drive sends only the rest. Empty when the sink cannot tell (nothing is recorded then).
   */
  readonly deliveredIds: readonly string[];

  constructor(
    sink: SinkName,
    failedCount: number,
    attemptedCount: number,
    reason: string,
    cause?: unknown,
    deliveredIds: readonly string[] = [],
  ) {
    super(
      `${sink} sink failed to deliver ${failedCount} of ${attemptedCount} finding(s): ${reason}`,
      cause === undefined ? undefined : { cause },
    );
    this.sink = sink;
    this.failedCount = failedCount;
    this.attemptedCount = attemptedCount;
    this.deliveredIds = deliveredIds;
  }
}

/** Findings a sink should alert on: not suppressed, and at or above the sink's minimum severity. */
export const alertable = (findings: readonly Finding[], minSeverity: Severity): Finding[] =>
  findings.filter((f) => !f.suppressed && severityRank(f.severity) >= severityRank(minSeverity));

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Splits `items` into consecutive chunks of at most `maxCount` items whose sizes add up to less than
 * `maxBytes`, for batch APIs that limit a request's count and its total size (`PutEvents`). An item of
 * `maxBytes` or more gets a chunk of its own, for the caller to refuse before sending.
 */
export function chunkBySize<T>(
  items: readonly T[],
  maxCount: number,
  maxBytes: number,
  sizeOf: (item: T) => number,
): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length >= maxCount || bytes + size >= maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
