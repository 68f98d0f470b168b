import { athenaRow, type DeclaredColumn, parseHiveType } from './athena-rows.ts';
import { type AwsJsonCall, AwsJsonError, type AwsJsonServer, startAwsJsonServer } from './aws-json-server.ts';

type CloudTrailRecord = Record<string, unknown>;

export interface FakeAthenaOptions {
  readonly database: string;
  readonly table: string;
  readonly columns: readonly DeclaredColumn[];
  readonly partitionKeys: readonly DeclaredColumn[];
  /** `GetQueryExecution` answers QUEUED, then RUNNING, this many times in all before the outcome. @default 2 */
  readonly pollsBeforeDone?: number;
  /** A final state other than SUCCEEDED, with its reason. */
  readonly outcome?: { readonly state: 'FAILED' | 'CANCELLED'; readonly reason: string };
  /** `GetQueryExecution` answers this error (HTTP 400) while the query goes on running. */
  readonly followError?: { readonly type: string; readonly message: string };
}

/** A query as the stand-in received it. */
export interface FakeExecution {
  readonly id: string;
  readonly sql: string;
  readonly workGroup: string | undefined;
  readonly database: string | undefined;
  readonly catalog: string | undefined;
  readonly rows: number;
}

const listIn = (sql: string, column: string): string[] | undefined => {
  const m = new RegExp(`${column} IN \\(([^)]*)\\)`).exec(sql);
  return m?.[1]?.split(',').map((s) => s.trim().replace(/^'|'$/g, ''));
};
const bound = (sql: string, op: string): string | undefined =>
  new RegExp(`eventtime ${op} '([^']+)'`).exec(sql)?.[1];

/**
 * Athena on loopback over one CloudTrail table. It answers `GetTableMetadata` from the declared
 * columns, runs the `SELECT` rolewatch sends as far as rolewatch uses SQL (the `eventsource`/
 * `eventname IN (…)` lists, the `eventtime` range, `ORDER BY eventtime, eventid`), refuses a complex
 * column selected without `CAST(… AS JSON)` (Athena would print it as `{a=b, …}`), and returns the
 * rows as Athena does (see athena-rows.ts): the header row first, at most 1,000 rows a page.
 */
export async function startFakeAthena(
  records: readonly CloudTrailRecord[],
  options: FakeAthenaOptions,
): Promise<AwsJsonServer & { readonly executions: FakeExecution[]; readonly stopped: string[] }> {
  const executions: FakeExecution[] = [];
  const stopped: string[] = [];
  const results = new Map<
    string,
    { header: string[]; rows: (string | undefined)[][]; polls: number; failure?: string }
  >();

  const server = await startAwsJsonServer('AmazonAthena', {
    GetTableMetadata(call: AwsJsonCall) {
      const { CatalogName, DatabaseName, TableName } = call.input as Record<string, string>;
      if (
        CatalogName !== 'AwsDataCatalog' ||
        DatabaseName !== options.database ||
        TableName !== options.table
      ) {
        throw new AwsJsonError('MetadataException', `Table ${DatabaseName}.${TableName} not found`);
      }
      return {
        TableMetadata: {
          Name: options.table,
          TableType: 'EXTERNAL_TABLE',
          Columns: options.columns.map((c) => ({ Name: c.name, Type: c.type })),
          PartitionKeys: options.partitionKeys.map((c) => ({ Name: c.name, Type: c.type })),
        },
      };
    },
    StartQueryExecution(call: AwsJsonCall) {
      const input = call.input as {
        QueryString: string;
        WorkGroup?: string;
        QueryExecutionContext?: { Database?: string; Catalog?: string };
      };
      const sql = input.QueryString;
      const from = /FROM "([^"]+)"\."([^"]+)"/.exec(sql);
      if (from?.[1] !== options.database || from[2] !== options.table) {
        throw new AwsJsonError('InvalidRequestException', 'Table not found');
      }
      const select = /^SELECT ([\s\S]*?)\nFROM/.exec(sql)?.[1] ?? '';
      const selected = select.split(/,\s*\n?\s*/).map((part) => {
        const cast = /^CAST\("([^"]+)" AS JSON\) AS "([^"]+)"$/.exec(part.trim());
        return cast === null
          ? { name: part.trim().replace(/"/g, ''), cast: false }
          : { name: cast[1]!, cast: true };
      });
      const columns = selected.map((s) => {
        const declared = options.columns.find((c) => c.name === s.name);
        if (declared === undefined)
          throw new AwsJsonError('InvalidRequestException', `COLUMN_NOT_FOUND: ${s.name}`);
        if (parseHiveType(declared.type).kind !== 'primitive' && !s.cast) {
          throw new AwsJsonError(
            'InvalidRequestException',
            `stand-in: ${s.name} selected without CAST AS JSON`,
          );
        }
        return declared;
      });
      // Trino compares a date only with a date: `dt BETWEEN '2026-11-01' AND …` fails analysis.
      const mistyped = options.partitionKeys.find(
        (k) => k.type === 'date' && new RegExp(`"${k.name}" BETWEEN '`).test(sql),
      );
      const failure =
        mistyped === undefined
          ? undefined
          : `TYPE_MISMATCH: line 1:1: Cannot check if date is BETWEEN varchar(10) and varchar(10)`;
      const sources = listIn(sql, 'eventsource');
      const names = listIn(sql, 'eventname');
      const since = bound(sql, '>=');
      const until = bound(sql, '<');
      const matching = records
        .filter((r) => sources === undefined || sources.includes(String(r.eventSource)))
        .filter((r) => names === undefined || names.includes(String(r.eventName)))
        .filter(
          (r) =>
            (since === undefined || String(r.eventTime) >= since) &&
            (until === undefined || String(r.eventTime) < until),
        )
        .sort(
          (a, b) =>
            String(a.eventTime).localeCompare(String(b.eventTime)) ||
            String(a.eventID).localeCompare(String(b.eventID)),
        );
      const id = `a1b2c3d4-0000-4000-8000-${String(executions.length + 1).padStart(12, '0')}`;
      executions.push({
        id,
        sql,
        workGroup: input.WorkGroup,
        database: input.QueryExecutionContext?.Database,
        catalog: input.QueryExecutionContext?.Catalog,
        rows: matching.length,
      });
      results.set(id, {
        ...(failure === undefined ? {} : { failure }),
        header: columns.map((c) => c.name),
        rows: matching.map((r) => athenaRow(r, columns)),
        polls: 0,
      });
      return { QueryExecutionId: id };
    },
    GetQueryExecution(call: AwsJsonCall) {
      if (options.followError !== undefined)
        throw new AwsJsonError(options.followError.type, options.followError.message);
      const id = String(call.input.QueryExecutionId);
      const state = results.get(id);
      if (state === undefined)
        throw new AwsJsonError('InvalidRequestException', `QueryExecution ${id} was not found`);
      const polls = state.polls++;
      const waiting = options.pollsBeforeDone ?? 2;
      const done = polls >= waiting;
      const final = stopped.includes(id)
        ? 'CANCELLED'
        : state.failure !== undefined
          ? 'FAILED'
          : (options.outcome?.state ?? 'SUCCEEDED');
      const reason = state.failure ?? options.outcome?.reason;
      return {
        QueryExecution: {
          QueryExecutionId: id,
          Status: {
            State: done ? final : polls === 0 ? 'QUEUED' : 'RUNNING',
            ...(done && reason !== undefined && final !== 'SUCCEEDED' ? { StateChangeReason: reason } : {}),
          },
          Statistics: { DataScannedInBytes: done ? 52_428_800 : 0 },
        },
      };
    },
    GetQueryResults(call: AwsJsonCall) {
      const input = call.input as { QueryExecutionId: string; MaxResults?: number; NextToken?: string };
      const state = results.get(input.QueryExecutionId);
      if (state === undefined)
        throw new AwsJsonError('InvalidRequestException', 'Query has not yet finished');
      const max = input.MaxResults ?? 1000;
      if (max > 1000) throw new AwsJsonError('InvalidRequestException', 'MaxResults must be at most 1000');
      // The header row counts as one of the first page's rows.
      const all = [state.header, ...state.rows];
      const offset = input.NextToken === undefined ? 0 : Number(input.NextToken.slice('page-'.length));
      const page = all.slice(offset, offset + max);
      const next = offset + max < all.length ? `page-${offset + max}` : undefined;
      return {
        ResultSet: {
          Rows: page.map((row) => ({ Data: row.map((v) => (v === undefined ? {} : { VarCharValue: v })) })),
          ResultSetMetadata: {
            ColumnInfo: state.header.map((name) => ({ Name: name, Label: name, Type: 'varchar' })),
          },
        },
        ...(next === undefined ? {} : { NextToken: next }),
      };
    },
    StopQueryExecution(call: AwsJsonCall) {
      stopped.push(String(call.input.QueryExecutionId));
      return {};
    },
  });
  return Object.assign(server, { executions, stopped });
}
