import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  LOOKUP_EVENTS_INTERVAL_MS,
  lookupEventsSource,
} from '../../functions/adapters/sources/lookup-events-source.ts';
import type { RemoteSourceContext } from '../../functions/adapters/sources/remote-source-context.ts';
import type { SourceItem } from '../../functions/core/pipeline/source-item.ts';
import { stubAwsEnv } from '../support/aws-env.ts';
import { type AwsJsonServer, maxCallsInWindow } from '../support/aws-json-server.ts';
import { type FakeCloudTrailOptions, startFakeCloudTrail } from '../support/fake-cloudtrail.ts';
import { collect, virtualClock } from '../support/source-harness.ts';
import { type CloudTrailRecord, demoTrail } from '../support/trail-objects.ts';

const CREDENTIAL_CALLS = [
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'AssumeRoot',
  'GetSessionToken',
  'GetFederationToken',
];
const PERIOD = { sinceMs: Date.parse('2026-11-01T00:00:00Z'), untilMs: Date.parse('2026-11-02T00:00:00Z') };

let records: CloudTrailRecord[];
const servers: AwsJsonServer[] = [];

beforeAll(() => {
  records = demoTrail(400).records;
});
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const s of servers.splice(0)) await s.stop();
});

async function cloudTrail(options: FakeCloudTrailOptions = {}): Promise<AwsJsonServer> {
  const server = await startFakeCloudTrail(records, options);
  servers.push(server);
  // The real CloudTrail client finds the stand-in through AWS_ENDPOINT_URL_CLOUDTRAIL.
  stubAwsEnv({ CLOUDTRAIL: server.endpoint });
  return server;
}

function context(extra: Partial<RemoteSourceContext> = {}): RemoteSourceContext & { notes: string[] } {
  const notes: string[] = [];
  return {
    period: PERIOD,
    env: process.env,
    now: () => PERIOD.untilMs + 60_000,
    onNote: (n) => notes.push(n),
    notes,
    ...extra,
  };
}

/** The CloudTrail records inside LookupEvents pages (`CloudTrailEvent` strings parsed). */
const eventsIn = (items: readonly SourceItem[]): CloudTrailRecord[] =>
  items.flatMap((i) =>
    'input' in i
      ? (
          JSON.parse(Buffer.from(i.input.bytes).toString('utf8')) as { Events: { CloudTrailEvent: string }[] }
        ).Events.map((e) => JSON.parse(e.CloudTrailEvent) as CloudTrailRecord)
      : [],
  );
const credentialCalls = (region: string): CloudTrailRecord[] =>
  records.filter((r) => r.awsRegion === region && CREDENTIAL_CALLS.includes(String(r.eventName)));

describe('CloudTrail LookupEvents (lookup://REGION,…)', () => {
  it('reads every credential call of the region, one EventName per lookup, 50 per page, following NextToken', async () => {
    const server = await cloudTrail();

    const items = await collect(
      lookupEventsSource({
        url: { scheme: 'lookup', regions: ['us-east-1'] },
        context: context(),
        intervalMs: 1,
      }),
    );

    const ids = eventsIn(items).map((r) => r.eventID);
    expect([...ids].sort()).toEqual(
      credentialCalls('us-east-1')
        .map((r) => r.eventID)
        .sort(),
    );
    // Held until the region's lookups are done, then judged oldest first (LookupEvents answers newest first,
    // one event name at a time): a session is known to the calls judged after the one that issued it.
    const inputs = items.filter((i) => 'input' in i);
    for (const i of inputs)
      expect('input' in i && i.input.name).toMatch(/^lookup:\/\/us-east-1 events \d+-\d+ oldest first$/);
    const times = eventsIn(items).map((r) => Date.parse(String(r.eventTime)));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const call of server.calls) {
      expect(call.input.LookupAttributes).toEqual([
        { AttributeKey: 'EventName', AttributeValue: expect.any(String) },
      ]);
      expect(call.input.MaxResults).toBe(50);
    }
    const assumeRole = server.calls.filter(
      (c) => (c.input.LookupAttributes as { AttributeValue: string }[])[0]!.AttributeValue === 'AssumeRole',
    );
    expect(assumeRole.map((c) => c.input.NextToken === undefined)).toEqual([true, false, false]);
    const asked = server.calls.map(
      (c) => (c.input.LookupAttributes as { AttributeValue: string }[])[0]!.AttributeValue,
    );
    expect(new Set(asked)).toEqual(
      new Set([...CREDENTIAL_CALLS, 'CreateRole', 'UpdateAssumeRolePolicy', 'UpdateRole']),
    );
  });

  it('adds us-east-1 with a note when the regions named leave it out, and asks for IAM role changes only there', async () => {
    const server = await cloudTrail();
    const ctx = context();

    const items = await collect(
      lookupEventsSource({ url: { scheme: 'lookup', regions: ['eu-west-1'] }, context: ctx, intervalMs: 1 }),
    );

    expect(ctx.notes).toEqual([
      "lookup://eu-west-1: us-east-1 added: calls to STS's global endpoint and IAM role changes are logged there",
    ]);
    expect(eventsIn(items)).toHaveLength(
      credentialCalls('eu-west-1').length + credentialCalls('us-east-1').length,
    );
    const byRegion = (region: string): string[] =>
      server.calls
        .filter((c) => c.region === region)
        .map((c) => (c.input.LookupAttributes as { AttributeValue: string }[])[0]!.AttributeValue);
    expect(new Set(byRegion('eu-west-1'))).toEqual(new Set(CREDENTIAL_CALLS));
    expect(byRegion('us-east-1')).toContain('UpdateAssumeRolePolicy');
  });

  it('retries a ThrottlingException (the SDK retries it) and loses nothing', async () => {
    const server = await cloudTrail({ throttleFirst: 2 });

    const items = await collect(
      lookupEventsSource({
        url: { scheme: 'lookup', regions: ['us-east-1'] },
        context: context(),
        intervalMs: 1,
        // The SDK's own retry strategy with 10 ms between attempts instead of its throttling backoff
        // (up to seconds), and a 20 ms pause after a throttled call: the pacing is the next test's.
        clientFor: (region) =>
          new CloudTrailClient({ region, retryStrategy: new ConfiguredRetryStrategy(3, () => 10) }),
        throttlePauseMs: 20,
      }),
    );

    expect(items.some((i) => 'error' in i)).toBe(false);
    expect(eventsIn(items)).toHaveLength(credentialCalls('us-east-1').length);
    expect(server.calls.length).toBe(9 + 2 + 2);
  });

  it('keeps the pace of the calls it sends, throttled retries included, for two sources sharing a region', async () => {
    // The same mechanism at 4× speed, on a virtual clock (its waits take no time). Each attempt is stamped
    // as the pacing lets it go: the server's arrival times depend on the machine's load on the real clock
    // (a call stamped late by a busy event loop failed this test in CI), and on a virtual clock two
    // requests in flight arrive at one instant. test/sources/same-findings.test.ts checks the pace the
    // server sees, with one source and the default spacing.
    const intervalMs = 150;
    const clock = virtualClock();
    const server = await cloudTrail({ throttleFirst: 1 });
    const sent: number[] = [];
    const clients: CloudTrailClient[] = [];
    const ctx = context({
      period: { sinceMs: PERIOD.sinceMs, untilMs: PERIOD.sinceMs + 3_600_000 },
      paceClock: clock,
    });
    const source = (): Promise<SourceItem[]> =>
      collect(
        lookupEventsSource({
          url: { scheme: 'lookup', regions: ['us-east-1'] },
          context: ctx,
          intervalMs,
          throttlePauseMs: intervalMs,
          clientFor: (region) => {
            // The SDK's retry strategy with 10 ms between attempts (its throttling backoff is seconds).
            const client = new CloudTrailClient({
              region,
              retryStrategy: new ConfiguredRetryStrategy(3, () => 10),
            });
            // Right after the pacing middleware, in the same turn as its token: the virtual clock has not
            // moved on for the next caller yet.
            const stamp = (next: (args: unknown) => Promise<unknown>) => (args: unknown) => {
              sent.push(clock.now());
              return next(args);
            };
            client.middlewareStack.addRelativeTo(
              stamp as unknown as Parameters<typeof client.middlewareStack.addRelativeTo>[0],
              {
                relation: 'after',
                toMiddleware: 'rolewatchPace',
                name: 'stampSent',
              },
            );
            clients.push(client);
            return client;
          },
        }),
      );

    try {
      await Promise.all([source(), source()]);
    } finally {
      for (const c of clients) c.destroy();
    }

    expect(server.calls.length).toBeGreaterThanOrEqual(19);
    // Every attempt the server saw, the throttled one and its retry included, went through the pacing.
    expect(sent).toHaveLength(server.calls.length);
    expect(maxCallsInWindow(sent, 200)).toBeLessThanOrEqual(2);
    expect(Math.min(...sent.slice(1).map((t, k) => t - sent[k]!))).toBeGreaterThanOrEqual(intervalMs);
    expect(LOOKUP_EVENTS_INTERVAL_MS).toBeGreaterThanOrEqual(500);
  });

  it('reads at most the last 90 days, with a note', async () => {
    const server = await cloudTrail();
    const now = Date.parse('2027-01-15T00:00:00Z');
    const ctx = context({
      now: () => now,
      period: { sinceMs: Date.parse('2026-09-01T00:00:00Z'), untilMs: now },
    });

    await collect(
      lookupEventsSource({ url: { scheme: 'lookup', regions: ['us-east-1'] }, context: ctx, intervalMs: 1 }),
    );

    const start = now - 90 * 86_400_000;
    expect(ctx.notes).toContain(
      `lookup://us-east-1: LookupEvents keeps 90 days: reading from ${new Date(start).toISOString()} on`,
    );
    expect(new Set(server.calls.map((c) => c.input.StartTime))).toEqual(new Set([start / 1000]));
  });

  it('makes a region that refuses an input error naming it, skips its other lookups, and reads the others', async () => {
    await cloudTrail({
      failRegion: {
        region: 'eu-west-1',
        type: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      },
    });
    const ctx = context();

    const items = await collect(
      lookupEventsSource({
        url: { scheme: 'lookup', regions: ['eu-west-1', 'us-east-1'] },
        context: ctx,
        intervalMs: 1,
      }),
    );

    expect(items.filter((i) => 'error' in i)).toEqual([
      {
        error: {
          kind: 'read',
          message: 'LookupEvents failed (UnrecognizedClientException, HTTP 400)',
          location: { file: 'lookup://eu-west-1 AssumeRole page 1' },
        },
      },
    ]);
    expect(ctx.notes).toContain(
      'lookup://eu-west-1: stopped after an error; its other lookups were not made',
    );
    expect(eventsIn(items)).toHaveLength(credentialCalls('us-east-1').length);
  });

  it('stops every region with one error that says to check the credentials when they are refused', async () => {
    // A wrong secret key: the same answer in every region, unlike a region the account has not enabled.
    await cloudTrail({
      failRegion: {
        region: '*',
        type: 'InvalidSignatureException',
        message: 'The request signature we calculated does not match the signature you provided.',
      },
    });
    const ctx = context();

    const items = await collect(
      lookupEventsSource({
        url: { scheme: 'lookup', regions: ['eu-west-1', 'us-east-1'] },
        context: ctx,
        intervalMs: 1,
      }),
    );

    expect(items).toEqual([
      {
        error: {
          kind: 'read',
          message: expect.stringMatching(
            /^LookupEvents failed \(InvalidSignatureException, HTTP 400: check the AWS credentials \(.*\)\); nothing more was read from this source$/,
          ),
          location: { file: 'lookup://eu-west-1 AssumeRole page 1' },
        },
      },
    ]);
  });

  it('draws a progress line with the page, the lookups done and the events read', async () => {
    await cloudTrail();
    const lines: string[] = [];

    await collect(
      lookupEventsSource({
        url: { scheme: 'lookup', regions: ['us-east-1'] },
        context: context({ onProgress: (l) => lines.push(l) }),
        intervalMs: 1,
      }),
    );

    expect(lines[0]).toMatch(
      /^lookup:\/\/us-east-1: us-east-1 AssumeRole page 1 · lookup 1\/9 · 50 event\(s\)/,
    );
  });
});
