import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { logsInsightsSource } from '../../functions/adapters/sources/logs-insights-source.ts';
import type { RemoteSourceContext } from '../../functions/adapters/sources/remote-source-context.ts';
import type { SourceItem } from '../../functions/core/pipeline/source-item.ts';
import { stubAwsEnv } from '../support/aws-env.ts';
import type { AwsJsonServer } from '../support/aws-json-server.ts';
import {
  type FakeLogsInsightsOptions,
  type FakeQuery,
  startFakeLogsInsights,
} from '../support/fake-logs-insights.ts';
import { collect, QUICK, virtualClock } from '../support/source-harness.ts';
import { type CloudTrailRecord, demoTrail, fixtureRecords } from '../support/trail-objects.ts';

const GROUP = 'aws-cloudtrail-logs-111122223333-1a2b3c4d';
const PERIOD = { sinceMs: Date.parse('2026-11-01T00:00:00Z'), untilMs: Date.parse('2026-11-02T00:00:00Z') };
const SELECTED = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'AssumeRoot',
  'GetSessionToken',
  'GetFederationToken',
  'CreateRole',
  'UpdateAssumeRolePolicy',
  'UpdateRole',
]);

let demo: CloudTrailRecord[];
const servers: AwsJsonServer[] = [];
beforeAll(() => {
  demo = demoTrail(400).records;
});
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const s of servers.splice(0)) await s.stop();
});

async function logs(records: readonly CloudTrailRecord[], options: Partial<FakeLogsInsightsOptions> = {}) {
  const server = await startFakeLogsInsights(records, { logGroup: GROUP, ...options });
  servers.push(server);
  // The real client finds the stand-in through AWS_ENDPOINT_URL_CLOUDWATCH_LOGS ("CloudWatch Logs").
  stubAwsEnv({ CLOUDWATCH_LOGS: server.endpoint });
  return server;
}

function context(period = PERIOD): RemoteSourceContext & { notes: string[] } {
  const notes: string[] = [];
  return { period, env: process.env, onNote: (n) => notes.push(n), notes };
}

/** The records inside the decoded CloudWatch Logs payloads, in order. */
const recordsIn = (items: readonly SourceItem[]): CloudTrailRecord[] =>
  items.flatMap((i) => {
    if (!('input' in i)) return [];
    const payload = JSON.parse(Buffer.from(i.input.bytes).toString('utf8')) as {
      messageType: string;
      logEvents: { message: string }[];
    };
    expect(payload.messageType).toBe('DATA_MESSAGE');
    return payload.logEvents.map((e) => JSON.parse(e.message) as CloudTrailRecord);
  });

const inPeriod = (r: CloudTrailRecord, p = PERIOD): boolean => {
  const t = Date.parse(String(r.eventTime));
  return t >= p.sinceMs && t < p.untilMs;
};
const rowQueries = (queries: readonly FakeQuery[]): FakeQuery[] =>
  queries.filter((q) => !q.queryString.includes('stats count'));

describe('CloudWatch Logs Insights (logs://LOG_GROUP)', () => {
  it('counts per hour, then reads planned windows that cover the period once, each as a decoded Logs payload', async () => {
    const server = await logs(demo);

    const items = await collect(
      logsInsightsSource({
        url: { scheme: 'logs', logGroup: GROUP },
        context: context(),
        targetRows: 20,
        clock: QUICK,
      }),
    );

    const expected = demo.filter((r) => SELECTED.has(String(r.eventName)) && inPeriod(r));
    expect(recordsIn(items).map((r) => r.eventID)).toEqual(
      [...expected]
        .sort((a, b) => Date.parse(String(a.eventTime)) - Date.parse(String(b.eventTime)))
        .map((r) => r.eventID),
    );
    expect(server.queries[0]!.queryString).toContain('stats count(*) as events by bin(1h)');
    const windows = rowQueries(server.queries)
      .map((q) => [q.startTime, q.endTime] as const)
      .sort((a, b) => a[0] - b[0]);
    expect(windows.length).toBeGreaterThan(5);
    expect(windows[0]![0]).toBe(PERIOD.sinceMs / 1000);
    expect(windows.at(-1)![1]).toBe(PERIOD.untilMs / 1000 - 1);
    for (let i = 1; i < windows.length; i++) expect(windows[i]![0]).toBe(windows[i - 1]![1] + 1);
    expect((items[0] as { input: { name: string } }).input.name).toMatch(
      new RegExp(`^logs://${GROUP} 2026-11-01T\\d\\d:\\d\\dZ\\.\\.\\d\\d:\\d\\d(:\\d\\d)?Z$`),
    );
  });

  it('splits a window that returns the 10,000-row limit and reads every event exactly once', async () => {
    // 10,500 calls in the first half of an hour: the hourly count plans two half-hours, and the first
    // still returns the limit, so it is halved.
    const template = fixtureRecords().find((r) => r.eventName === 'AssumeRole' && r.errorCode === undefined)!;
    const t0 = Date.parse('2026-11-01T05:00:00Z');
    const burst = Array.from({ length: 10_500 }, (_, i) => ({
      ...template,
      eventID: `burst-${String(i).padStart(5, '0')}`,
      eventTime: `${new Date(t0 + Math.floor((i * 1_800_000) / 10_500)).toISOString().slice(0, 19)}Z`,
    }));
    const server = await logs(burst);
    const period = { sinceMs: t0 - 3_600_000, untilMs: t0 + 2 * 3_600_000 };

    const items = await collect(
      logsInsightsSource({
        url: { scheme: 'logs', logGroup: GROUP },
        context: context(period),
        clock: QUICK,
      }),
    );

    const ids = recordsIn(items).map((r) => r.eventID);
    expect(ids).toHaveLength(10_500);
    expect(new Set(ids).size).toBe(10_500);
    expect(items.some((i) => 'error' in i)).toBe(false);
    // The quiet hour before, the half-hour at the limit and its two halves, the quiet half-hour and hour after.
    expect(
      rowQueries(server.queries)
        .map((q) => q.rows)
        .sort((a, b) => a - b),
    ).toEqual([0, 0, 0, 5250, 5250, 10_000]);
    expect(Math.max(...items.map((i) => ('input' in i ? recordsIn([i]).length : 0)))).toBeLessThan(10_000);
  }, 30_000);

  it('makes a failed query an input error naming its window, and reads the other windows', async () => {
    const failAt = Date.parse('2026-11-01T12:30:00Z') / 1000;
    await logs(demo, {
      outcome: (q) =>
        !q.queryString.includes('stats count') && q.startTime <= failAt && q.endTime >= failAt
          ? 'Failed'
          : undefined,
    });

    const items = await collect(
      logsInsightsSource({
        url: { scheme: 'logs', logGroup: GROUP },
        context: context(),
        targetRows: 20,
        clock: QUICK,
      }),
    );

    const errors = items.filter((i) => 'error' in i);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toEqual({
      error: {
        kind: 'read',
        message: expect.stringMatching(/^query q-\d+ ended Failed$/),
        location: { file: expect.stringMatching(new RegExp(`^logs://${GROUP} 2026-11-01T1[0-2]:\\d\\d`)) },
      },
    });
    expect(recordsIn(items).length).toBeGreaterThan(100);
  });

  it('stops a query that does not finish in time and reports its window', async () => {
    const server = await logs(fixtureRecords(), { pollsBeforeDone: 10_000 });

    const items = await collect(
      logsInsightsSource({
        url: { scheme: 'logs', logGroup: GROUP },
        context: context(),
        clock: QUICK,
        poll: { timeoutMs: 150 },
      }),
    );

    expect(items).toEqual([
      {
        error: {
          kind: 'read',
          message: expect.stringMatching(/^query q-2 did not finish in time; stopped$/),
          location: { file: `logs://${GROUP} 2026-11-01T00:00Z..2026-11-02T00:00Z` },
        },
      },
    ]);
    expect(server.stopped).toEqual(['q-1', 'q-2']);
  });

  it('waits for a query as long as Insights runs it (60 minutes), and reports one Insights timed out', async () => {
    // A query over a busy week can run for many minutes: Insights allows 60 before it ends it `Timeout`.
    const clock = virtualClock();
    await logs(demo, { runsForMs: 25 * 60_000, clock: clock.now });
    // Checks a minute apart keep the test short; how long a query is awaited is the source's default.
    const poll = { maxDelayMs: 60_000 };

    const items = await collect(
      logsInsightsSource({ url: { scheme: 'logs', logGroup: GROUP }, context: context(), clock, poll }),
    );

    expect(items.filter((i) => 'error' in i)).toEqual([]);
    expect(recordsIn(items).length).toBeGreaterThan(0);

    const clock2 = virtualClock();
    const server = await logs(demo, { runsForMs: 90 * 60_000, clock: clock2.now });
    const ctx = context();
    const timedOut = await collect(
      logsInsightsSource({ url: { scheme: 'logs', logGroup: GROUP }, context: ctx, clock: clock2, poll }),
    );

    expect(ctx.notes[0]).toMatch(/counting events per hour failed \(query q-1 ended Timeout\)/);
    expect(timedOut).toEqual([
      {
        error: {
          kind: 'read',
          message: 'query q-2 ended Timeout',
          location: { file: `logs://${GROUP} 2026-11-01T00:00Z..2026-11-02T00:00Z` },
        },
      },
    ]);
    expect(server.stopped).toEqual([]);
  });

  it('waits for a free query slot when the account is at its concurrent-query limit', async () => {
    const server = await logs(demo, { maxConcurrent: 2 });

    const items = await collect(
      logsInsightsSource({
        url: { scheme: 'logs', logGroup: GROUP },
        context: context(),
        targetRows: 20,
        concurrency: 4,
        clock: QUICK,
      }),
    );

    const refused = server.calls.filter((c) => c.operation === 'StartQuery').length - server.queries.length;
    expect(refused).toBeGreaterThan(0);
    expect(items.some((i) => 'error' in i)).toBe(false);
    expect(recordsIn(items)).toHaveLength(
      demo.filter((r) => SELECTED.has(String(r.eventName)) && inPeriod(r)).length,
    );
  });

  it('stops a query whose results it cannot read, so that it does not run on and bill unread', async () => {
    const server = await logs(demo, {
      followError: {
        type: 'AccessDeniedException',
        message: 'not authorized to perform logs:GetQueryResults',
      },
    });

    const items = await collect(
      logsInsightsSource({ url: { scheme: 'logs', logGroup: GROUP }, context: context(), clock: QUICK }),
    );

    expect(server.stopped).toEqual(['q-1', 'q-2']);
    expect(items).toEqual([
      {
        error: {
          kind: 'read',
          message: 'query q-2 failed (AccessDeniedException, HTTP 400); stopped',
          location: { file: `logs://${GROUP} 2026-11-01T00:00Z..2026-11-02T00:00Z` },
        },
      },
    ]);
  });

  it('names a log group that does not exist', async () => {
    await logs(demo);
    const ctx = context();

    const items = await collect(
      logsInsightsSource({ url: { scheme: 'logs', logGroup: 'no-such-group' }, context: ctx, clock: QUICK }),
    );

    expect(ctx.notes[0]).toMatch(
      /^logs:\/\/no-such-group: counting events per hour failed \(the query failed \(ResourceNotFoundException, HTTP 400\)\)/,
    );
    expect(items).toEqual([
      {
        error: {
          kind: 'read',
          message: 'the query failed (ResourceNotFoundException, HTTP 400)',
          location: { file: 'logs://no-such-group 2026-11-01T00:00Z..2026-11-02T00:00Z' },
        },
      },
    ]);
  });

  it('stops with one error that says to check the credentials when there are none', async () => {
    const server = await logs(demo);
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', undefined);
    const ctx = context();

    const items = await collect(
      logsInsightsSource({ url: { scheme: 'logs', logGroup: GROUP }, context: ctx, clock: QUICK }),
    );

    expect(items).toEqual([
      {
        error: {
          kind: 'read',
          message: expect.stringMatching(
            /^stopped reading: the query failed \(CredentialsProviderError: check the AWS credentials \(.*\)\); nothing was read from this source$/,
          ),
          location: { file: `logs://${GROUP}` },
        },
      },
    ]);
    expect(ctx.notes).toEqual([]);
    expect(server.calls).toEqual([]);
  });
});
