import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { toEntry } from '../../functions/adapters/sinks/eventbridge-sink.ts';
import { createLogSink } from '../../functions/adapters/sinks/log-sink.ts';
import { toAsff } from '../../functions/adapters/sinks/securityhub-sink.ts';
import { slackMessage } from '../../functions/adapters/sinks/slack-sink.ts';
import { createSnsSink } from '../../functions/adapters/sinks/sns-sink.ts';
import { SECRET_MARKER } from '../../functions/core/text/scrub-secrets.ts';
import { accessKeyId, secretAccessKey, sessionToken } from '../text/secret-shapes.ts';
import { hostileFinding } from './finding-fixtures.ts';

// Built from code points so that this file holds none of them raw.
const ch = (cp: number): string => String.fromCodePoint(cp);
const INVISIBLE = [0x202e, 0x200b, 0x2028, 0x2029, 0x85, 0x9b, 0x2066, 0xfeff].map(ch);
// Line separators and controls become spaces (four of them above); format characters are dropped.
const SHOWN_NAME = `ci${' '.repeat(4)}runner`;
const RAW_INVISIBLE = /[\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]/u;

/** A finding whose attacker-controlled strings carry a session token, a key pair and invisible characters. */
function taintedFinding() {
  const token = sessionToken();
  const keyId = accessKeyId('AKIA');
  const secret = secretAccessKey();
  const finding = hostileFinding({
    userAgent: `Boto3/1.34 token/${token}`,
    session: { name: `ci${INVISIBLE.join('')}runner`, requestedSeconds: 900 },
    evidence: {
      expected: 'one of arn:aws:iam::444455556666:role/ci-runner',
      actual: `User: ${keyId}:${secret} is not authorized`,
    },
  });
  return { finding, secrets: [token, token.slice(0, 40), secret] };
}

function expectClean(text: string, secrets: readonly string[]): void {
  for (const s of secrets) expect(text).not.toContain(s);
  expect(RAW_INVISIBLE.test(text)).toBe(false);
}

describe('alert payloads built from attacker-controlled strings', () => {
  it('SNS: scrubs tokens and writes invisible characters as \\u escapes in the JSON body', async () => {
    const { finding, secrets } = taintedFinding();
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const sink = createSnsSink({
      client: new SNSClient({ region: 'us-east-1' }),
      topicArn: 'arn:aws:sns:us-east-1:321848314756:alerts',
      minSeverity: 'low',
    });

    await sink.send([finding]);

    const body = sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '';
    sns.restore();
    expectClean(body, secrets);
    expect(body).toContain('\\u202e');
    const parsed = JSON.parse(body).finding;
    expect(parsed.userAgent).toBe(`Boto3/1.34 token/${SECRET_MARKER}`);
    expect(parsed.session.name).toBe(`ci${INVISIBLE.join('')}runner`);
    expect(parsed.evidence.actual).toContain(`:${SECRET_MARKER} is not authorized`);
  });

  it('EventBridge and the log sink: the same, in the Detail and in the log line', async () => {
    const { finding, secrets } = taintedFinding();
    const lines: string[] = [];
    await createLogSink({ minSeverity: 'low', log: (l) => lines.push(l) }).send([finding]);
    const detail = toEntry(finding, 'bus').Detail ?? '';

    for (const json of [detail, lines[0] ?? '']) {
      expectClean(json, secrets);
      expect(json).toContain('\\u2028');
      expect(JSON.stringify(JSON.parse(json))).toContain(SECRET_MARKER);
    }
  });

  it('Slack: scrubs tokens and strips invisible characters from the shown text', () => {
    const { finding, secrets } = taintedFinding();

    const message = JSON.stringify(slackMessage([finding]));

    expectClean(message, secrets);
    expect(message).not.toMatch(/\\u(202e|200b|2028|0085|2066|feff)/i);
    expect(message).toContain(SHOWN_NAME);
    expect(message).toContain(SECRET_MARKER);
  });

  it('Security Hub: scrubs tokens and strips invisible characters from what the console shows', () => {
    const { finding, secrets } = taintedFinding();

    const asff = toAsff(finding, {
      region: 'us-east-1',
      accountId: '321848314756',
      productArn: 'arn:aws:securityhub:us-east-1:321848314756:product/321848314756/default',
      now: new Date('2026-01-01T00:00:00Z'),
    });

    const text = JSON.stringify(asff);
    for (const s of secrets) expect(text).not.toContain(s);
    expect(
      RAW_INVISIBLE.test(`${asff.Title}${asff.Description}${Object.values(asff.ProductFields ?? {})}`),
    ).toBe(false);
    expect(asff.ProductFields?.['rolewatch/sessionName']).toBe(SHOWN_NAME);
    expect(asff.Description).toContain(SECRET_MARKER);
  });
});
