import {
  InternalErrorException,
  PublishCommand,
  type PublishCommandInput,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SinkError } from '../../functions/adapters/sinks/alert-sink.ts';
import { createSnsSink, snsSubject } from '../../functions/adapters/sinks/sns-sink.ts';
import { fakeSleep, forgedHugeFinding, hostileFinding, manyFindings, secretsIn } from './finding-fixtures.ts';

const TOPIC = 'arn:aws:sns:us-east-1:321848314756:rolewatch-alerts';
const snsMock = mockClient(SNSClient);
// Module-level mocks patch the client classes for the whole process: undo them when this file ends.
afterAll(() => {
  for (const m of [snsMock]) m.restore();
});
const inputs = (): PublishCommandInput[] => snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input);

function sink(options: { digestThreshold?: number; topicArn?: string } = {}) {
  const { sleep, delays } = fakeSleep();
  const s = createSnsSink({
    client: new SNSClient({ region: 'us-east-1', maxAttempts: 1 }),
    topicArn: options.topicArn ?? TOPIC,
    minSeverity: 'medium',
    ...(options.digestThreshold === undefined ? {} : { digestThreshold: options.digestThreshold }),
    retry: { sleep, random: () => 0.5 },
  });
  return { sink: s, delays };
}

beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

describe('sns sink', () => {
  it('publishes one message per finding with severity and rule attributes for filter policies', async () => {
    const { sink: s } = sink();
    await s.send([
      hostileFinding(),
      hostileFinding({ id: 'f-2', rule: 'mfa-missing', severity: 'critical' }),
    ]);

    const sent = inputs();
    expect(sent).toHaveLength(2);
    expect(sent[0]?.TopicArn).toBe(TOPIC);
    expect(sent[0]?.MessageAttributes?.severity).toEqual({ DataType: 'String', StringValue: 'high' });
    expect(sent[0]?.MessageAttributes?.rule).toEqual({
      DataType: 'String',
      StringValue: 'untrusted-principal',
    });
    expect(sent[1]?.MessageAttributes?.rule).toEqual({ DataType: 'String', StringValue: 'mfa-missing' });
    const body = JSON.parse(sent[0]?.Message ?? '{}');
    expect(body.finding.id).toBe('f-untrusted-principal-cf589cd4');
    expect(body.finding.role.arn).toBe('arn:aws:iam::321848314756:role/stratus-red-team-get-usr-data-role');
  });

  it('keeps subjects ASCII, single-line and under 100 characters', async () => {
    const { sink: s } = sink();
    await s.send([hostileFinding({ title: `Rôle ${'x'.repeat(200)}\nsecond line` })]);
    const subject = inputs()[0]?.Subject ?? '';
    expect(subject.length).toBeLessThan(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(snsSubject('a\nb\tc')).toBe('a b c');
  });

  it('never alerts on suppressed findings or findings below the minimum severity', async () => {
    const { sink: s } = sink();
    await s.send([
      hostileFinding({
        suppressed: true,
        suppression: { owner: 'secops', reason: 'SEC-1', expires: '2027-01-31' },
      }),
      hostileFinding({ id: 'f-low', severity: 'low' }),
    ]);
    expect(inputs()).toHaveLength(0);
  });

  it('sends a digest with array attributes when a batch has more findings than the threshold', async () => {
    const { sink: s } = sink({ digestThreshold: 3 });
    await s.send(manyFindings(5, ['high', 'critical', 'medium']));

    const sent = inputs();
    expect(sent).toHaveLength(1);
    const attrs = sent[0]?.MessageAttributes ?? {};
    expect(attrs.kind?.StringValue).toBe('digest');
    expect(attrs.severity?.DataType).toBe('String.Array');
    expect(JSON.parse(attrs.severity?.StringValue ?? '[]').sort()).toEqual(['critical', 'high', 'medium']);
    expect(JSON.parse(attrs.rule?.StringValue ?? '[]')).toEqual(['session-too-long', 'untrusted-principal']);
    const body = JSON.parse(sent[0]?.Message ?? '{}');
    expect(body.findings).toHaveLength(5);
    expect(body.findings[0].severity).toBe('critical');
    expect(sent[0]?.Subject).toMatch(/^rolewatch: 5 findings/);
  });

  it('splits a large digest so that every message stays under the 256 KiB SNS limit', async () => {
    const { sink: s } = sink({ digestThreshold: 1 });
    const big = manyFindings(150).map((f) => ({
      ...f,
      userAgent: 'A'.repeat(50_000),
      title: 't'.repeat(5000),
    }));
    await s.send(big);

    const sent = inputs();
    expect(sent.length).toBeGreaterThan(1);
    let total = 0;
    for (const m of sent) {
      const size =
        Buffer.byteLength(m.Message ?? '') + Buffer.byteLength(JSON.stringify(m.MessageAttributes));
      expect(size).toBeLessThan(256 * 1024);
      const findings = JSON.parse(m.Message ?? '{}').findings as { userAgent: string }[];
      for (const f of findings) expect(f.userAgent.length).toBeLessThanOrEqual(1024);
      total += findings.length;
    }
    expect(total).toBe(150);
  });

  it('sizes digests by the bytes SNS receives, after invisible characters are written as \\u escapes', async () => {
    // A zero-width space is 3 UTF-8 bytes in a value but 6 in the body (`\u200b`): measured before
    // escaping, a digest packed to 250 000 bytes was sent at ~450 000 and refused by Publish.
    const { sink: s } = sink({ digestThreshold: 1 });
    const hidden = '\u200b'.repeat(1024);
    const big = manyFindings(100).map((f) => ({
      ...f,
      title: hidden,
      userAgent: hidden,
      remediation: hidden,
      evidence: { expected: hidden, actual: hidden },
    }));
    await s.send(big);

    const sent = inputs();
    let total = 0;
    for (const m of sent) {
      const size =
        Buffer.byteLength(m.Message ?? '') +
        Buffer.byteLength(m.Subject ?? '') +
        Buffer.byteLength(JSON.stringify(m.MessageAttributes));
      expect(size).toBeLessThan(256 * 1024);
      total += (JSON.parse(m.Message ?? '{}').findings as unknown[]).length;
    }
    expect(total).toBe(100);
  });

  it('publishes a finding of huge forged strings under 256 KiB, alone or in a digest', async () => {
    await sink().sink.send([forgedHugeFinding()]);
    await sink({ digestThreshold: 1 }).sink.send([forgedHugeFinding(), ...manyFindings(2)]);

    const sent = inputs();
    expect(sent).toHaveLength(2);
    for (const m of sent) {
      expect(
        Buffer.byteLength(m.Message ?? '') + Buffer.byteLength(JSON.stringify(m.MessageAttributes)),
      ).toBeLessThan(256 * 1024);
    }
  });

  it('retries a throttled publish and succeeds', async () => {
    snsMock
      .on(PublishCommand)
      .rejectsOnce(new ThrottledException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(new InternalErrorException({ message: 'oops', $metadata: { httpStatusCode: 500 } }))
      .resolves({ MessageId: 'm-2' });
    const { sink: s, delays } = sink();
    await s.send([hostileFinding()]);
    expect(inputs()).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it('fails the send with a SinkError when throttling outlasts the retries', async () => {
    snsMock
      .on(PublishCommand)
      .rejects(new ThrottledException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }));
    const { sink: s } = sink();
    const error = await s.send([hostileFinding(), hostileFinding({ id: 'f-2' })]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect((error as SinkError).sink).toBe('sns');
    expect((error as SinkError).failedCount).toBe(2);
    expect((error as SinkError).message).toContain('ThrottledException');
    expect(inputs()).toHaveLength(8);
  });

  it('sets a message group and deduplication id on FIFO topics', async () => {
    const { sink: s } = sink({ topicArn: `${TOPIC}.fifo` });
    await s.send([hostileFinding()]);
    expect(inputs()[0]?.MessageGroupId).toBe('rolewatch');
    expect(inputs()[0]?.MessageDeduplicationId).toBe('f-untrusted-principal-cf589cd4');
  });

  it('publishes no session token or credentials object', async () => {
    const { sink: s } = sink({ digestThreshold: 2 });
    await s.send([hostileFinding()]);
    await s.send(manyFindings(4));
    expect(inputs()).toHaveLength(2);
    for (const m of inputs()) expect(secretsIn(m)).toEqual([]);
  });
});
