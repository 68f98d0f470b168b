import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type AlertSink, SinkError } from '../../functions/adapters/sinks/alert-sink.ts';
import { createSinksFromEnv, type SinkDeps, sendToAll } from '../../functions/adapters/sinks/create-sinks.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { fakeSleep, hostileFinding, manyFindings, secretsIn } from './finding-fixtures.ts';

const snsMock = mockClient(SNSClient);
const shMock = mockClient(SecurityHubClient);
const ebMock = mockClient(EventBridgeClient);
const secretsMock = mockClient(SecretsManagerClient);
// Module-level mocks patch the client classes for the whole process: undo them when this file ends.
afterAll(() => {
  for (const m of [snsMock, shMock, ebMock, secretsMock]) m.restore();
});

const FULL_ENV = {
  AWS_REGION: 'us-east-1',
  ROLEWATCH_ALERT_SINKS: 'sns, slack,securityhub ,eventbridge,log',
  ROLEWATCH_SNS_TOPIC_ARN: 'arn:aws:sns:us-east-1:321848314756:rolewatch-alerts',
  ROLEWATCH_SLACK_WEBHOOK_SECRET: 'rolewatch/slack',
  ROLEWATCH_SLACK_MIN_SEVERITY: 'high',
  ROLEWATCH_EVENT_BUS_NAME: 'security-alerts',
  ROLEWATCH_ACCOUNT_ID: '321848314756',
};

function deps(extra: Partial<SinkDeps> = {}): { deps: SinkDeps; lines: string[]; posts: string[] } {
  const lines: string[] = [];
  const posts: string[] = [];
  const fakeFetch = (async (_url: string | URL | Request, init?: RequestInit) => {
    posts.push(String(init?.body));
    return new Response('ok', { status: 200 });
  }) as typeof fetch;
  return {
    lines,
    posts,
    deps: {
      sns: new SNSClient({ region: 'us-east-1' }),
      securityHub: new SecurityHubClient({ region: 'us-east-1' }),
      eventBridge: new EventBridgeClient({ region: 'us-east-1' }),
      secrets: new SecretsManagerClient({ region: 'us-east-1' }),
      fetch: fakeFetch,
      log: (l) => lines.push(l),
      sleep: fakeSleep().sleep,
      random: () => 0,
      ...extra,
    },
  };
}

beforeEach(() => {
  for (const m of [snsMock, shMock, ebMock, secretsMock]) m.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
  shMock.on(BatchImportFindingsCommand).resolves({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });
  ebMock.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
    FailedEntryCount: 0,
    Entries: input.Entries.map(() => ({})),
  }));
  secretsMock
    .on(GetSecretValueCommand)
    .resolves({ SecretString: 'https://hooks.slack.com/services/T1/B1/abc' });
});

describe('createSinksFromEnv', () => {
  it('builds the sinks named in ROLEWATCH_ALERT_SINKS with their minimum severities', () => {
    const r = createSinksFromEnv(FULL_ENV, deps().deps);
    expect(r.ok).toBe(true);
    const sinks = r.ok ? r.value : [];
    expect(sinks.map((s) => s.name)).toEqual(['sns', 'slack', 'securityhub', 'eventbridge', 'log']);
    expect(sinks.find((s) => s.name === 'slack')?.minSeverity).toBe('high');
    expect(sinks.find((s) => s.name === 'sns')?.minSeverity).toBe('low');
  });

  it('defaults to the log sink alone, which makes no AWS call', async () => {
    const { deps: d, lines } = deps();
    const r = createSinksFromEnv({}, d);
    expect(r.ok && r.value.map((s) => s.name)).toEqual(['log']);
    if (r.ok) await sendToAll(r.value, [hostileFinding()]);
    expect(lines).toHaveLength(1);
    expect(
      snsMock.calls().length + shMock.calls().length + ebMock.calls().length + secretsMock.calls().length,
    ).toBe(0);
  });

  it('refuses a Slack webhook URL in a plain environment variable', () => {
    const r = createSinksFromEnv(
      {
        ROLEWATCH_ALERT_SINKS: 'slack',
        ROLEWATCH_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/leak',
      },
      deps().deps,
    );
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.error;
    expect(errors.some((e) => e.startsWith('ROLEWATCH_SLACK_WEBHOOK_URL:'))).toBe(true);
    expect(errors.join('\n')).not.toContain('leak');
  });

  it('reports every configuration problem at once, naming the variable and quoting the bad value', () => {
    const r = createSinksFromEnv(
      {
        ROLEWATCH_ALERT_SINKS: 'sns,pagerduty,slack,securityhub,eventbridge',
        ROLEWATCH_SNS_TOPIC_ARN: 'not-an-arn',
        ROLEWATCH_SLACK_WEBHOOK_SECRET: 's',
        ROLEWATCH_SLACK_WEBHOOK_PARAMETER: '/p',
        ROLEWATCH_EVENTBRIDGE_MIN_SEVERITY: 'urgent',
        ROLEWATCH_ACCOUNT_ID: '12345',
        ROLEWATCH_ALERT_RETRY_ATTEMPTS: '0',
      },
      deps().deps,
    );

    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.error).toEqual([
      'ROLEWATCH_ALERT_SINKS: "pagerduty" is not a sink (sns, slack, securityhub, eventbridge, log)',
      'ROLEWATCH_EVENTBRIDGE_MIN_SEVERITY: "urgent" is not a severity (info, low, medium, high, critical)',
      'ROLEWATCH_ALERT_RETRY_ATTEMPTS: "0" must be a whole number from 1 to 10',
      'ROLEWATCH_SNS_TOPIC_ARN: "not-an-arn" is not an SNS topic ARN',
      'ROLEWATCH_SLACK_WEBHOOK_SECRET, ROLEWATCH_SLACK_WEBHOOK_PARAMETER: set only one of them',
      'AWS_REGION: required by the securityhub sink',
      'ROLEWATCH_ACCOUNT_ID: "12345" is not a 12-digit account id',
      'ROLEWATCH_EVENT_BUS_NAME: required by the eventbridge sink',
    ]);
  });

  it('never repeats a webhook URL put into the wrong variable', () => {
    const url = 'https://hooks.slack.com/services/T0000/B0000/abcdefghijklmnopqrstuvwx';

    const r = createSinksFromEnv(
      { ROLEWATCH_ALERT_SINKS: 'eventbridge', ROLEWATCH_EVENT_BUS_NAME: url },
      deps().deps,
    );

    expect(r.ok ? [] : r.error).toEqual([
      'ROLEWATCH_EVENT_BUS_NAME: "[REDACTED]" is not an event bus name or ARN',
    ]);
  });

  it('treats blank variables as unset and reads sink names in any case', () => {
    const r = createSinksFromEnv(
      {
        ROLEWATCH_ALERT_SINKS: ' LOG , ',
        ROLEWATCH_ALERT_MIN_SEVERITY: '',
        ROLEWATCH_LOG_MIN_SEVERITY: 'HIGH',
      },
      deps().deps,
    );

    expect(r.ok && r.value.map((s) => [s.name, s.minSeverity])).toEqual([['log', 'high']]);
  });

  it('delivers through every sink without a session token in any payload', async () => {
    const { deps: d, lines, posts } = deps();
    const r = createSinksFromEnv(FULL_ENV, d);
    if (!r.ok) throw new Error(r.error.join('; '));
    const findings: Finding[] = [hostileFinding(), ...manyFindings(2, ['critical'])];

    const { failed } = await sendToAll(r.value, findings);

    expect(failed).toEqual([]);
    const payloads = [
      ...snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input),
      ...shMock.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input),
      ...ebMock.commandCalls(PutEventsCommand).map((c) => c.args[0].input),
      ...posts,
      ...lines,
    ];
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(3);
    expect(posts).toHaveLength(1);
    expect(lines).toHaveLength(3);
    for (const p of payloads) expect(secretsIn(p)).toEqual([]);
  });

  it('creates each default SDK client on its first send, once, leaving retries to retry.ts', async () => {
    const { deps: d } = deps();
    const { sns: _sns, securityHub: _sh, eventBridge: _eb, secrets: _secrets, ...withoutClients } = d;
    const r = createSinksFromEnv(FULL_ENV, withoutClients);
    if (!r.ok) throw new Error(r.error.join('; '));
    expect(snsMock.calls().length + shMock.calls().length + ebMock.calls().length).toBe(0);

    await sendToAll(r.value, [hostileFinding()]);
    const { failed } = await sendToAll(r.value, [hostileFinding({ id: 'f-2' })]);

    expect(failed).toEqual([]);
    type Client = { config: { maxAttempts: () => Promise<number>; region: () => Promise<string> } };
    for (const mock of [snsMock, shMock, ebMock]) {
      const clients = new Set(mock.calls().map((c) => c.thisValue as Client));
      expect(mock.calls()).toHaveLength(2);
      expect(clients.size).toBe(1);
      const [client] = clients;
      expect(await client?.config.maxAttempts()).toBe(1);
      expect(await client?.config.region()).toBe('us-east-1');
    }
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });
});

describe('sendToAll', () => {
  const failing = (name: AlertSink['name']): AlertSink => ({
    name,
    minSeverity: 'low',
    send: async () => {
      throw new SinkError(name, 1, 1, 'ThrottlingException');
    },
  });

  it('runs every sink even when one fails, and reports each failure', async () => {
    const { deps: d, lines } = deps();
    const r = createSinksFromEnv({ ROLEWATCH_ALERT_SINKS: 'log' }, d);
    const sinks = [failing('sns'), ...(r.ok ? r.value : []), failing('eventbridge')];

    const { failed } = await sendToAll(sinks, [hostileFinding()]);

    expect(lines).toHaveLength(1);
    expect(failed.map((f) => f.sink)).toEqual(['sns', 'eventbridge']);
    expect(failed[0]?.error).toBeInstanceOf(SinkError);
  });

  it('counts a sink that throws synchronously as one failed sink', async () => {
    const broken: AlertSink = {
      name: 'slack',
      minSeverity: 'low',
      send: () => {
        throw new Error('bug');
      },
    };
    const { failed } = await sendToAll([broken], [hostileFinding()]);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.sink).toBe('slack');
  });
});
