import { performance } from 'node:perf_hooks';
import { type AwsJsonCall, AwsJsonError, type AwsJsonServer, startAwsJsonServer } from './aws-json-server.ts';

type CloudTrailRecord = Record<string, unknown>;

/** A query as the stand-in ran it. */
export interface FakeQuery {
  readonly id: string;
  readonly startTime: number;
  readonly endTime: number;
  readonly queryString: string;
  readonly rows: number;
}

export interface FakeLogsInsightsOptions {
  readonly logGroup: string;
  /** `GetQueryResults` answers `Running` this many times before the outcome. @default 1 */
  readonly pollsBeforeDone?: number;
  /** The outcome of a query other than `Complete` (`Failed`, `Cancelled`, `Timeout`), by its query. */
  readonly outcome?: (query: FakeQuery) => 'Failed' | 'Cancelled' | 'Timeout' | undefined;
  /** Queries that may run at once before StartQuery answers LimitExceededException. @default 30, as AWS */
  readonly maxConcurrent?: number;
  /**
   * How long every query runs, on `clock`: `GetQueryResults` answers `Scheduled`, then `Running`, until
   * then (instead of counting polls). As Insights does, a query still running after 60 minutes ends `Timeout`.
   */
  readonly runsForMs?: number;
  /** The service's clock (ms) for `runsForMs`; a test passes its virtual pace clock's `now`. */
  readonly clock?: () => number;
  /** `GetQueryResults` answers this error (HTTP 400) while the query goes on running. */
  readonly followError?: { readonly type: string; readonly message: string };
  /**
   * The log group's first event that still exists (ms): it was created then, or its retention deleted
   * what came before. Events before it are gone, and StartQuery refuses a query that ends before it, in
   * Insights' words.
   */
  readonly readableFromMs?: number;
}

/** Insights stops a query after 60 minutes of runtime and reports it `Timeout` (StartQuery API reference). */
export const INSIGHTS_QUERY_TIMEOUT_MS = 60 * 60_000;

const ROW_LIMIT = 10_000;

/** `2026-11-01 00:00:00.000`, as Logs Insights prints `@timestamp` and `bin()`. */
const insightsTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/**
 * CloudWatch Logs Insights on loopback over one log group of CloudTrail records (a log event per record,
 * its timestamp the event time). It runs the queries rolewatch sends the way Insights would: the
 * `filter eventSource in [...] and eventName in [...]` clause, the inclusive second range, `stats
 * count(*) as N by bin(1h)`, `sort @timestamp asc`, and at most 10,000 rows.
 */
export async function startFakeLogsInsights(
  records: readonly CloudTrailRecord[],
  options: FakeLogsInsightsOptions,
): Promise<
  AwsJsonServer & {
    readonly queries: FakeQuery[];
    readonly stopped: string[];
    /** Queries StartQuery refused for ending before `readableFromMs` (seconds, as sent). */
    readonly refused: { startTime: number; endTime: number }[];
  }
> {
  const events = records
    .map((r, i) => ({
      record: r,
      message: JSON.stringify(r),
      timestamp: Date.parse(String(r.eventTime)),
      ptr: `ptr-${i}`,
    }))
    .sort((a, b) => a.timestamp - b.timestamp);
  const queries: FakeQuery[] = [];
  const stopped: string[] = [];
  const refused: { startTime: number; endTime: number }[] = [];
  const running = new Map<
    string,
    { query: FakeQuery; results: unknown[][]; matched: number; polls: number; startedMs: number }
  >();
  const now = options.clock ?? (() => performance.now());

  const listIn = (query: string, field: string): string[] | undefined => {
    const m = new RegExp(`${field} in \\[([^\\]]*)\\]`).exec(query);
    return m?.[1]?.split(',').map((s) => s.trim().replace(/^'|'$/g, ''));
  };

  const server = await startAwsJsonServer('Logs_20140328', {
    StartQuery(call: AwsJsonCall) {
      const input = call.input as {
        logGroupName?: string;
        startTime: number;
        endTime: number;
        queryString: string;
        limit?: number;
      };
      if (input.logGroupName !== options.logGroup) {
        throw new AwsJsonError('ResourceNotFoundException', 'The specified log group does not exist.');
      }
      if (options.readableFromMs !== undefined && (input.endTime + 1) * 1000 <= options.readableFromMs) {
        refused.push({ startTime: input.startTime, endTime: input.endTime });
        throw new AwsJsonError(
          'MalformedQueryException',
          "Query's end date and time is either before the log groups creation time or exceeds the log groups log retention settings",
        );
      }
      if (running.size >= (options.maxConcurrent ?? 30)) {
        throw new AwsJsonError(
          'LimitExceededException',
          'Account maximum query concurrency limit of [30] reached.',
        );
      }
      const sources = listIn(input.queryString, 'eventSource');
      const names = listIn(input.queryString, 'eventName');
      const matching = events.filter(
        (e) =>
          e.timestamp >= (options.readableFromMs ?? 0) &&
          e.timestamp >= input.startTime * 1000 &&
          e.timestamp < (input.endTime + 1) * 1000 &&
          (sources === undefined || sources.includes(String(e.record.eventSource))) &&
          (names === undefined || names.includes(String(e.record.eventName))),
      );
      const count = /stats count\(\*\) as (\w+) by bin\(1h\)/.exec(input.queryString);
      let results: unknown[][];
      if (count !== null) {
        const hours = new Map<number, number>();
        for (const e of matching) {
          const hour = Math.floor(e.timestamp / 3_600_000) * 3_600_000;
          hours.set(hour, (hours.get(hour) ?? 0) + 1);
        }
        results = [...hours].map(([hour, n]) => [
          { field: 'bin(1h)', value: insightsTime(hour) },
          { field: count[1], value: String(n) },
        ]);
      } else {
        const limit = Math.min(
          ROW_LIMIT,
          input.limit ?? ROW_LIMIT,
          Number(/\| limit (\d+)/.exec(input.queryString)?.[1] ?? ROW_LIMIT),
        );
        results = matching.slice(0, limit).map((e) => [
          { field: '@timestamp', value: insightsTime(e.timestamp) },
          { field: '@message', value: e.message },
          { field: '@ptr', value: e.ptr },
        ]);
      }
      const query: FakeQuery = {
        id: `q-${queries.length + 1}`,
        startTime: input.startTime,
        endTime: input.endTime,
        queryString: input.queryString,
        rows: results.length,
      };
      queries.push(query);
      running.set(query.id, { query, results, matched: matching.length, polls: 0, startedMs: now() });
      return { queryId: query.id };
    },
    GetQueryResults(call: AwsJsonCall) {
      if (options.followError !== undefined)
        throw new AwsJsonError(options.followError.type, options.followError.message);
      const id = String(call.input.queryId);
      const state = running.get(id);
      if (state === undefined) {
        const finished = queries.some((q) => q.id === id);
        if (!finished) throw new AwsJsonError('ResourceNotFoundException', `no query ${id}`);
        return { status: 'Complete', results: [] };
      }
      const polls = state.polls++;
      if (options.runsForMs !== undefined) {
        const elapsed = now() - state.startedMs;
        if (elapsed >= INSIGHTS_QUERY_TIMEOUT_MS && options.runsForMs > INSIGHTS_QUERY_TIMEOUT_MS) {
          running.delete(id);
          return { status: 'Timeout', results: [] };
        }
        if (elapsed < options.runsForMs)
          return { status: polls === 0 ? 'Scheduled' : 'Running', results: [] };
      } else if (polls < (options.pollsBeforeDone ?? 1)) return { status: 'Running', results: [] };
      running.delete(id);
      const outcome = options.outcome?.(state.query);
      if (outcome !== undefined) return { status: outcome, results: [] };
      return {
        status: 'Complete',
        results: state.results,
        statistics: {
          // Every matching log event, also those past the limit ("10,000 of 12,345 records matched").
          recordsMatched: state.matched,
          recordsScanned: events.length,
          bytesScanned: 1000,
        },
      };
    },
    StopQuery(call: AwsJsonCall) {
      const id = String(call.input.queryId);
      stopped.push(id);
      running.delete(id);
      return { success: true };
    },
  });
  return Object.assign(server, { queries, stopped, refused });
}
