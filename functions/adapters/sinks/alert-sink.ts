import type { Finding } from '../../core/model/finding.ts';
import { type Severity, severityRank } from '../../core/model/severity.ts';
import { RetryableError } from '../retry.ts';

export const SINK_NAMES = ['sns', 'slack', 'securityhub', 'eventbridge', 'log'] as const;
export type SinkName = (typeof SINK_NAMES)[number];

export const isSinkName = (s: string): s is SinkName => (SINK_NAMES as readonly string[]).includes(s);

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

  constructor(sink: SinkName, failedCount: number, attemptedCount: number, reason: string, cause?: unknown) {
    super(
      `${sink} sink failed to deliver ${failedCount} of ${attemptedCount} finding(s): ${reason}`,
      cause === undefined ? undefined : { cause },
    );
    this.sink = sink;
    this.failedCount = failedCount;
    this.attemptedCount = attemptedCount;
  }
}

/** Findings a sink should alert on: not suppressed, and at or above the sink's minimum severity. */
export const alertable = (findings: readonly Finding[], minSeverity: Severity): Finding[] =>
  findings.filter((f) => !f.suppressed && severityRank(f.severity) >= severityRank(minSeverity));

/** A short, secret-free description of an error for a {@link SinkError} message. */
export function describeError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unknown error';
  // Our own retry signals carry messages we wrote (counts and error codes only).
  if (error instanceof RetryableError) return error.message;
  const e = error as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const parts: string[] = [];
  if (typeof e.name === 'string' && e.name !== 'Error') parts.push(e.name);
  if (typeof e.code === 'string') parts.push(e.code);
  if (typeof e.$metadata?.httpStatusCode === 'number') parts.push(`HTTP ${e.$metadata.httpStatusCode}`);
  return parts.length > 0 ? parts.join(', ') : 'error';
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
