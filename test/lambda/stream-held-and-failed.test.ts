import type { EventBridgeEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertSink } from '../../functions/adapters/sinks/alert-sink.ts';
import { SinkError } from '../../functions/adapters/sinks/alert-sink.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { createHandler as createEventsHandler } from '../../functions/events/index.ts';
import { CLAIM_WAITS_MS } from '../../functions/lambda/deliver-once.ts';
import { createHandler as createStreamHandler } from '../../functions/stream/index.ts';
import { dynaliteForFile } from '../state/support/dynalite.ts';
import { type CapturedOutput, captureOutput, metricSum } from './helpers/capture-output.ts';
import {
  crossAccountAssumeRole,
  NOW_MS,
  SECRET_ACCESS_KEY,
  SESSION_TOKENS,
  stateEnv,
} from './helpers/records.ts';
import { clockedContext } from './helpers/sqs.ts';
import { subscription } from './helpers/subscription.ts';

// stream, end to end on dynalite: a subscription payload whose alerts partly fail on one sink and are partly
// held by another invocation (the events copy of the same call, still sending). Which error the invocation
// throws decides the Errors alarm (Errors − AlertsHeldInvocations) and Lambda's retry; the retry must send
// only what is missing.

const STREAM_TIMEOUT_MS = 60_000;

const call = (n: string): Record<string, unknown> => ({
  ...crossAccountAssumeRole(),
  eventID: `3c1d4d8e-7d55-4a43-9f0b-${n.padStart(12, '0')}`,
  sharedEventID: `b7e3c4a1-2f9d-4e6a-8c1b-${n.padStart(12, '0')}`,
  requestID: `8f3a2f54-4d6b-4c1e-9d7a-${n.padStart(12, '0')}`,
});
const callOf = (f: Finding): number => Number(f.eventId?.slice(-12));

const eventBridge = (
  record: Record<string, unknown>,
): EventBridgeEvent<'AWS API Call via CloudTrail', unknown> => ({
  version: '0',
  id: '0d9c8b7a-6f5e-4d3c-2b1a-000000000077',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.sts',
  account: '444455556666',
  time: String(record.eventTime),
  region: 'us-east-1',
  resources: [],
  detail: record,
});

/** A sink that refuses the findings of the calls in `failFor` (saying what it did deliver), or is held on a gate. */
function sink(name: AlertSink['name'], options: { failFor?: Set<number>; gate?: Promise<void> } = {}) {
  const sent: Finding[] = [];
  let started: () => void = () => undefined;
  const sending = new Promise<void>((resolve) => {
    started = resolve;
  });
  const failFor = options.failFor ?? new Set<number>();
  return {
    name,
    minSeverity: 'low' as const,
    sent,
    failFor,
    sending,
    async send(findings: readonly Finding[]) {
      started();
      await options.gate;
      const ok = findings.filter((f) => !failFor.has(callOf(f)));
      sent.push(...ok);
      if (ok.length < findings.length) {
        throw new SinkError(
          name,
          findings.length - ok.length,
          findings.length,
          'HTTP 503',
          undefined,
          ok.map((f) => f.id),
        );
      }
    },
  } satisfies AlertSink & Record<string, unknown>;
}

const times = (findings: readonly Finding[]): number => {
  const seen = new Map<string, number>();
  for (const f of findings) seen.set(f.id, (seen.get(f.id) ?? 0) + 1);
  return Math.max(0, ...seen.values());
};
const calls = (findings: readonly Finding[]): number[] =>
  [...new Set(findings.map(callOf))].sort((a, b) => a - b);

const db = dynaliteForFile('rolewatch-stream-held');
let output: CapturedOutput;
afterEach(() => output.restore());

async function setup() {
  output = captureOutput();
  const table = await db.freshTable();
  const clock = { now: NOW_MS };
  const env = stateEnv(table);
  const deps = (sinks: AlertSink[]) => ({
    env,
    sinks,
    dynamodb: db.client(),
    now: () => clock.now,
    sleep: async (ms: number) => {
      clock.now += ms;
    },
  });
  return { table, clock, deps };
}

describe('stream: some alerts fail on one sink while another invocation holds others', () => {
  it('throws AlertDeliveryError (the Errors alarm pages), not AlertsHeldError, and the retry sends only what is missing', async () => {
    const { clock, deps } = await setup();
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    // The events function judges call 11 too and is still publishing it to SNS.
    const otherSns = sink('sns', { gate });
    const other = createEventsHandler(deps([otherSns]))(
      eventBridge(call('11')),
      clockedContext('events', 'req-events', () => clock.now, NOW_MS + 30_000),
    );
    await otherSns.sending;

    const sns = sink('sns');
    const slack = sink('slack', { failFor: new Set([12]) });
    const stream = createStreamHandler(deps([sns, slack]));
    const event = subscription([call('11'), call('12')]);
    const end = clock.now + STREAM_TIMEOUT_MS;
    const error = await stream(
      event,
      clockedContext('stream', 'req-1', () => clock.now, end),
    ).catch((e: Error) => e);

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('AlertDeliveryError');
    expect((error as Error).message).toBe('alerts were not delivered by: slack');
    expect(metricSum(output.emf(), 'AlertsHeldInvocations')).toBe(0);
    expect(metricSum(output.emf(), 'SinkFailures')).toBe(1);
    const logs = output.logs();
    expect(logs.find((l) => l.message === 'invocation failed')?.level).toBe('ERROR');
    expect(logs.some((l) => l.message === 'invocation re-driven: alerts held elsewhere')).toBe(false);
    expect(logs.find((l) => l.message === 'judged')).toMatchObject({ heldAlerts: expect.any(Number) });
    expect(sns.sent.map(callOf)).not.toContain(11);
    expect(calls(sns.sent)).toEqual([12]);
    expect(calls(slack.sent)).toEqual([11]);
    // Neither the error nor any line carries a credential from the records, or who did what.
    const said = `${(error as Error).message}\n${output.text()}`;
    for (const secret of [...SESSION_TOKENS, SECRET_ACCESS_KEY]) expect(said).not.toContain(secret);
    expect((error as Error).message).not.toMatch(/mallory|ProdAdmin|arn:aws/);

    // The events invocation delivers; Slack recovers; Lambda retries the stream event about a minute later.
    open();
    await other;
    slack.failFor.clear();
    clock.now = end + 60_000;
    const summary = await stream(
      event,
      clockedContext('stream', 'req-2', () => clock.now, clock.now + STREAM_TIMEOUT_MS),
    );

    expect(summary.findings).toBeGreaterThan(0);
    expect(calls(sns.sent)).toEqual([12]); // 11 reached SNS through the events function
    expect(calls(otherSns.sent)).toEqual([11]);
    expect(calls(slack.sent)).toEqual([11, 12]);
    expect([times(sns.sent.concat(otherSns.sent)), times(slack.sent)]).toEqual([1, 1]);
  });

  it('throws AlertsHeldError and counts AlertsHeldInvocations when held alerts are the only reason', async () => {
    const { clock, deps } = await setup();
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const otherSns = sink('sns', { gate });
    const other = createEventsHandler(deps([otherSns]))(
      eventBridge(call('21')),
      clockedContext('events', 'req-events', () => clock.now, NOW_MS + 30_000),
    );
    await otherSns.sending;
    const sns = sink('sns');
    const slack = sink('slack');
    const stream = createStreamHandler(deps([sns, slack]));
    const event = subscription([call('21'), call('22')]);
    const start = clock.now;

    const error = await stream(
      event,
      clockedContext('stream', 'req-1', () => clock.now, start + STREAM_TIMEOUT_MS),
    ).catch((e: Error) => e);

    expect((error as Error).name).toBe('AlertsHeldError');
    expect(clock.now - start).toBe(CLAIM_WAITS_MS.reduce((a, b) => a + b, 0));
    expect(metricSum(output.emf(), 'AlertsHeldInvocations')).toBe(1);
    expect(
      output.logs().find((l) => l.message === 'invocation re-driven: alerts held elsewhere')?.level,
    ).toBe('WARN');
    expect(output.logs().some((l) => l.level === 'ERROR')).toBe(false);
    expect(calls(slack.sent)).toEqual([21, 22]);

    open();
    await other;
    clock.now = start + 60_000;
    await stream(
      event,
      clockedContext('stream', 'req-2', () => clock.now, clock.now + STREAM_TIMEOUT_MS),
    );
    expect(calls(sns.sent)).toEqual([22]);
    expect([times(sns.sent.concat(otherSns.sent)), times(slack.sent)]).toEqual([1, 1]);
    expect(calls(otherSns.sent)).toEqual([21]);
  });
});
