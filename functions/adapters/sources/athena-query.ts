import { isComplexType, type ResultColumn } from './athena-record.ts';
import {
  IAM_EVENT_SOURCE,
  IAM_TRUST_EVENT_NAMES,
  STS_EVENT_NAMES,
  STS_EVENT_SOURCE,
} from './source-event-names.ts';

/** A column as the catalog describes it (`GetTableMetadata`). */
export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
}

/** How the table's partitions name a day, so that the `WHERE` prunes them. */
export type DayPartition =
  /**
   * One column holding the day as text: `yyyy/MM/dd` (partition projection, as AWS documents it and the
   * rolewatch construct creates) or `yyyy-MM-dd`. `separator`: the one the table's projection format
   * declares; when the table declares none, both are asked for.
   */
  | {
      readonly kind: 'column';
      readonly column: string;
      readonly separator?: '/' | '-';
      /** The column is of type `date`: compared with `DATE '…'` (Athena refuses `date = varchar`). */
      readonly date?: true;
    }
  /** `year`, `month`, `day` columns (tables partitioned by hand or by a crawler). */
  | { readonly kind: 'ymd' }
  | { readonly kind: 'none' };

export interface AthenaQueryPlan {
  readonly sql: string;
  /** The result columns, in order, and which of them come back as JSON text. */
  readonly columns: readonly ResultColumn[];
}

const REQUIRED = ['eventsource', 'eventname', 'eventtime'];
const DAY_MS = 86_400_000;

const quoteName = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const quoteText = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const list = (values: readonly string[]): string => values.map(quoteText).join(', ');

/**
 * Picks the day partition of a table: `partition` when the URL names one (`none` for none), else a
 * string partition key named `day`, `timestamp`, `dt` or `date`, else `year`/`month`/`day`.
 * An error names what is missing.
 */
export function dayPartitionOf(
  partitionKeys: readonly CatalogColumn[],
  named: string | undefined,
  /** The table's parameters (`projection.<column>.format` says how a projected day is written). */
  parameters: Readonly<Record<string, string>> = {},
): { ok: true; value: DayPartition } | { ok: false; error: string } {
  const picked = pickDayPartition(partitionKeys, named);
  if (!picked.ok || picked.value.kind !== 'column') return picked;
  const { column } = picked.value;
  const type = partitionKeys
    .find((k) => k.name.toLowerCase() === column)
    ?.type.trim()
    .toLowerCase();
  if (type === 'date') return { ok: true, value: { kind: 'column', column, date: true } };
  const format = Object.entries(parameters).find(
    ([k]) => k.toLowerCase() === `projection.${column}.format`,
  )?.[1];
  const separator = /^yyyy([/-])MM\1dd$/.exec(format ?? '')?.[1] as '/' | '-' | undefined;
  return {
    ok: true,
    value: separator === undefined ? { kind: 'column', column } : { kind: 'column', column, separator },
  };
}

function pickDayPartition(
  partitionKeys: readonly CatalogColumn[],
  named: string | undefined,
): { ok: true; value: DayPartition } | { ok: false; error: string } {
  const keys = partitionKeys.map((k) => k.name.toLowerCase());
  if (named !== undefined) {
    if (named.toLowerCase() === 'none') return { ok: true, value: { kind: 'none' } };
    if (!keys.includes(named.toLowerCase())) {
      return {
        ok: false,
        error: `partition=${named}: the table has no such partition key (it has: ${keys.join(', ') || 'none'})`,
      };
    }
    return { ok: true, value: { kind: 'column', column: named.toLowerCase() } };
  }
  if (keys.includes('year') && keys.includes('month') && keys.includes('day')) {
    return { ok: true, value: { kind: 'ymd' } };
  }
  const column = ['day', 'timestamp', 'dt', 'date'].find((k) => keys.includes(k));
  return { ok: true, value: column === undefined ? { kind: 'none' } : { kind: 'column', column } };
}

const dayText = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/');
const secondText = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/**
 * The SQL that selects the credential-issuing STS calls (and the IAM trust changes) of a period from a
 * CloudTrail table: every column of the table (complex ones `CAST(… AS JSON)`, so that a record can be
 * rebuilt field by field), the day partitions of the period plus one day at each end (CloudTrail files
 * a log under its delivery day), then `eventtime` exactly; ordered by time, so that results, and so
 * findings, come in the same order each run. The catalog is the query's context, not part of the name.
 */
export function buildAthenaQuery(options: {
  readonly database: string;
  readonly table: string;
  readonly columns: readonly CatalogColumn[];
  readonly partition: DayPartition;
  readonly sinceMs: number;
  readonly untilMs: number;
}): { ok: true; value: AthenaQueryPlan } | { ok: false; error: string } {
  const names = options.columns.map((c) => c.name.toLowerCase());
  const missing = REQUIRED.filter((r) => !names.includes(r));
  if (missing.length > 0) {
    return { ok: false, error: `not a CloudTrail table: no ${missing.join(', ')} column` };
  }
  const columns: ResultColumn[] = options.columns.map((c) => ({
    name: c.name.toLowerCase(),
    json: isComplexType(c.type),
  }));
  const select = columns
    .map((c) => (c.json ? `CAST(${quoteName(c.name)} AS JSON) AS ${quoteName(c.name)}` : quoteName(c.name)))
    .join(',\n       ');
  const fromDay = dayText(options.sinceMs - DAY_MS);
  const toDay = dayText(options.untilMs - 1 + DAY_MS);
  const where = [
    `eventsource IN (${list([STS_EVENT_SOURCE, IAM_EVENT_SOURCE])})`,
    `eventname IN (${list([...STS_EVENT_NAMES, ...IAM_TRUST_EVENT_NAMES])})`,
  ];
  if (options.partition.kind === 'column' && options.partition.date === true) {
    const date = (day: string): string => `DATE ${quoteText(day.replaceAll('/', '-'))}`;
    where.push(`${quoteName(options.partition.column)} BETWEEN ${date(fromDay)} AND ${date(toDay)}`);
  } else if (options.partition.kind === 'column') {
    const column = quoteName(options.partition.column);
    const range = (sep: string): string =>
      `${column} BETWEEN ${quoteText(fromDay.replaceAll('/', sep))} AND ${quoteText(toDay.replaceAll('/', sep))}`;
    const sep = options.partition.separator;
    // A day written 2026-11-01 compares below '2026/10/31' ('-' sorts before '/'): with the format unknown,
    // asking for one spelling only would read nothing and say nothing.
    where.push(sep === undefined ? `(${range('/')} OR ${range('-')})` : range(sep));
  } else if (options.partition.kind === 'ymd') {
    where.push(
      `concat("year", '/', "month", '/', "day") BETWEEN ${quoteText(fromDay)} AND ${quoteText(toDay)}`,
    );
  }
  where.push(`eventtime >= ${quoteText(secondText(options.sinceMs))}`);
  where.push(`eventtime < ${quoteText(secondText(Math.ceil(options.untilMs / 1000) * 1000))}`);
  const order = names.includes('eventid') ? 'eventtime, eventid' : 'eventtime';
  const sql =
    `SELECT ${select}\n` +
    `FROM ${quoteName(options.database)}.${quoteName(options.table)}\n` +
    `WHERE ${where.join('\n  AND ')}\n` +
    `ORDER BY ${order}`;
  return { ok: true, value: { sql, columns } };
}
