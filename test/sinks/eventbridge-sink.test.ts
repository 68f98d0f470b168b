import {
  EventBridgeClient,
  InternalException,
  PutEventsCommand,
  type PutEventsRequestEntry,
  ThrottlingException,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SinkError } from '../../functions/adapters/sinks/alert-sink.ts';
import { createEventBridgeSink } from '../../functions/adapters/sinks/eventbridge-sink.ts';
import { fakeSleep, forgedHugeFinding, hostileFinding, manyFindings, secretsIn } from './finding-fixtures.ts';

const ebMock = mockClient(EventBridgeClient);
// Module-level mocks patch the client classes for the whole process: undo them when this file ends.
afterAll(() => {
  for (const m of [ebMock]) m.restore();
});
const batches = (): PutEventsRequestEntry[][] =>
  ebMock.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries ?? []);
const ok = (n: number) => ({
  FailedEntryCount: 0,
  Entries: Array.from({ length: n }, (_, i) => ({ EventId: `e-${i}` })),
});

function sink() {
  const { sleep, delays } = fakeSleep();
  return {
    delays,
    sink: createEventBridgeSink({
      client: new EventBridgeClient({ region: 'us-east-1', maxAttempts: 1 }),
      eventBusName: 'security-alerts',
      minSeverity: 'low',
      retry: { sleep, random: () => 0 },
    }),
  };
}

beforeEach(() => {
  ebMock.reset();
  ebMock.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ok(input.Entries.length));
});

describe('eventbridge sink', () => {
  it('puts one event per finding on the named bus with the finding as detail', async () => {
    await sink().sink.send([hostileFinding()]);

    const entry = batches()[0]?.[0];
    expect(entry?.EventBusName).toBe('security-alerts');
    expect(entry?.Source).toBe('rolewatch');
    expect(entry?.DetailType).toBe('rolewatch finding');
    expect(entry?.Resources).toEqual(['arn:aws:iam::321848314756:role/stratus-red-team-get-usr-data-role']);
    const detail = JSON.parse(entry?.Detail ?? '{}');
    expect(detail.rule).toBe('untrusted-principal');
    expect(detail.session.name).toBe('<!channel> *pwn*');
  });

  it('sends at most 10 entries per call', async () => {
    await sink().sink.send(manyFindings(23));
    expect(batches().map((b) => b.length)).toEqual([10, 10, 3]);
  });

  it('keeps the entries of one call under 256 KB in total, as EventBridge sizes them', async () => {
    // Long attacker-controlled strings (a user agent, an origin chain) make each Detail ~70 KB, so ten
    // entries that each fit would still make a request EventBridge refuses as a whole.
    const chain = Array.from(
      { length: 12 },
      (_, i) => `arn:aws:iam::321848314756:role/${String(i).repeat(2000)}`,
    );
    const big = manyFindings(10).map((f) => ({
      ...f,
      userAgent: '\u200b'.repeat(5000),
      actor: { ...f.actor, origin: { display: 'x'.repeat(5000), chain } },
    }));
    await sink().sink.send(big);

    const sent = batches();
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.flat()).toHaveLength(10);
    for (const b of sent) {
      const size = b.reduce(
        (n, e) =>
          n +
          [e.Source, e.DetailType, e.Detail, ...(e.Resources ?? [])].reduce(
            (m, s) => m + Buffer.byteLength(s ?? '', 'utf8'),
            0,
          ),
        0,
      );
      expect(size).toBeLessThan(256 * 1024);
    }
  });

  it('puts a finding of huge forged strings as one entry under 256 KB, cut shorter, rather than failing', async () => {
    await sink().sink.send([forgedHugeFinding()]);

    const entry = batches()[0]?.[0];
    const size = [entry?.Source, entry?.DetailType, entry?.Detail, ...(entry?.Resources ?? [])].reduce(
      (n, s) => n + Buffer.byteLength(s ?? '', 'utf8'),
      14,
    );
    expect(size).toBeLessThan(256 * 1024);
    expect(JSON.parse(entry?.Detail ?? '{}').userAgent).toMatch(/^\u200b+…$/);
  });

  it('retries only the entries a call reported as failed', async () => {
    ebMock
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 2,
        Entries: [
          { EventId: 'e-0' },
          { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
          { EventId: 'e-2' },
          { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' },
        ],
      })
      .resolves(ok(2));
    const findings = manyFindings(4);
    const { sink: s, delays } = sink();
    await s.send(findings);

    const [first, second] = batches();
    expect(first).toHaveLength(4);
    expect(second?.map((e) => JSON.parse(e.Detail ?? '{}').id)).toEqual([findings[1]?.id, findings[3]?.id]);
    expect(delays).toHaveLength(1);
  });

  it('retries a whole call that was throttled or failed with a 5xx', async () => {
    ebMock
      .on(PutEventsCommand)
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(new InternalException({ message: 'Internal', $metadata: { httpStatusCode: 500 } }))
      .resolves(ok(1));
    await sink().sink.send([hostileFinding()]);
    expect(batches()).toHaveLength(3);
  });

  it('throws a SinkError naming the count when entries keep failing', async () => {
    const findings = manyFindings(2);
    const stuck = findings[1]?.id;
    ebMock.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
      const entries = input.Entries.map((e) =>
        JSON.parse(e.Detail ?? '{}').id === stuck
          ? { ErrorCode: 'InternalFailure', ErrorMessage: 'oops' }
          : { EventId: 'e-ok' },
      );
      return { FailedEntryCount: entries.filter((e) => 'ErrorCode' in e).length, Entries: entries };
    });
    const error = await sink()
      .sink.send(findings)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect((error as SinkError).failedCount).toBe(1);
    expect((error as SinkError).message).toContain('InternalFailure');
    expect(batches()).toHaveLength(4);
  });

  it('does not resend an entry EventBridge rejected as malformed, but still fails the send', async () => {
    ebMock.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'MalformedDetail', ErrorMessage: 'bad' }],
    });
    const error = await sink()
      .sink.send([hostileFinding()])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect(batches()).toHaveLength(1);
  });

  it('puts no session token or credentials object on the bus', async () => {
    await sink().sink.send([hostileFinding(), ...manyFindings(3)]);
    for (const b of batches()) expect(secretsIn(b)).toEqual([]);
  });
});
