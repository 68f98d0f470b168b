import type { EventBridgeEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertSink } from '../../functions/adapters/sinks/alert-sink.ts';
import { SinkError } from '../../functions/adapters/sinks/alert-sink.ts';
import { createEventBridgeSink } from '../../functions/adapters/sinks/eventbridge-sink.ts';
import { createSnsSink } from '../../functions/adapters/sinks/sns-sink.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { createHandler as createEventsHandler } from '../../functions/events/index.ts';
import { createHandler as createStreamHandler } from '../../functions/stream/index.ts';
import { dynaliteForFile } from '../state/support/dynalite.ts';
import { fixtureRecords, type Json } from '../state/support/stage.ts';
import { type CapturedOutput, captureOutput, fakeContext, metricSum } from './helpers/capture-output.ts';
import { stateEnv, TRUST_FILE } from './helpers/records.ts';
import { subscription } from './helpers/subscription.ts';

// ROLEWATCH_STATE=dynamodb:<table> in the handlers (CONTRACT §6, issue 11), against dynalite with the
// real SDK client: stateful rules, lineage and alert de-duplication across invocations and triggers.

const NOW_MS = Date.parse('2026-11-24T12:00:00Z');

const db = dynaliteForFile('rolewatch-handlers');

async function newTable(): Promise<string> {
  const name = await db.freshTable();
  return name;
}

const eventBridge = (record: Json, n: number): EventBridgeEvent<'AWS API Call via CloudTrail', unknown> => ({
  version: '0',
  id: `0d9c8b7a-6f5e-4d3c-2b1a-${String(n).padStart(12, '0')}`,
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.sts',
  account: '444455556666',
  time: String(record.eventTime),
  region: 'us-east-1',
  resources: [],
  detail: record,
});

/** A sink that records what it delivered; `failures` makes its next sends fail, as after its retries. */
function sink(name: AlertSink['name'] = 'eventbridge') {
  const sent: Finding[] = [];
  let failures = 0;
  return {
    name,
    minSeverity: 'low' as const,
    sent,
    failNext(n: number) {
      failures = n;
    },
    async send(findings: readonly Finding[]) {
      if (failures > 0) {
        failures--;
        throw new SinkError(name, findings.length, findings.length, 'HTTP 503');
      }
      sent.push(...findings.filter((f) => !f.suppressed));
    },
  } satisfies AlertSink & Record<string, unknown>;
}

const rules = (findings: readonly Finding[]) => findings.map((f) => f.rule);

describe('handlers with ROLEWATCH_STATE=dynamodb:<table>', () => {
  let output: CapturedOutput;
  afterEach(() => output.restore());

  it('reports one denied-burst for a burst spread over invocations that arrive out of order', async () => {
    output = captureOutput();
    const table = await newTable();
    const alerts = sink();
    const handler = createEventsHandler({
      env: stateEnv(table),
      sinks: [alerts],
      dynamodb: db.client(),
      now: () => NOW_MS,
    });
    const calls = fixtureRecords('denied-burst/role-enumeration.json').slice(0, 6);

    for (const [i, record] of [5, 4, 3, 0, 1, 2, 4].map((i) => [i, calls[i] as Json] as const)) {
      await handler(eventBridge(record, i), fakeContext('events', `burst-${i}`));
    }

    const bursts = alerts.sent.filter((f) => f.rule === 'denied-burst');
    expect(bursts).toHaveLength(1);
    expect(bursts[0]?.title).toMatch(/build-bot \(IAM user, 444455556666\) was denied 5 credential calls/);
    expect(rules(alerts.sent).filter((r) => r === 'assume-denied')).toHaveLength(6);
  });

  it('alerts a re-driven batch once, counting the repeats in DuplicateFindings', async () => {
    output = captureOutput();
    const table = await newTable();
    const alerts = sink();
    const handler = createStreamHandler({
      env: stateEnv(table),
      sinks: [alerts],
      dynamodb: db.client(),
      now: () => NOW_MS,
    });
    const batch = subscription(fixtureRecords('lineage/user-deploy-admin.json'));

    await handler(batch, fakeContext('stream', 'first'));
    const delivered = alerts.sent.length;
    await handler(batch, fakeContext('stream', 'redriven'));

    expect(delivered).toBeGreaterThan(3);
    expect(rules(alerts.sent)).toContain('first-seen-pair');
    expect(alerts.sent).toHaveLength(delivered);
    expect(metricSum(output.emf(), 'DuplicateFindings', { function: 'stream' })).toBe(delivered);
  });

  it('alerts a finding once across the stream and events functions sharing one table', async () => {
    output = captureOutput();
    const table = await newTable();
    const fromStream = sink();
    const fromEvents = sink();
    const stream = createStreamHandler({
      env: stateEnv(table),
      sinks: [fromStream],
      dynamodb: db.client(),
      now: () => NOW_MS,
    });
    const events = createEventsHandler({
      env: stateEnv(table),
      sinks: [fromEvents],
      dynamodb: db.client(),
      now: () => NOW_MS,
    });
    const [record] = fixtureRecords('rules/first-seen-pair/match.json').slice(1);

    await stream(subscription([record as Json]), fakeContext('stream', 's'));
    await events(eventBridge(record as Json, 1), fakeContext('events', 'e'));

    expect(fromStream.sent.length).toBeGreaterThan(0);
    expect(fromEvents.sent).toEqual([]);
    expect(metricSum(output.emf(), 'DuplicateFindings', { function: 'events' })).toBe(fromStream.sent.length);
  });

  it('does not mark a finding alerted when its delivery failed: the retry alerts again', async () => {
    output = captureOutput();
    const table = await newTable();
    const alerts = sink('slack');
    const handler = createEventsHandler({
      env: stateEnv(table),
      sinks: [alerts],
      dynamodb: db.client(),
      now: () => NOW_MS,
    });
    const [record] = fixtureRecords('rules/first-seen-pair/match.json').slice(1);
    const event = eventBridge(record as Json, 7);

    alerts.failNext(1);
    await expect(handler(event, fakeContext('events', 'try-1'))).rejects.toThrow(/alert/i);
    await handler(event, fakeContext('events', 'try-2'));
    await handler(event, fakeContext('events', 'try-3'));

    const ids = alerts.sent.map((f) => f.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rules(alerts.sent)).toContain('first-seen-pair');
  });

  it('gives up on a sink still retrying as time runs out, having recorded the sinks that delivered', async () => {
    output = captureOutput();
    const table = await newTable();
    const delivered = sink('eventbridge');
    // A Slack that does not answer the first time (its retries would outlast the function), then does.
    const slack = { ...sink('slack'), hangs: true };
    const hanging: AlertSink = {
      name: 'slack',
      minSeverity: 'low',
      send: (findings) => (slack.hangs ? new Promise<void>(() => undefined) : slack.send(findings)),
    };
    let now = NOW_MS;
    const handler = createEventsHandler({
      env: stateEnv(table),
      sinks: [delivered, hanging],
      dynamodb: db.client(),
      now: () => now,
    });
    const [record] = fixtureRecords('rules/first-seen-pair/match.json').slice(1);
    const event = eventBridge(record as Json, 8);
    // 5.05 s left: delivery keeps 5 s back, so it has 50 ms.
    const shortOfTime = { ...fakeContext('events', 'try-1'), getRemainingTimeInMillis: () => 5_050 };

    await expect(handler(event, shortOfTime)).rejects.toThrow(/slack/);
    const first = delivered.sent.length;
    expect(first).toBeGreaterThan(0);
    expect(output.text()).toMatch(/still not delivered when the function had to stop/);

    slack.hangs = false;
    // Lambda retries a failed asynchronous invocation a minute later: past the lease of try-1's claim on
    // the Slack delivery (kept, not released: the Slack call cut off may still have gone through).
    now += 60_000;
    await handler(event, fakeContext('events', 'try-2'));
    // The re-drive alerts only the sink that failed.
    expect(delivered.sent).toHaveLength(first);
    expect(slack.sent.map((f) => f.id).sort()).toEqual(delivered.sent.map((f) => f.id).sort());
  });

  it('re-drives only the findings a sink did not deliver when it delivered some of them', async () => {
    output = captureOutput();
    const table = await newTable();
    // SNS publishes one message per finding and EventBridge takes entries one by one: either can deliver
    // some findings of a batch and give up on others. The first publish of one rule fails, every time.
    const published: string[] = [];
    const put: string[] = [];
    let snsFails = true;
    let ebFails = true;
    const failing = 'external-account';
    const snsClient = {
      async send(command: { input: { Message?: string } }) {
        const message = JSON.parse(command.input.Message ?? '{}') as { finding?: Finding };
        if (snsFails && message.finding?.rule === failing) throw new SinkError('sns', 1, 1, 'HTTP 500');
        if (message.finding !== undefined) published.push(message.finding.id);
        return {};
      },
    };
    const eventBridgeClient = {
      async send(command: { input: { Entries?: { Detail?: string }[] } }) {
        const entries = command.input.Entries ?? [];
        const findings = entries.map((e) => JSON.parse(e.Detail ?? '{}') as Finding);
        const results = findings.map((f) =>
          ebFails && f.rule === failing ? { ErrorCode: 'ValidationException' } : { EventId: f.id },
        );
        for (const f of findings) if (!(ebFails && f.rule === failing)) put.push(f.id);
        return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
      },
    };
    const handler = createEventsHandler({
      env: stateEnv(table),
      sinks: [
        createSnsSink({
          client: snsClient as never,
          topicArn: 'arn:aws:sns:us-east-1:444455556666:alerts',
          minSeverity: 'low',
          retry: { attempts: 1 },
        }),
        createEventBridgeSink({
          client: eventBridgeClient as never,
          eventBusName: 'security',
          minSeverity: 'low',
          retry: { attempts: 1 },
        }),
      ],
      dynamodb: db.client(),
      now: () => NOW_MS,
    });
    const [record] = fixtureRecords('rules/first-seen-pair/match.json').slice(1);
    const event = eventBridge(
      {
        ...(record as Json),
        userIdentity: { ...((record as Json).userIdentity as Json), accountId: '999988887777' },
      },
      9,
    );

    await expect(handler(event, fakeContext('events', 'try-1'))).rejects.toThrow(/sns|eventbridge/);
    expect(published.length).toBeGreaterThan(0);
    snsFails = false;
    ebFails = false;
    await handler(event, fakeContext('events', 'try-2'));

    expect(published).toHaveLength(new Set(published).size);
    expect(put).toHaveLength(new Set(put).size);
    expect(new Set(put)).toEqual(new Set(published));
  });

  it('traces a chained session across invocations: alice (IAM user) → Deploy → Admin', async () => {
    output = captureOutput();
    const table = await newTable();
    const alerts = sink();
    const handler = createEventsHandler({
      env: stateEnv(table),
      sinks: [alerts],
      dynamodb: db.client(),
      now: () => NOW_MS,
    });

    const chain = fixtureRecords('lineage/user-deploy-admin.json');
    for (const [i, record] of chain.entries())
      await handler(eventBridge(record, i), fakeContext('events', `c${i}`));

    const last = alerts.sent.filter((f) => f.actor.display.startsWith('Admin/alice'));
    expect(last.length).toBeGreaterThan(0);
    for (const f of last)
      expect(f.actor.origin?.display).toBe('alice (IAM user, 444455556666) → Deploy → Admin');
  });

  it('reports one first-seen-pair for two concurrent invocations with the same new pair', async () => {
    output = captureOutput();
    const table = await newTable();
    const a = sink();
    const b = sink();
    const [record] = fixtureRecords('rules/first-seen-pair/match.json').slice(1);
    const copy = { ...(record as Json), eventID: 'another-delivery-0001', requestID: 'another-request-0001' };
    const one = createEventsHandler({
      env: stateEnv(table, { ROLEWATCH_DEDUP_HOURS: '0' }),
      sinks: [a],
      dynamodb: db.client(),
      now: () => NOW_MS,
    });
    const two = createEventsHandler({
      env: stateEnv(table, { ROLEWATCH_DEDUP_HOURS: '0' }),
      sinks: [b],
      dynamodb: db.client(),
      now: () => NOW_MS,
    });

    await Promise.all([
      one(eventBridge(record as Json, 1), fakeContext('events', 'x')),
      two(eventBridge(copy, 2), fakeContext('events', 'y')),
    ]);

    expect([...rules(a.sent), ...rules(b.sent)].filter((r) => r === 'first-seen-pair')).toHaveLength(1);
  });

  it('only learns pairs until ROLEWATCH_LEARN_UNTIL, then reports new ones', async () => {
    output = captureOutput();
    const table = await newTable();
    const alerts = sink();
    let now = NOW_MS;
    const handler = createEventsHandler({
      env: stateEnv(table, { ROLEWATCH_LEARN_UNTIL: '2026-11-25' }),
      sinks: [alerts],
      dynamodb: db.client(),
      now: () => now,
    });
    const [baseline, fresh] = fixtureRecords('rules/first-seen-pair/match.json');

    await handler(eventBridge(baseline as Json, 1), fakeContext('events', 'learning'));
    now = Date.parse('2026-11-25T00:00:01Z');
    await handler(eventBridge(baseline as Json, 2), fakeContext('events', 'known'));
    await handler(eventBridge(fresh as Json, 3), fakeContext('events', 'new'));

    const pairs = alerts.sent.filter((f) => f.rule === 'first-seen-pair');
    expect(pairs.map((f) => f.role?.arn)).toEqual(['arn:aws:iam::444455556666:role/Deploy']);
  });

  it('puts the TTL attribute on every item it writes', async () => {
    output = captureOutput();
    const table = await newTable();
    const handler = createStreamHandler({
      env: stateEnv(table),
      sinks: [sink()],
      dynamodb: db.client(),
      now: () => NOW_MS,
    });

    await handler(
      subscription([
        ...fixtureRecords('lineage/user-deploy-admin.json'),
        ...fixtureRecords('denied-burst/role-enumeration.json'),
      ]),
      fakeContext('stream', 'ttl'),
    );

    const items = await db.scan(table);
    const kinds = new Set(items.map((i) => (i.kind as { S: string }).S));
    expect(kinds).toEqual(new Set(['pair', 'burst', 'session', 'alert']));
    for (const item of items) {
      const ttl = Number((item.expiresAt as { N: string }).N);
      expect(ttl).toBeGreaterThan(NOW_MS / 1000 - 10 * 86_400);
    }
  });

  it('keeps state in memory with ROLEWATCH_STATE=memory, where first-seen-pair does not run', async () => {
    output = captureOutput();
    const alerts = sink();
    const handler = createStreamHandler({
      env: { ROLEWATCH_CONFIG: TRUST_FILE, ROLEWATCH_ALERT_SINKS: 'log', ROLEWATCH_STATE: 'memory' },
      sinks: [alerts],
      now: () => NOW_MS,
    });

    await handler(subscription(fixtureRecords('lineage/user-deploy-admin.json')), fakeContext('stream', 'm'));

    expect(rules(alerts.sent)).not.toContain('first-seen-pair');
    expect(alerts.sent.some((f) => f.actor.origin !== undefined)).toBe(true);
    expect(output.logs().some((l) => String(l.message).startsWith('first-seen-pair does not run'))).toBe(
      true,
    );
  });
});
