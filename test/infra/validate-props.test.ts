import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RolewatchStack } from '../../infra/rolewatch-stack.ts';
import { validateRolewatchProps } from '../../infra/validate-props.ts';
import { fakeDist, problemsOf, projectApp } from './support.ts';

const TRUST_FILE = 'fixtures/trust/example-org.yaml';

describe('validateRolewatchProps', () => {
  it('refuses S3 ingest without the trail bucket name', () => {
    const problems = problemsOf(() =>
      validateRolewatchProps({ trustFile: TRUST_FILE, enableS3Ingest: true }),
    );

    expect(problems).toEqual([
      'enableS3Ingest: S3 ingest needs trailBucketName (the bucket your trail delivers to)',
    ]);
  });

  it('refuses a log subscription without the trail log group name', () => {
    const problems = problemsOf(() =>
      validateRolewatchProps({ trustFile: TRUST_FILE, enableLogSubscription: true }),
    );

    expect(problems).toEqual([
      'enableLogSubscription: the log subscription needs cloudTrailLogGroupName (the log group your trail writes to)',
    ]);
  });

  it('requires exactly one trust-file source', () => {
    expect(problemsOf(() => validateRolewatchProps({}))).toEqual([
      'the trust file is missing: set one of trustFile, trustParameterName or trustS3Url',
    ]);
    expect(
      problemsOf(() =>
        validateRolewatchProps({ trustFile: TRUST_FILE, trustParameterName: '/rolewatch/trust' }),
      ),
    ).toEqual(['set only one of trustFile, trustParameterName: the functions read one trust file']);
  });

  it('reports a broken trust file with its file, line and key at synthesis time', () => {
    const problems = problemsOf(() =>
      validateRolewatchProps({ trustFile: 'fixtures/trust/invalid/unknown-keys.yaml' }),
    );

    expect(problems).toContain(
      "trustFile: fixtures/trust/invalid/unknown-keys.yaml:2:1 role: unknown key 'role'; did you mean 'roles'?",
    );
  });

  it('refuses a trust file that does not exist or is not YAML or JSON', () => {
    expect(problemsOf(() => validateRolewatchProps({ trustFile: 'no/such/trust.yaml' }))).toEqual([
      'trustFile: "no/such/trust.yaml" does not exist',
    ]);
    expect(problemsOf(() => validateRolewatchProps({ trustFile: 'README.md' }))).toEqual([
      'trustFile: "README.md" must end in .yaml, .yml or .json',
    ]);
  });

  it('checks the state settings it writes into the functions, at synthesis time', () => {
    const problems = problemsOf(() =>
      validateRolewatchProps({ trustParameterName: '/rolewatch/trust', learnUntil: 'soon', dedupHours: -3 }),
    );

    expect(problems).toEqual([
      'learnUntil: "soon" is not an ISO 8601 date (2027-01-15)',
      'dedupHours: -3 must be a number of hours from 0 (off) to 720',
    ]);
    expect(
      validateRolewatchProps({
        trustParameterName: '/rolewatch/trust',
        learnUntil: '2027-01-15',
        dedupHours: 6,
      }).state,
    ).toEqual({ table: true, learnUntil: '2027-01-15', dedupHours: 6 });
  });

  it('refuses an s3 URL without a key and an SSM name with spaces', () => {
    expect(problemsOf(() => validateRolewatchProps({ trustS3Url: 's3://only-a-bucket' }))).toEqual([
      'trustS3Url: "s3://only-a-bucket" must be s3://BUCKET/KEY',
    ]);
    expect(problemsOf(() => validateRolewatchProps({ trustParameterName: 'my trust' }))).toEqual([
      'trustParameterName: "my trust" is not an SSM parameter name',
    ]);
  });

  it('reports every problem at once, each naming its prop and quoting the bad value', () => {
    const problems = problemsOf(() =>
      validateRolewatchProps({
        trustParameterName: '/rolewatch/trust',
        enableEventBridgeTrigger: false,
        createAlertTopic: false,
        alertEmail: 'secops@example.com',
        slackWebhookSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slack',
        alertMinSeverity: 'severe' as never,
        securityHubMinSeverity: 'high',
        memorySizeMb: 'lots' as never,
        logRetentionDays: 10,
        metricDimensions: ['principal'],
      }),
    );

    expect(problems).toEqual([
      'slackWebhookSecretArn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:slack" is not a complete ' +
        'Secrets Manager secret ARN (arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX)',
      'alertMinSeverity: "severe" is not a severity (info, low, medium, high, critical)',
      'memorySizeMb: "lots" must be a whole number from 128 to 10240',
      'logRetentionDays: 10 is not a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, ' +
        '180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)',
      'metricDimensions: "principal" is not a metric dimension (role, actorAccount, recipientAccount, awsRegion)',
      'no trigger is enabled: set enableEventBridgeTrigger, cloudTrailLogGroupName or trailBucketName',
      'alertEmail: needs the alert topic (createAlertTopic is false)',
      'securityHubMinSeverity: the securityhub sink is not enabled',
    ]);
  });

  it('refuses a Slack secret key without the Slack secret, and takes it with one', () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/5678abcd-12ab-34cd-56ef-1234567890ab';
    expect(
      problemsOf(() => validateRolewatchProps({ trustFile: TRUST_FILE, slackSecretKmsKeyArn: key })),
    ).toEqual(['slackSecretKmsKeyArn: only applies with slackWebhookSecretArn']);
    const resolved = validateRolewatchProps({
      trustFile: TRUST_FILE,
      slackWebhookSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:rolewatch/slack-AbCdEf',
      slackSecretKmsKeyArn: key,
    });
    expect(resolved.alerts.slackSecretKmsKeyArn).toBe(key);
  });

  it('refuses to deploy with no alert sink at all', () => {
    const problems = problemsOf(() =>
      validateRolewatchProps({ trustFile: TRUST_FILE, createAlertTopic: false, logAlerts: false }),
    );

    expect(problems).toEqual(['no alert sink is enabled: findings would go nowhere']);
  });

  it('refuses S3 settings when S3 ingest is off', () => {
    const problems = problemsOf(() =>
      validateRolewatchProps({
        trustFile: TRUST_FILE,
        trailKeyPrefix: 'org',
        createBucketNotification: false,
      }),
    );

    expect(problems).toEqual([
      'trailKeyPrefix: only applies when S3 ingest is enabled',
      'createBucketNotification: only applies when S3 ingest is enabled',
    ]);
  });

  it('applies the documented defaults', () => {
    const settings = validateRolewatchProps({ trustFile: TRUST_FILE, distDir: fakeDist() });

    expect(settings).toMatchObject({
      trust: { kind: 'file', path: resolve(TRUST_FILE), bundleName: 'rolewatch-trust.yaml' },
      eventBridge: true,
      logSubscription: undefined,
      s3Ingest: undefined,
      alerts: { topic: true, securityHub: false, log: true, minSeverity: undefined },
      memorySizeMb: 256,
      logRetentionDays: 90,
      logLevel: 'INFO',
      alarms: true,
    });
  });

  it('enables S3 ingest from the bucket name and normalises the key prefix', () => {
    const settings = validateRolewatchProps({
      trustS3Url: 's3://acme-config/rolewatch/trust.yaml',
      trailBucketName: 'acme-cloudtrail',
      trailKeyPrefix: 'org/',
    });

    expect(settings.trust).toEqual({ kind: 's3', bucket: 'acme-config', key: 'rolewatch/trust.yaml' });
    expect(settings.s3Ingest).toEqual({
      bucketName: 'acme-cloudtrail',
      keyPrefix: 'org/',
      kmsKeyArn: undefined,
      createBucketNotification: true,
    });
  });
});

describe('RolewatchStack props', () => {
  it('throws the validation error from the stack constructor before creating anything', () => {
    const { app } = projectApp();

    expect(() => new RolewatchStack(app, 'Broken', { trustFile: TRUST_FILE, enableS3Ingest: true })).toThrow(
      /enableS3Ingest: S3 ingest needs trailBucketName/,
    );
  });

  it('names the missing bundle and the build command when dist is absent', () => {
    const { app } = projectApp();
    const emptyDist = mkdtempSync(join(tmpdir(), 'rolewatch-dist-'));

    expect(() => new RolewatchStack(app, 'NoDist', { trustFile: TRUST_FILE, distDir: emptyDist })).toThrow(
      `rolewatch: ${join(emptyDist, 'events', 'index.mjs')} is missing: run "npm run build" before synthesizing`,
    );
  });
});
