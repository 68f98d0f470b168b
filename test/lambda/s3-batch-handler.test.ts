import { gzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AlertSink } from '../../functions/adapters/sinks/alert-sink.ts';
import { createHandler } from '../../functions/s3-batch/index.ts';
import { startDynalite } from '../state/support/dynalite.ts';
import { type CapturedOutput, captureOutput, fakeContext, metricSum } from './helpers/capture-output.ts';
import {
  crossAccountAssumeRole,
  describeInstances,
  NOW_MS,
  SECRET_ACCESS_KEY,
  SESSION_TOKENS,
  sampleRecords,
  TRUST_FILE,
  webIdentityFromUnexpectedRepo,
} from './helpers/records.ts';
import { putObject, startS3rver } from './helpers/s3rver.ts';
import { failingSink, recordingSink } from './helpers/sinks.ts';
import { objectsCreated, sqsMessage } from './helpers/sqs.ts';

const BUCKET = 'org-trail-logs';
const PREFIX = 'AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2026/03/02';
const logKey = (suffix: string): string =>
  `${PREFIX}/444455556666_CloudTrail_us-east-1_20260302T1005Z_${suffix}.json.gz`;

const KEYS = {
  good: logKey('Good1234abcdEFGH'),
  // A key with a space: S3 writes it as '+' in the notification.
  spaced: `trail copies/${PREFIX}/777788889999_CloudTrail_us-east-1_20260302T1005Z_Spaced5678.json.gz`,
  quiet: logKey('Quiet9012ijklMNOP'),
  missing: logKey('Missing3456qrstUVWX'),
  corrupt: logKey('Corrupt7890yzabCDEF'),
  digest: `AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail-Digest/us-east-1/2026/03/02/444455556666_CloudTrail-Digest_us-east-1_org_us-east-1_20260302T100500Z.json.gz`,
};

const logFile = (records: Record<string, unknown>[]): Buffer =>
  gzipSync(JSON.stringify({ Records: records }));

const objectCreated = (key: string): string => objectsCreated(BUCKET, [key]);

const env = { ROLEWATCH_CONFIG: TRUST_FILE, ROLEWATCH_ALERT_SINKS: 'log' };

describe('s3-batch handler (SQS of S3 notifications)', () => {
  let s3: S3Client;
  let stop: () => Promise<void>;
  let output: CapturedOutput;

  beforeAll(async () => {
    ({ client: s3, stop } = await startS3rver([BUCKET]));
    await putObject(s3, BUCKET, KEYS.good, logFile(sampleRecords()));
    await putObject(s3, BUCKET, KEYS.spaced, logFile([webIdentityFromUnexpectedRepo()]));
    await putObject(s3, BUCKET, KEYS.quiet, logFile([describeInstances()]));
    await putObject(s3, BUCKET, KEYS.corrupt, logFile([crossAccountAssumeRole()]).subarray(0, 120));
  });
  afterAll(async () => stop());
  afterEach(() => output.restore());

  it('reports exactly the messages whose object is missing or corrupt, and processes the others', async () => {
    output = captureOutput();
    const sink = recordingSink();
    const handler = createHandler({ env, s3, sinks: [sink], now: () => NOW_MS });
    const event: SQSEvent = {
      Records: [
        sqsMessage('msg-good', objectCreated(KEYS.good)),
        sqsMessage('msg-missing', objectCreated(KEYS.missing)),
        sqsMessage('msg-spaced', objectCreated(KEYS.spaced)),
        sqsMessage('msg-corrupt', objectCreated(KEYS.corrupt)),
        sqsMessage('msg-digest', objectCreated(KEYS.digest)),
        sqsMessage(
          'msg-test',
          JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: BUCKET }),
        ),
      ],
    };

    const response = await handler(event, fakeContext('rolewatch-s3-batch', 'req-s3-1'));

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: 'msg-missing' },
      { itemIdentifier: 'msg-corrupt' },
    ]);
    const rules = new Set(sink.sent.map((f) => f.rule));
    expect(rules).toContain('untrusted-principal');
    expect(rules).toContain('oidc-subject-unexpected');
    const failures = output.logs().filter((l) => l.message === 'cannot read CloudTrail object');
    expect(failures.map((l) => [l.messageId, l.kind])).toEqual(
      expect.arrayContaining([
        ['msg-missing', 'read'],
        ['msg-corrupt', 'gzip'],
      ]),
    );
    expect(metricSum(output.emf(), 'CredentialEvents', { function: 's3-batch' })).toBe(4);
  });

  it('reads an object announced through SNS, and leaks no session token into logs or sinks', async () => {
    output = captureOutput();
    const sink = recordingSink();
    const handler = createHandler({ env, s3, sinks: [sink], now: () => NOW_MS });
    const body = JSON.stringify({
      Type: 'Notification',
      MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
      TopicArn: 'arn:aws:sns:us-east-1:444455556666:trail-objects',
      Message: JSON.stringify({ s3Bucket: BUCKET, s3ObjectKey: [KEYS.good] }),
      Timestamp: '2026-03-02T10:05:13.000Z',
    });

    const response = await handler(
      { Records: [sqsMessage('msg-sns', body)] },
      fakeContext('s3b', 'req-s3-2'),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(sink.sent.length).toBeGreaterThan(0);
    const everything = output.text() + sink.payloads.join('\n');
    for (const secret of [...SESSION_TOKENS, SECRET_ACCESS_KEY]) expect(everything).not.toContain(secret);
  });

  it('fails only the message whose alerts a sink could not deliver', async () => {
    output = captureOutput();
    const handler = createHandler({ env, s3, sinks: [failingSink()], now: () => NOW_MS });
    const event: SQSEvent = {
      Records: [
        sqsMessage('msg-alerts', objectCreated(KEYS.good)),
        sqsMessage('msg-no-findings', objectCreated(KEYS.quiet)),
      ],
    };

    const response = await handler(event, fakeContext('s3b', 'req-s3-3'));

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'msg-alerts' }]);
    expect(metricSum(output.emf(), 'SinkFailures')).toBe(1);
  });

  it('sends a message that is not a notification to the dead-letter path instead of dropping it', async () => {
    output = captureOutput();
    const handler = createHandler({ env, s3, sinks: [], now: () => NOW_MS });

    const response = await handler(
      { Records: [sqsMessage('msg-junk', 'hello')] },
      fakeContext('s3b', 'req-s3-4'),
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'msg-junk' }]);
    expect(output.logs().find((l) => l.messageId === 'msg-junk')?.level).toBe('ERROR');
  });

  it("acknowledges other services' logs under AWSLogs/ without reading them or counting input errors", async () => {
    output = captureOutput();
    const sink = recordingSink();
    const handler = createHandler({ env, s3, sinks: [sink], now: () => NOW_MS });
    const config = `AWSLogs/o-a1b2c3d4e5/444455556666/Config/us-east-1/2026/3/2/ConfigHistory/444455556666_Config_us-east-1_ConfigHistory_AWS::IAM::Role_20260302T100512Z_20260302T110512Z_1.json.gz`;
    const elb = `AWSLogs/444455556666/elasticloadbalancing/us-east-1/2026/03/02/444455556666_elasticloadbalancing_us-east-1_app.web.0123_20260302T1005Z_10.0.0.1_abc.log.gz`;
    await putObject(
      s3,
      BUCKET,
      config,
      gzipSync(JSON.stringify({ fileVersion: '1.0', configurationItems: [] })),
    );
    await putObject(
      s3,
      BUCKET,
      elb,
      gzipSync('https 2026-03-02T10:05:00.000Z app/web/0123 203.0.113.9:5 - 200\n'),
    );

    const response = await handler(
      {
        Records: [sqsMessage('msg-config', objectCreated(config)), sqsMessage('msg-elb', objectCreated(elb))],
      },
      fakeContext('s3b', 'req-s3-5'),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(metricSum(output.emf(), 'InputErrors')).toBe(0);
    expect(output.logs().filter((l) => l.message === 'judged' || l.message === 'input error')).toEqual([]);
  });

  it('alerts once when two messages of one batch carry the same findings (a duplicate, the other copy)', async () => {
    output = captureOutput();
    const db = await startDynalite();
    try {
      await db.createStateTable('rolewatch-s3-batch-dedup');
      const sink = recordingSink();
      const handler = createHandler({
        env: { ...env, ROLEWATCH_STATE: 'dynamodb:rolewatch-s3-batch-dedup' },
        s3,
        dynamodb: db.client(),
        sinks: [sink],
        now: () => NOW_MS,
      });
      // The role owner's copy of the cross-account call, in its own account's log file: same sharedEventID.
      const copy = {
        ...crossAccountAssumeRole(),
        eventID: 'e2a1b3c4-7d55-4a43-9f0b-6f1d8c2a9e02',
        recipientAccountId: '444455556666',
        userIdentity: { type: 'AWSAccount', principalId: 'AIDAY5GE5XSBZEXAMPLE1', accountId: '999988887777' },
      };
      const copyKey = logKey('OwnersCopy1234abcd');
      await putObject(s3, BUCKET, copyKey, logFile([copy]));
      const callerKey = logKey('CallersCopy1234abcd');
      await putObject(s3, BUCKET, callerKey, logFile([crossAccountAssumeRole()]));

      // SQS delivers at least once: the same notification twice in one batch, and the other copy.
      const response = await handler(
        {
          Records: [
            sqsMessage('msg-1', objectCreated(callerKey)),
            sqsMessage('msg-1-again', objectCreated(callerKey)),
            sqsMessage('msg-owner', objectCreated(copyKey)),
          ],
        },
        fakeContext('s3b', 'req-s3-6'),
      );

      expect(response.batchItemFailures).toEqual([]);
      const ids = sink.sent.map((f) => f.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).toHaveLength(new Set(ids).size);
      expect(metricSum(output.emf(), 'DuplicateFindings')).toBeGreaterThan(0);
    } finally {
      await db.stop();
    }
  });

  it('fails a message whose alerts another invocation has claimed and not yet delivered', async () => {
    output = captureOutput();
    const db = await startDynalite();
    try {
      await db.createStateTable('rolewatch-s3-batch-claims');
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let sending: () => void = () => undefined;
      const started = new Promise<void>((resolve) => {
        sending = resolve;
      });
      const claimant = recordingSink();
      const slow: AlertSink = {
        ...claimant,
        async send(findings) {
          sending();
          await released;
          await claimant.send(findings);
        },
      };
      const other = recordingSink();
      const deps = (sinks: AlertSink[]) => ({
        env: { ...env, ROLEWATCH_STATE: 'dynamodb:rolewatch-s3-batch-claims' },
        s3,
        dynamodb: db.client(),
        sinks,
        now: () => NOW_MS,
        sleep: async () => undefined,
      });
      // SQS delivers one notification to two concurrent invocations (two execution environments).
      const first = createHandler(deps([slow]))(
        { Records: [sqsMessage('msg-a', objectCreated(KEYS.good))] },
        fakeContext('s3b', 'req-claim-1'),
      );
      await started;
      const second = await createHandler(deps([other]))(
        { Records: [sqsMessage('msg-a-again', objectCreated(KEYS.good))] },
        fakeContext('s3b', 'req-claim-2'),
      );
      release();

      expect(second.batchItemFailures).toEqual([{ itemIdentifier: 'msg-a-again' }]);
      expect((await first).batchItemFailures).toEqual([]);
      expect(other.sent).toEqual([]);
      expect(claimant.sent.length).toBeGreaterThan(0);
    } finally {
      await db.stop();
    }
  });

  it('loads the trust file from s3:// with the same client', async () => {
    output = captureOutput();
    const { readFileSync } = await import('node:fs');
    await putObject(s3, BUCKET, 'config/trust.yaml', readFileSync(TRUST_FILE));
    const sink = recordingSink();
    const handler = createHandler({
      env: { ROLEWATCH_CONFIG: `s3://${BUCKET}/config/trust.yaml`, ROLEWATCH_ALERT_SINKS: 'log' },
      s3,
      sinks: [sink],
      now: () => NOW_MS,
    });

    const response = await handler(
      { Records: [sqsMessage('m', objectCreated(KEYS.spaced))] },
      fakeContext('x', 'r'),
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(sink.sent.map((f) => f.rule)).toEqual(['oidc-subject-unexpected']);
    const loaded = output.logs().find((l) => l.message === 'configuration loaded');
    expect(loaded?.source).toBe(`s3://${BUCKET}/config/trust.yaml`);
  });
});
