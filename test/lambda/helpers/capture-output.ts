import type { Context } from 'aws-lambda';
import { vi } from 'vitest';

export interface CapturedOutput {
  /** Everything written to stdout and stderr, in order. */
  readonly text: () => string;
  /** Each non-empty line parsed as JSON (non-JSON lines are skipped). */
  readonly json: () => Record<string, unknown>[];
  /** EMF documents: lines with `_aws.CloudWatchMetrics`. */
  readonly emf: () => EmfDocument[];
  /** Structured log lines (Powertools Logger): lines with `level` and `message`. */
  readonly logs: () => Record<string, unknown>[];
  readonly restore: () => void;
}

export interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

/**
 * Captures process.stdout / process.stderr writes. Powertools Logger and Metrics write through a
 * `Console` bound to these streams, and the log sink writes to stdout directly.
 */
export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const grab = (chunk: unknown): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(grab as typeof process.stdout.write);
  const errs = vi.spyOn(process.stderr, 'write').mockImplementation(grab as typeof process.stderr.write);
  const json = (): Record<string, unknown>[] =>
    chunks
      .join('')
      .split('\n')
      .filter((l) => l.trim().startsWith('{'))
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  return {
    text: () => chunks.join(''),
    json,
    emf: () =>
      json().filter((j) => typeof j._aws === 'object' && j._aws !== null) as unknown as EmfDocument[],
    logs: () => json().filter((j) => typeof j.level === 'string' && typeof j.message === 'string'),
    restore: () => {
      out.mockRestore();
      errs.mockRestore();
    },
  };
}

/** Sum of one metric over all EMF documents, optionally only where the dimensions match. */
export function metricSum(
  docs: readonly EmfDocument[],
  name: string,
  where: Record<string, string> = {},
): number {
  let sum = 0;
  for (const doc of docs) {
    const declared = doc._aws.CloudWatchMetrics.some((m) => m.Metrics.some((x) => x.Name === name));
    if (!declared) continue;
    if (!Object.entries(where).every(([k, v]) => doc[k] === v)) continue;
    const value = doc[name];
    if (typeof value === 'number') sum += value;
    else if (Array.isArray(value)) sum += value.reduce((a: number, b: number) => a + b, 0);
  }
  return sum;
}

export function fakeContext(functionName: string, awsRequestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:444455556666:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/03/02/[$LATEST]0123456789abcdef0123456789abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
