import type { CloudWatchLogsClient, ResultField } from '@aws-sdk/client-cloudwatch-logs';
import type { SourceItem } from '../../core/pipeline/source-item.ts';
import { describeError } from '../describe-error.ts';
import { type ClientSource, resolveClient } from '../lazy-client.ts';
import { withRetry } from '../retry.ts';
import { loadSdk } from './load-sdk.ts';
import {
  countedIn,
  LOGS_INSIGHTS_ROW_LIMIT,
  planWindows,
  querySeconds,
  splitWindow,
  type TimeWindow,
  WINDOW_TARGET_ROWS,
  windowLabel,
} from './logs-insights-windows.ts';
import { mapOrdered } from './map-ordered.ts';
import { type PollOptions, pollUntil } from './poll.ts';
import type { RemoteSourceContext } from './remote-source-context.ts';
import {
  IAM_EVENT_SOURCE,
  IAM_TRUST_EVENT_NAMES,
  STS_EVENT_NAMES,
  STS_EVENT_SOURCE,
} from './source-event-names.ts';
import {
  describeFatalAwsError,
  inputItem,
  isFatalAwsError,
  readErrorItem,
  throttledProgress,
} from './source-items.ts';
import type { LogsSourceUrl } from './source-url.ts';
import { type PaceClock, realClock } from './token-bucket.ts';

/**
 * Queries run at once. An account may run 30 to 100 Logs Insights queries at a time (dashboards
 * included, depending on its quota); a scan takes a few of them and backs off when refused.
 */
export const DEFAULT_LOGS_CONCURRENCY = 4;

const quoted = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * Only the credential-issuing STS calls and the IAM trust changes. Equality and `in` on `eventSource`
 * (and `eventName`) are what a field index on those fields can use to skip log events unread.
 */
export const LOGS_INSIGHTS_FILTER =
  `filter eventSource in [${quoted([STS_EVENT_SOURCE, IAM_EVENT_SOURCE])}]` +
  ` and eventName in [${quoted([...STS_EVENT_NAMES, ...IAM_TRUST_EVENT_NAMES])}]`;

/** Events per hour of the period, to plan windows that each return fewer rows than the limit. */
export const LOGS_COUNT_QUERY = `${LOGS_INSIGHTS_FILTER}\n| stats count(*) as events by bin(1h)`;

/** The matching events of one window, oldest first. */
export const LOGS_ROWS_QUERY = `fields @timestamp, @message\n| ${LOGS_INSIGHTS_FILTER}\n| sort @timestamp asc\n| limit ${LOGS_INSIGHTS_ROW_LIMIT}`;

/**
 * Insights ends a query after 60 minutes of runtime with status `Timeout` (StartQuery API reference; it
 * was 15 minutes until 2023). A query is awaited a minute longer, so that Insights' own verdict is what a
 * person reads; StopQuery after that is a backstop for a query whose status never settles.
 */
export const LOGS_QUERY_WAIT_MS = 61 * 60_000;

/** A count query covers at most this many hours, so that its bins stay far below the row limit. */
const COUNT_CHUNK_HOURS = 5000;
const HOUR_MS = 3_600_000;

export interface LogsInsightsSourceOptions {
  readonly url: LogsSourceUrl;
  readonly context: RemoteSourceContext;
  /** By default a `CloudWatchLogsClient` from the SDK's own configuration (`--region` when given). */
  readonly client?: ClientSource<CloudWatchLogsClient>;
  /** Window queries in flight. @default 4 */
  readonly concurrency?: number;
  /** Rows a planned window aims at. @default 8000 */
  readonly targetRows?: number;
  /** How query results are awaited (clock, intervals, timeout: 61 minutes by default). */
  readonly poll?: PollOptions;
  readonly clock?: PaceClock;
}

type QueryOutcome =
  | { readonly ok: true; readonly rows: ResultField[][] }
  /**
   * `fatal`: about the credentials or the configuration (no region), which no other query gets past.
   * `beforeLogGroup`: refused because the window ends before the log group's first event that still
   * exists (it was created later, or its retention has deleted what came before).
   */
  | { readonly ok: false; readonly error: string; readonly fatal?: true; readonly beforeLogGroup?: true };

/**
 * Insights refuses a query whose end lies before the log group's creation or beyond its retention:
 * `MalformedQueryException: Query's end date and time is either before the log groups creation time or
 * exceeds the log groups log retention settings`.
 */
const isBeforeLogGroup = (e: unknown): boolean =>
  e instanceof Error && e.name === 'MalformedQueryException' && /creation time|retention/i.test(e.message);

/**
 * CloudWatch Logs Insights over a trail's log group: counts the matching events per hour, plans windows
 * under the 10,000-row limit, queries them (a few at a time) and yields each window's rows as a decoded
 * CloudWatch Logs payload named `logs://GROUP 2026-11-01T00:00Z..01:00Z`. A window that still returns
 * the limit is halved and read again, down to one second, so nothing is cut off silently; a query that
 * fails or times out is an input error naming its window.
 */
export function logsInsightsSource(options: LogsInsightsSourceOptions): AsyncIterable<SourceItem> {
  const { url, context } = options;
  const clock = options.clock ?? options.poll?.clock ?? options.context.paceClock ?? realClock;
  const poll: PollOptions = { timeoutMs: LOGS_QUERY_WAIT_MS, ...options.poll, clock };
  const where = `logs://${url.logGroup}`;
  const progress = throttledProgress(context.onProgress);

  return (async function* () {
    let client: CloudWatchLogsClient;
    let sdk: typeof import('@aws-sdk/client-cloudwatch-logs');
    try {
      sdk = await loadSdk(() => import('@aws-sdk/client-cloudwatch-logs'), 'CloudWatchLogsClient');
      client = await resolveClient(
        options.client ??
          (async () =>
            new sdk.CloudWatchLogsClient(context.region === undefined ? {} : { region: context.region })),
      );
    } catch (e) {
      yield readErrorItem(where, `cannot create the CloudWatch Logs client (${describeError(e, 'always')})`);
      return;
    }

    async function runQuery(window: TimeWindow, queryString: string): Promise<QueryOutcome> {
      let queryId: string | undefined;
      try {
        const started = await withRetry(
          () =>
            client.send(
              new sdk.StartQueryCommand({
                logGroupName: url.logGroup,
                ...querySeconds(window),
                queryString,
                limit: LOGS_INSIGHTS_ROW_LIMIT,
              }),
            ),
          // Refused for too many concurrent queries (LimitExceededException): wait for others to finish.
          { attempts: 6, baseDelayMs: 1000, maxDelayMs: 15_000, sleep: clock.sleep },
        );
        queryId = started.queryId;
        if (queryId === undefined) return { ok: false, error: 'StartQuery returned no query id' };
        const id = queryId;
        const outcome = await pollUntil(async () => {
          const out = await client.send(new sdk.GetQueryResultsCommand({ queryId: id }));
          switch (out.status) {
            case 'Scheduled':
            case 'Running':
            case undefined:
              return undefined;
            case 'Complete':
              return { ok: true, rows: out.results ?? [] } as const;
            default:
              return { ok: false, error: `query ${id} ended ${out.status}` } as const;
          }
        }, poll);
        if (outcome.timedOut) {
          await client.send(new sdk.StopQueryCommand({ queryId: id })).catch(() => undefined);
          return { ok: false, error: `query ${id} did not finish in time; stopped` };
        }
        return outcome.value;
      } catch (e) {
        // A query left alone would run on, scanning (and billing) what nobody reads.
        const stopped =
          queryId !== undefined &&
          (await client.send(new sdk.StopQueryCommand({ queryId })).then(
            () => true,
            () => false,
          ));
        const which = queryId === undefined ? 'the query' : `query ${queryId}`;
        const error = `${which} failed (${describeFatalAwsError(e)})${stopped ? '; stopped' : ''}`;
        if (isFatalAwsError(e)) return { ok: false, error, fatal: true };
        if (!isBeforeLogGroup(e)) return { ok: false, error };
        return {
          ok: false,
          error: `${error}: the window ends before the log group's first event (the group was created later, or its retention has deleted what came before)`,
          beforeLogGroup: true,
        };
      }
    }

    try {
      yield* run();
    } finally {
      // A client this source created is its own: close its sockets so that the CLI can exit.
      if (options.client === undefined) client.destroy();
    }

    async function* run(): AsyncGenerator<SourceItem> {
      // 1. Events per hour.
      const { sinceMs, untilMs } = context.period;
      const hourly = new Map<number, number>();
      let counted = true;
      for (let from = sinceMs; from < untilMs; from += COUNT_CHUNK_HOURS * HOUR_MS) {
        const window = { fromMs: from, toMs: Math.min(untilMs, from + COUNT_CHUNK_HOURS * HOUR_MS) };
        const counts = await runQuery(window, LOGS_COUNT_QUERY);
        if (!counts.ok && counts.fatal === true) {
          yield readErrorItem(where, `stopped reading: ${counts.error}; nothing was read from this source`);
          return;
        }
        if (!counts.ok) {
          // Without counts the windows are planned blind; reading still works, split as the limit demands.
          context.onNote(
            `${where}: counting events per hour failed (${counts.error}); reading without a plan`,
          );
          counted = false;
          break;
        }
        for (const row of counts.rows) {
          const bin = row.find((f) => f.field?.startsWith('bin(') === true)?.value;
          const n = Number(row.find((f) => f.field === 'events')?.value);
          const hour = bin === undefined ? Number.NaN : Date.parse(`${bin.replace(' ', 'T')}Z`);
          if (Number.isFinite(hour) && Number.isFinite(n)) hourly.set(hour, (hourly.get(hour) ?? 0) + n);
        }
      }
      const windows = counted
        ? planWindows(sinceMs, untilMs, hourly, options.targetRows ?? WINDOW_TARGET_ROWS)
        : [{ fromMs: sinceMs, toMs: untilMs }];

      // 2. Rows, window by window; a window at the limit is halved until its parts fit.
      let windowsRead = 0;
      let events = 0;
      let notedBeforeLogGroup = false;
      async function readWindow(window: TimeWindow): Promise<SourceItem[]> {
        const name = `${where} ${windowLabel(window)}`;
        const result = await runQuery(window, LOGS_ROWS_QUERY);
        if (!result.ok && result.beforeLogGroup === true && counted && countedIn(window, hourly) === 0) {
          // Counted empty and refused for ending before the group's first event: nothing there to read
          // (a busy first hour after months of nothing makes such a window; the count covered it).
          if (!notedBeforeLogGroup) {
            notedBeforeLogGroup = true;
            context.onNote(
              `${where}: no events before ${new Date(window.toMs).toISOString()} ` +
                '(the log group was created later, or its retention has deleted them): that part of the period holds nothing to read',
            );
          }
          return [];
        }
        if (!result.ok) return [readErrorItem(name, result.error)];
        if (result.rows.length >= LOGS_INSIGHTS_ROW_LIMIT) {
          const halves = splitWindow(window);
          if (halves !== undefined) {
            const [left, right] = halves;
            return [...(await readWindow(left)), ...(await readWindow(right))];
          }
          const kept = payloadItem(name, result.rows);
          return [
            ...(kept === undefined ? [] : [kept]),
            readErrorItem(
              name,
              `more than ${LOGS_INSIGHTS_ROW_LIMIT} matching events within one second: only the first ` +
                `${LOGS_INSIGHTS_ROW_LIMIT} were read`,
            ),
          ];
        }
        windowsRead++;
        events += result.rows.length;
        progress(() => `${where}: window ${windowsRead}/${windows.length}+ · ${events} event(s)`);
        const item = payloadItem(name, result.rows);
        return item === undefined ? [] : [item];
      }

      function payloadItem(name: string, rows: readonly ResultField[][]): SourceItem | undefined {
        const logEvents: { id: string; timestamp: number; message: string }[] = [];
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          const value = (field: string): string | undefined => row.find((f) => f.field === field)?.value;
          const message = value('@message');
          if (message === undefined) continue;
          const time = Date.parse(`${(value('@timestamp') ?? '').replace(' ', 'T')}Z`);
          logEvents.push({
            id: value('@ptr') ?? String(i),
            timestamp: Number.isFinite(time) ? time : 0,
            message,
          });
        }
        if (logEvents.length === 0) return undefined;
        return inputItem(name, { messageType: 'DATA_MESSAGE', logGroup: url.logGroup, logEvents });
      }

      for await (const items of mapOrdered(
        windows,
        options.concurrency ?? DEFAULT_LOGS_CONCURRENCY,
        readWindow,
      )) {
        yield* items;
      }
    }
  })();
}
