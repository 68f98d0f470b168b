import type { AthenaClient, GetQueryResultsCommandOutput } from '@aws-sdk/client-athena';
import type { SourceItem } from '../../core/pipeline/source-item.ts';
import { describeError } from '../describe-error.ts';
import { type ClientSource, resolveClient } from '../lazy-client.ts';
import { buildAthenaQuery, type CatalogColumn, dayPartitionOf } from './athena-query.ts';
import { recordFromRow } from './athena-record.ts';
import { loadSdk } from './load-sdk.ts';
import { type PollOptions, pollUntil } from './poll.ts';
import type { RemoteSourceContext } from './remote-source-context.ts';
import { describeFatalAwsError, inputItem, readErrorItem, throttledProgress } from './source-items.ts';
import type { AthenaSourceUrl } from './source-url.ts';

/** GetQueryResults' largest page. */
const PAGE_ROWS = 1000;
/** Athena bills each query for at least 10 MB scanned, at $5 per TB (us-east-1, at the time of writing). */
const USD_PER_TB = 5;

export interface AthenaSourceOptions {
  readonly url: AthenaSourceUrl;
  readonly context: RemoteSourceContext;
  /** By default an `AthenaClient` from the SDK's own configuration (`--region` when given). */
  readonly client?: ClientSource<AthenaClient>;
  /** How the query execution is awaited (clock, intervals, timeout: 30 minutes by default, then the query is stopped). */
  readonly poll?: PollOptions;
}

/**
 * An Athena query over a CloudTrail table: reads the table's columns (`GetTableMetadata`), selects the
 * credential-issuing STS calls of the period with its day partitions pruned, waits for the execution,
 * and streams the result pages (`GetQueryResults`, 1,000 rows each), each rebuilt into CloudTrail
 * records and named `athena://DB.TABLE query ID row block N`. A failed or cancelled query, or a page
 * that cannot be read, is an input error naming the query.
 */
export function athenaSource(options: AthenaSourceOptions): AsyncIterable<SourceItem> {
  const { url, context } = options;
  const table = `${url.database}.${url.table}`;
  const where = `athena://${table}`;
  const progress = throttledProgress(context.onProgress);

  return (async function* () {
    let client: AthenaClient;
    let sdk: typeof import('@aws-sdk/client-athena');
    try {
      sdk = await loadSdk(() => import('@aws-sdk/client-athena'), 'AthenaClient');
      client = await resolveClient(
        options.client ??
          (async () => new sdk.AthenaClient(context.region === undefined ? {} : { region: context.region })),
      );
    } catch (e) {
      yield readErrorItem(where, `cannot create the Athena client (${describeError(e, 'always')})`);
      return;
    }

    try {
      yield* run();
    } finally {
      // A client this source created is its own: close its sockets so that the CLI can exit.
      if (options.client === undefined) client.destroy();
    }

    async function* run(): AsyncGenerator<SourceItem> {
      // 1. The table's columns, so that every field a record carries is selected and rebuilt.
      let columns: CatalogColumn[];
      let partitionKeys: CatalogColumn[];
      let parameters: Record<string, string>;
      try {
        const out = await client.send(
          new sdk.GetTableMetadataCommand({
            CatalogName: url.catalog,
            DatabaseName: url.database,
            TableName: url.table,
          }),
        );
        const described = (
          list: { Name?: string | undefined; Type?: string | undefined }[] | undefined,
        ): CatalogColumn[] =>
          (list ?? []).flatMap((c) =>
            c.Name === undefined ? [] : [{ name: c.Name, type: c.Type ?? 'string' }],
          );
        columns = described(out.TableMetadata?.Columns);
        partitionKeys = described(out.TableMetadata?.PartitionKeys);
        parameters = out.TableMetadata?.Parameters ?? {};
      } catch (e) {
        yield readErrorItem(where, `cannot read the table's columns (${describeFatalAwsError(e)})`);
        return;
      }
      const partition = dayPartitionOf(partitionKeys, url.partition, parameters);
      if (!partition.ok) {
        yield readErrorItem(where, partition.error);
        return;
      }
      if (partition.value.kind === 'none') {
        context.onNote(
          `${where}: the table has no day partition: the query reads the whole table (Athena bills every ` +
            'byte scanned); see the README for a table with partition projection',
        );
      }
      const plan = buildAthenaQuery({
        database: url.database,
        table: url.table,
        columns,
        partition: partition.value,
        sinceMs: context.period.sinceMs,
        untilMs: context.period.untilMs,
      });
      if (!plan.ok) {
        yield readErrorItem(where, plan.error);
        return;
      }

      // 2. The query.
      let queryId: string;
      try {
        const out = await client.send(
          new sdk.StartQueryExecutionCommand({
            QueryString: plan.value.sql,
            QueryExecutionContext: { Database: url.database, Catalog: url.catalog },
            ...(url.workgroup === undefined ? {} : { WorkGroup: url.workgroup }),
            ...(url.output === undefined ? {} : { ResultConfiguration: { OutputLocation: url.output } }),
          }),
        );
        if (out.QueryExecutionId === undefined) throw new Error('StartQueryExecution returned no id');
        queryId = out.QueryExecutionId;
      } catch (e) {
        yield readErrorItem(where, `cannot start the query (${describeFatalAwsError(e)})`);
        return;
      }
      const named = `${where} query ${queryId}`;
      progress(() => `${named}: running`);
      let finished: Awaited<ReturnType<typeof waitFor>>;
      try {
        finished = await waitFor(queryId);
      } catch (e) {
        // Left alone, the query would run on, scanning (and billing) what nobody reads.
        await stop(queryId);
        yield readErrorItem(named, `cannot follow the query (${describeFatalAwsError(e)}); it was stopped`);
        return;
      }
      if (finished.timedOut) {
        await stop(queryId);
        yield readErrorItem(named, 'the query did not finish in time; it was stopped');
        return;
      }
      const { state, reason, scannedBytes } = finished.value;
      if (state !== 'SUCCEEDED') {
        yield readErrorItem(
          named,
          `the query ${state === 'CANCELLED' ? 'was cancelled' : 'failed'}${reason === undefined ? '' : `: ${oneLine(reason)}`}`,
        );
        return;
      }
      if (scannedBytes !== undefined) {
        const billed = Math.max(scannedBytes, 10e6);
        context.onNote(
          `${named}: ${(scannedBytes / 1e9).toFixed(3)} GB scanned (about $${((billed / 1e12) * USD_PER_TB).toFixed(4)})`,
        );
      }

      // 3. The rows, a page at a time.
      let token: string | undefined;
      let block = 0;
      let rows = 0;
      let header = true;
      do {
        block++;
        const name = `${named} row block ${block}`;
        let out: GetQueryResultsCommandOutput;
        try {
          out = await client.send(
            new sdk.GetQueryResultsCommand({
              QueryExecutionId: queryId,
              MaxResults: PAGE_ROWS,
              ...(token === undefined ? {} : { NextToken: token }),
            }),
          );
        } catch (e) {
          yield readErrorItem(
            name,
            `cannot read the results (${describeFatalAwsError(e)}); later rows were not read`,
          );
          return;
        }
        let resultRows = out.ResultSet?.Rows ?? [];
        // The first row of the first page repeats the column names.
        if (header && resultRows.length > 0) {
          header = false;
          resultRows = resultRows.slice(1);
        }
        const records = resultRows.map((row) =>
          recordFromRow(
            plan.value.columns,
            (row.Data ?? []).map((d) => d.VarCharValue),
          ),
        );
        rows += records.length;
        if (records.length > 0) yield inputItem(name, { Records: records });
        progress(() => `${named}: ${rows} row(s) read`);
        token = out.NextToken;
      } while (token !== undefined);

      async function stop(id: string): Promise<void> {
        await client.send(new sdk.StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
      }

      async function waitFor(id: string) {
        return pollUntil(
          async () => {
            const out = await client.send(new sdk.GetQueryExecutionCommand({ QueryExecutionId: id }));
            const status = out.QueryExecution?.Status;
            const state = status?.State;
            if (state === 'QUEUED' || state === 'RUNNING' || state === undefined) return undefined;
            const reason = status?.AthenaError?.ErrorMessage ?? status?.StateChangeReason;
            const scannedBytes = out.QueryExecution?.Statistics?.DataScannedInBytes;
            return { state, reason, scannedBytes };
          },
          {
            ...(context.paceClock === undefined ? {} : { clock: context.paceClock }),
            ...(options.poll ?? { timeoutMs: 30 * 60_000 }),
          },
        );
      }
    }
  })();
}

/** A server message on one line and of bounded length (it ends up in a terminal and in JSON). */
const oneLine = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
};
