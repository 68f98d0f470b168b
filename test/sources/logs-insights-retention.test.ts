import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { logsInsightsSource } from '../../functions/adapters/sources/logs-insights-source.ts';
import type { RemoteSourceContext } from '../../functions/adapters/sources/remote-source-context.ts';
import type { SourceItem } from '../../functions/core/pipeline/source-item.ts';
import { stubAwsEnv } from '../support/aws-env.ts';
import type { AwsJsonServer } from '../support/aws-json-server.ts';
import { startFakeLogsInsights } from '../support/fake-logs-insights.ts';
import { collect, QUICK } from '../support/source-harness.ts';
import { type CloudTrailRecord, demoTrail } from '../support/trail-objects.ts';

const GROUP = 'aws-cloudtrail-logs-111122223333-1a2b3c4d';
/** The demo trail starts 2026-11-01T00:00Z; the log group was created then (or keeps nothing older). */
const READABLE_FROM = Date.parse('2026-11-01T00:00:00Z');

let demo: CloudTrailRecord[];
const servers: AwsJsonServer[] = [];
beforeAll(() => {
  demo = demoTrail(400).records;
});
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const s of servers.splice(0)) await s.stop();
});

async function run(sinceMs: number, untilMs: number) {
  const server = await startFakeLogsInsights(demo, { logGroup: GROUP, readableFromMs: READABLE_FROM });
  servers.push(server);
  stubAwsEnv({ CLOUDWATCH_LOGS: server.endpoint });
  const notes: string[] = [];
  const context: RemoteSourceContext = {
    period: { sinceMs, untilMs },
    env: process.env,
    onNote: (n) => notes.push(n),
  };
  // Three rows a window: the log group's first hour alone (4) is over that, so the empty weeks before it are a
  // window of their own, ending where the log group begins.
  const items = await collect(
    logsInsightsSource({ url: { scheme: 'logs', logGroup: GROUP }, context, targetRows: 3, clock: QUICK }),
  );
  return { items, notes, server };
}

const errorsIn = (items: readonly SourceItem[]) => items.flatMap((i) => ('error' in i ? [i] : []));
const eventIds = (items: readonly SourceItem[]): unknown[] =>
  items.flatMap((i) => {
    if (!('input' in i)) return [];
    const payload = JSON.parse(Buffer.from(i.input.bytes).toString('utf8')) as {
      logEvents: { message: string }[];
    };
    return payload.logEvents.map((e) => (JSON.parse(e.message) as CloudTrailRecord).eventID);
  });

describe('logs:// over a period that starts before the log group holds events', () => {
  it('reads a window counted empty that Insights refuses for ending before the group as empty, with one note', async () => {
    const sinceMs = Date.parse('2026-10-01T00:00:00Z');
    const untilMs = Date.parse('2026-11-03T00:00:00Z');
    const { items, notes, server } = await run(sinceMs, untilMs);

    // The weeks before the group were a window of their own, and Insights refused it ...
    expect(server.refused).toEqual([{ startTime: sinceMs / 1000, endTime: READABLE_FROM / 1000 - 1 }]);
    // ... and it is not an input error: the count had found nothing there, and nothing is there.
    expect(errorsIn(items)).toEqual([]);
    expect(notes.filter((n) => n.includes('no events before 2026-11-01T00:00:00.000Z'))).toHaveLength(1);
    // The same events as a period that starts where the log group does.
    const fromStart = await run(READABLE_FROM, untilMs);
    expect(errorsIn(fromStart.items)).toEqual([]);
    expect(eventIds(items)).toEqual(eventIds(fromStart.items));
    expect(eventIds(items).length).toBeGreaterThan(100);
  });

  it('still reports a period that lies entirely before the group as an input error, saying why', async () => {
    // Entirely before: the count query is refused too, so nothing says the window is empty.
    const { items } = await run(Date.parse('2026-10-01T00:00:00Z'), Date.parse('2026-10-15T00:00:00Z'));
    const errors = errorsIn(items);
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain(
      'the group was created later, or its retention has deleted what came before',
    );
  });
});
