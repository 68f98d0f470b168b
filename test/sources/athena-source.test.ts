import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { athenaSource } from '../../functions/adapters/sources/athena-source.ts';
import type { RemoteSourceContext } from '../../functions/adapters/sources/remote-source-context.ts';
import type { AthenaSourceUrl } from '../../functions/adapters/sources/source-url.ts';
import { normalizeRecord } from '../../functions/core/normalize/normalize-record.ts';
import type { SourceItem } from '../../functions/core/pipeline/source-item.ts';
import {
  CLOUDTRAIL_PARTITION_KEYS,
  CLOUDTRAIL_TABLE_COLUMNS,
} from '../../infra/constructs/cloudtrail-table-schema.ts';
import { stubAwsEnv } from '../support/aws-env.ts';
import type { AwsJsonServer } from '../support/aws-json-server.ts';
import { type FakeAthenaOptions, startFakeAthena } from '../support/fake-athena.ts';
import { collect, QUICK } from '../support/source-harness.ts';
import { type CloudTrailRecord, demoTrail } from '../support/trail-objects.ts';

const URL: AthenaSourceUrl = {
  scheme: 'athena',
  database: 'rolewatch',
  table: 'cloudtrail',
  workgroup: 'rolewatch',
  catalog: 'AwsDataCatalog',
};
const PERIOD = { sinceMs: Date.parse('2026-11-01T00:00:00Z'), untilMs: Date.parse('2026-11-02T00:00:00Z') };

let records: CloudTrailRecord[];
const servers: AwsJsonServer[] = [];
beforeAll(() => {
  records = demoTrail(3000).records;
});
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const s of servers.splice(0)) await s.stop();
});

async function athena(options: Partial<FakeAthenaOptions> = {}) {
  const server = await startFakeAthena(records, {
    database: 'rolewatch',
    table: 'cloudtrail',
    columns: CLOUDTRAIL_TABLE_COLUMNS,
    partitionKeys: CLOUDTRAIL_PARTITION_KEYS,
    ...options,
  });
  servers.push(server);
  // The real client finds the stand-in through AWS_ENDPOINT_URL_ATHENA.
  stubAwsEnv({ ATHENA: server.endpoint });
  return server;
}

function context(): RemoteSourceContext & { notes: string[] } {
  const notes: string[] = [];
  return { period: PERIOD, env: process.env, onNote: (n) => notes.push(n), notes };
}

const recordsIn = (items: readonly SourceItem[]): CloudTrailRecord[] =>
  items.flatMap((i) =>
    'input' in i
      ? (JSON.parse(Buffer.from(i.input.bytes).toString('utf8')) as { Records: CloudTrailRecord[] }).Records
      : [],
  );

const SELECTED = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'AssumeRoot',
  'GetSessionToken',
  'GetFederationToken',
]);

describe('Athena (athena://DATABASE.TABLE?workgroup=W)', () => {
  it('queries the period with its day partitions, follows the result pages and rebuilds the records', async () => {
    const server = await athena();
    const ctx = context();

    const items = await collect(athenaSource({ url: URL, context: ctx, poll: { clock: QUICK } }));

    const expected = records
      .filter((r) => r.eventSource === 'sts.amazonaws.com' && SELECTED.has(String(r.eventName)))
      .filter(
        (r) =>
          Date.parse(String(r.eventTime)) >= PERIOD.sinceMs &&
          Date.parse(String(r.eventTime)) < PERIOD.untilMs,
      )
      .sort(
        (a, b) =>
          String(a.eventTime).localeCompare(String(b.eventTime)) ||
          String(a.eventID).localeCompare(String(b.eventID)),
      );
    const rebuilt = recordsIn(items);
    expect(rebuilt.map((r) => r.eventID)).toEqual(expected.map((r) => r.eventID));
    rebuilt.forEach((r, i) => {
      expect(normalizeRecord(r, { file: 'x' })).toEqual(normalizeRecord(expected[i], { file: 'x' }));
    });
    const [execution] = server.executions;
    expect(execution).toMatchObject({
      workGroup: 'rolewatch',
      database: 'rolewatch',
      catalog: 'AwsDataCatalog',
    });
    expect(execution!.sql).toContain(`"day" BETWEEN '2026/10/31' AND '2026/11/02'`);
    expect(items.map((i) => ('input' in i ? i.input.name : ''))).toEqual([
      `athena://rolewatch.cloudtrail query ${execution!.id} row block 1`,
      `athena://rolewatch.cloudtrail query ${execution!.id} row block 2`,
    ]);
    expect(ctx.notes).toEqual([
      `athena://rolewatch.cloudtrail query ${execution!.id}: 0.052 GB scanned (about $0.0003)`,
    ]);
  });

  it.each([
    ['FAILED', "the query failed: COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved"],
    ['CANCELLED', 'the query was cancelled: Query cancelled by user'],
  ] as const)('makes a %s query one input error naming it', async (state, message) => {
    const reason =
      state === 'FAILED'
        ? "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved"
        : 'Query cancelled by user';
    const server = await athena({ outcome: { state, reason } });

    const items = await collect(athenaSource({ url: URL, context: context(), poll: { clock: QUICK } }));

    expect(items).toEqual([
      {
        error: {
          kind: 'read',
          message,
          location: { file: `athena://rolewatch.cloudtrail query ${server.executions[0]!.id}` },
        },
      },
    ]);
  });

  it('stops a query that does not finish in time', async () => {
    const server = await athena({ pollsBeforeDone: 100_000 });

    const items = await collect(
      athenaSource({ url: URL, context: context(), poll: { clock: QUICK, timeoutMs: 300 } }),
    );

    const id = server.executions[0]!.id;
    expect(server.stopped).toEqual([id]);
    expect(items).toEqual([
      {
        error: {
          kind: 'read',
          message: 'the query did not finish in time; it was stopped',
          location: { file: `athena://rolewatch.cloudtrail query ${id}` },
        },
      },
    ]);
  });

  it('stops a query it cannot follow, so that it does not run on and bill unread', async () => {
    const server = await athena({
      followError: {
        type: 'AccessDeniedException',
        message: 'not authorized to perform athena:GetQueryExecution',
      },
    });

    const items = await collect(athenaSource({ url: URL, context: context(), poll: { clock: QUICK } }));

    const id = server.executions[0]!.id;
    expect(server.stopped).toEqual([id]);
    expect(items).toEqual([
      {
        error: {
          kind: 'read',
          message: 'cannot follow the query (AccessDeniedException, HTTP 400); it was stopped',
          location: { file: `athena://rolewatch.cloudtrail query ${id}` },
        },
      },
    ]);
  });

  it('reads a table whose day partition is a date column', async () => {
    const server = await athena({ partitionKeys: [{ name: 'dt', type: 'date' }] });

    const items = await collect(athenaSource({ url: URL, context: context(), poll: { clock: QUICK } }));

    expect(items.filter((i) => 'error' in i)).toEqual([]);
    expect(recordsIn(items)).toHaveLength(server.executions[0]!.rows);
    expect(server.executions[0]!.rows).toBeGreaterThan(0);
  });

  it('names a table that does not exist', async () => {
    await athena();

    const items = await collect(
      athenaSource({ url: { ...URL, table: 'missing' }, context: context(), poll: { clock: QUICK } }),
    );

    expect(items).toEqual([
      {
        error: {
          kind: 'read',
          message: "cannot read the table's columns (MetadataException, HTTP 400)",
          location: { file: 'athena://rolewatch.missing' },
        },
      },
    ]);
  });

  it('warns that a table without a day partition is read whole', async () => {
    const server = await athena({ partitionKeys: [] });
    const ctx = context();

    await collect(athenaSource({ url: URL, context: ctx, poll: { clock: QUICK } }));

    expect(ctx.notes[0]).toMatch(
      /^athena:\/\/rolewatch\.cloudtrail: the table has no day partition: the query reads the whole table/,
    );
    expect(server.executions[0]!.sql).not.toContain('BETWEEN');
  });

  it('says where to set the region when none is configured', async () => {
    await athena();
    vi.stubEnv('AWS_REGION', undefined);

    const items = await collect(athenaSource({ url: URL, context: context(), poll: { clock: QUICK } }));

    expect(items).toEqual([
      {
        error: {
          kind: 'read',
          message: expect.stringMatching(
            /^cannot read the table's columns \(Region is missing: set AWS_REGION \(or a region in your AWS profile\), or give --region\)$/,
          ),
          location: { file: 'athena://rolewatch.cloudtrail' },
        },
      },
    ]);
  });
});
