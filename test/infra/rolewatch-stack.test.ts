import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack, aws_sqs as sqs, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEASE_MARGIN_MS } from '../../functions/lambda/alert-lease.ts';
import { RolewatchStack, type RolewatchStackProps } from '../../infra/rolewatch-stack.ts';
import { fakeDist, projectApp } from './support.ts';

const CREDENTIAL_EVENTS = [
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'AssumeRoot',
  'GetSessionToken',
  'GetFederationToken',
];
const SLACK_SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:rolewatch/slack-AbCdEf';
const TRAIL_KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SLACK_KEY = 'arn:aws:kms:us-east-1:111122223333:key/5678abcd-12ab-34cd-56ef-1234567890ab';

/** Every IAM statement may use `Resource: "*"` only if listed here; rolewatch needs none. */
const ALLOWED_STAR_ACTIONS: readonly string[] = [];

const FULL: RolewatchStackProps = {
  trustFile: 'fixtures/trust/example-org.yaml',
  cloudTrailLogGroupName: 'aws-cloudtrail-logs-111122223333',
  trailBucketName: 'acme-cloudtrail-logs',
  trailKeyPrefix: 'org',
  trailKmsKeyArn: TRAIL_KEY,
  alertEmail: 'secops@example.com',
  slackWebhookSecretArn: SLACK_SECRET,
  slackSecretKmsKeyArn: SLACK_KEY,
  enableSecurityHub: true,
  alertEventBusName: 'security-findings',
  alertMinSeverity: 'medium',
  slackMinSeverity: 'high',
};

interface Synthesized {
  readonly stack: RolewatchStack;
  readonly template: Template;
  /** Synthesis messages (warnings, errors) of the stack. */
  readonly warnings: readonly string[];
}

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

function policyStatements(template: Template): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

function statementsFor(template: Template, roleLogicalIdPrefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) =>
      JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(
        roleLogicalIdPrefix,
      ),
    )
    .flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
          .Statement,
    );
}

const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

let full: Synthesized;
let minimal: Synthesized;
let fromS3: Synthesized;
let outdir: string;

// One app, synthesized once, holds the three stacks every test reads.
beforeAll(() => {
  const project = projectApp({ validateTemplates: true });
  outdir = project.outdir;
  const distDir = fakeDist();
  const stacks = {
    full: new RolewatchStack(project.app, 'Full', { ...FULL, distDir }),
    minimal: new RolewatchStack(project.app, 'Minimal', {
      trustParameterName: '/rolewatch/trust',
      createAlertTopic: false,
      enableAlarms: false,
      createStateTable: false,
      distDir,
    }),
    fromS3: new RolewatchStack(project.app, 'FromS3', {
      trustS3Url: 's3://acme-config/rolewatch/trust.yaml',
      trustKmsKeyArn: TRAIL_KEY,
      enableEventBridgeTrigger: false,
      trailBucketName: 'acme-cloudtrail-logs',
      createBucketNotification: false,
      distDir,
    }),
  };
  // The same plugin as infra/app.ts: synthesis fails on any unacknowledged AwsSolutions finding.
  Validations.of(project.app).addPlugins(new AwsSolutionsChecks(project.app));
  const assembly = project.app.synth();
  // From the one synthesis: Annotations.fromStack would synthesize the app again for each stack.
  const synthesized = (stack: RolewatchStack): Synthesized => ({
    stack,
    template: Template.fromStack(stack),
    warnings: assembly
      .getStackArtifact(stack.artifactId)
      .messages.filter((m) => m.level === 'warning')
      .map((m) => String(m.entry.data)),
  });
  full = synthesized(stacks.full);
  minimal = synthesized(stacks.minimal);
  fromS3 = synthesized(stacks.fromS3);
}, 120_000);

describe('RolewatchStack functions', () => {
  it('deploys the three functions on nodejs24.x arm64 with handler index.handler and 256 MB', () => {
    full.template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 256,
      },
      3,
    );
    for (const description of ['EventBridge', 'log group subscription', 'new CloudTrail log files']) {
      full.template.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp(description),
        TracingConfig: Match.absent(),
      });
    }
  });

  it('gives every function the CONTRACT §6 environment and the alert sink settings', () => {
    full.template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      {
        Environment: {
          Variables: Match.objectLike({
            ROLEWATCH_CONFIG: 'rolewatch-trust.yaml',
            ROLEWATCH_ALERT_SINKS: 'sns,slack,securityhub,eventbridge,log',
            ROLEWATCH_STATE: {
              'Fn::Join': ['', ['dynamodb:', { Ref: Match.stringLikeRegexp('^StateTable') }]],
            },
            ROLEWATCH_DEDUP_HOURS: '24',
            ROLEWATCH_SNS_TOPIC_ARN: { Ref: Match.stringLikeRegexp('^AlertingTopic') },
            ROLEWATCH_SLACK_WEBHOOK_SECRET: SLACK_SECRET,
            ROLEWATCH_EVENT_BUS_NAME: 'security-findings',
            ROLEWATCH_ACCOUNT_ID: { Ref: 'AWS::AccountId' },
            ROLEWATCH_ALERT_MIN_SEVERITY: 'medium',
            ROLEWATCH_SLACK_MIN_SEVERITY: 'high',
          }),
        },
      },
      3, // stream, events and s3-batch
    );
  });

  it('gives the scheduled report the trust file and the topic only: no other sink, no state table', () => {
    const [report, ...others] = Object.entries(full.template.findResources('AWS::Lambda::Function')).filter(
      ([id]) => id.startsWith('ReportFunction'),
    );
    expect(others).toEqual([]);
    type Fn = { Properties: { Environment: { Variables: Record<string, unknown> } } };
    const variables = (report?.[1] as Fn | undefined)?.Properties.Environment.Variables ?? {};
    expect(Object.keys(variables).sort()).toEqual([
      'NODE_OPTIONS',
      'POWERTOOLS_LOG_LEVEL',
      'ROLEWATCH_CONFIG',
      'ROLEWATCH_DASHBOARD_URL',
      'ROLEWATCH_REPORT_BUCKET',
      'ROLEWATCH_REPORT_PERIOD',
      'ROLEWATCH_REPORT_SOURCE',
      'ROLEWATCH_SNS_TOPIC_ARN',
    ]);
    // Its role's policies: no Secrets Manager, Security Hub, EventBridge or DynamoDB action.
    const reportRole = Object.entries(full.template.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.startsWith('ReportFunction'),
    );
    expect(reportRole.length).toBeGreaterThan(0);
    const actions = JSON.stringify(reportRole.map(([, p]) => p));
    expect(actions).toContain('sns:Publish');
    expect(actions).not.toMatch(/secretsmanager:|securityhub:|events:PutEvents|dynamodb:/);
  });

  it('copies the trust file into each bundle, without the esbuild build report', () => {
    const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    const withTrustFile = assets.filter((a) => existsSync(join(outdir, a, 'rolewatch-trust.yaml')));

    // The Full stack's four functions (stream, events, s3-batch, report); the others read SSM or S3.
    expect(withTrustFile).toHaveLength(4);
    for (const asset of withTrustFile) {
      const files = readdirSync(join(outdir, asset));
      expect(files).toContain('index.mjs');
      expect(files).toContain('rolewatch-trust.yaml');
      expect(files).not.toContain('meta.json');
    }
  });

  it("passes CDK's built-in CloudFormation validation, which the project's flags make fail a synthesis", () => {
    type Report = { pluginReports: { pluginName: string; violations: { ruleName: string }[] }[] };
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;
    const cloudFormation = report.pluginReports.filter((r) => r.pluginName === 'CloudFormation Validate');

    expect(cloudFormation.flatMap((r) => r.violations.map((v) => v.ruleName))).toEqual([]);
    // The report is the synthesis's own: it holds the stacks' annotations too.
    expect(report.pluginReports.map((r) => r.pluginName)).toContain('Construct Annotations');
  });

  it('gives each function its own log group with a retention period', () => {
    full.template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 90 }, 4);
    full.template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('Logs') } } },
      4,
    );
  });

  it('retries failed asynchronous invocations of events, stream and the report twice, then keeps them', () => {
    full.template.resourcePropertiesCountIs(
      'AWS::Lambda::EventInvokeConfig',
      {
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
      },
      3,
    );
    full.template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 3);
  });

  it('ends every alert claim lease before a held input comes back: SQS visibility, and the async retries of the same function', () => {
    // alert-lease.ts: a claim holds until its invocation's end plus LEASE_MARGIN_MS.
    const leaseSeconds = (timeout: number): number => timeout + LEASE_MARGIN_MS / 1000;
    const functions = Object.values(full.template.findResources('AWS::Lambda::Function')) as {
      Properties: { Timeout: number; Description: string };
    }[];
    const described = {
      events: 'EventBridge',
      stream: 'log group subscription',
      's3-batch': 'new CloudTrail log files',
    };
    const timeoutOf = (bundle: keyof typeof described): number => {
      const fn = functions.find((f) => f.Properties.Description.includes(described[bundle]));
      if (fn === undefined) throw new Error(`no ${bundle} function`);
      return fn.Properties.Timeout;
    };
    const [queue] = Object.values(
      full.template.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } }),
    ) as {
      Properties: { VisibilityTimeout: number };
    }[];
    // A message failed for a held claim is received again after the visibility timeout; every function's
    // claim (s3-batch's is the longest) has ended by then.
    const longest = Math.max(
      ...(['events', 'stream', 's3-batch'] as const).map((b) => leaseSeconds(timeoutOf(b))),
    );
    expect(longest).toBe(310);
    expect(queue?.Properties.VisibilityTimeout).toBeGreaterThan(longest);
    // Lambda retries an async event about 1 minute, then 2 more minutes, after it failed: the last retry
    // comes after any claim of the same function made before the first attempt looked.
    for (const bundle of ['events', 'stream'] as const)
      expect(leaseSeconds(timeoutOf(bundle))).toBeLessThan(180);
  });
});

describe('RolewatchStack triggers', () => {
  it('matches aws.sts API calls for the six credential-issuing events, read-only ones included', () => {
    full.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.sts'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['sts.amazonaws.com'], eventName: CREDENTIAL_EVENTS },
      },
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      Targets: [
        Match.objectLike({
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsDeadLetters'), 'Arn'] } },
        }),
      ],
    });
  });

  it('matches the IAM calls that set a role trust on a second rule, to the same function and dead-letter queue', () => {
    full.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.iam'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['iam.amazonaws.com'],
          eventName: ['CreateRole', 'UpdateAssumeRolePolicy', 'UpdateRole'],
        },
      },
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsFunction'), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsDeadLetters'), 'Arn'] } },
        }),
      ],
    });
  });

  it('warns at synthesis when the IAM rule is deployed outside us-east-1, where IAM events never arrive', () => {
    const project = projectApp();
    const distDir = fakeDist();
    const regions = ['eu-west-1', 'us-east-1', 'us-gov-east-1'];
    const stacks = regions.map(
      (region) =>
        new RolewatchStack(project.app, `Iam${region.replace(/-/g, '')}`, {
          env: { account: '111122223333', region },
          trustParameterName: '/rolewatch/trust',
          createAlertTopic: false,
          enableAlarms: false,
          distDir,
        }),
    );
    const assembly = project.app.synth();
    const [elsewhere, home, gov] = stacks.map((stack) =>
      assembly
        .getStackArtifact(stack.artifactId)
        .messages.map((m) => String(m.entry.data))
        .filter((m) => m.includes('IAM is global')),
    );
    expect(elsewhere).toHaveLength(1);
    expect(elsewhere?.[0]).toContain('reach EventBridge only in us-east-1, so in eu-west-1');
    expect(home).toEqual([]);
    expect(gov?.[0]).toContain('only in us-gov-west-1');
    // An environment-agnostic stack cannot be judged: the README says where to deploy.
    expect(full.warnings.filter((w) => w.includes('IAM is global'))).toEqual([]);
  });

  it('subscribes the stream function to the trail log group with a filter for the six STS events and the three IAM calls', () => {
    const filters = full.template.findResources('AWS::Logs::SubscriptionFilter');
    const [filter] = Object.values(filters) as {
      Properties: { FilterPattern: string; LogGroupName: string };
    }[];

    expect(Object.keys(filters)).toHaveLength(1);
    expect(filter?.Properties.LogGroupName).toBe('aws-cloudtrail-logs-111122223333');
    expect(filter?.Properties.FilterPattern).toContain('($.eventSource = "sts.amazonaws.com")');
    for (const name of CREDENTIAL_EVENTS) {
      expect(filter?.Properties.FilterPattern).toContain(`($.eventName = "${name}")`);
    }
    expect(filter?.Properties.FilterPattern).toContain(
      '(($.eventSource = "iam.amazonaws.com") && (($.eventName = "CreateRole") || ($.eventName = "UpdateAssumeRolePolicy") || ($.eventName = "UpdateRole")))',
    );
  });

  it('feeds s3-batch from an encrypted, TLS-only SQS queue with partial batch failures', () => {
    full.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^S3IngestQueue'), 'Arn'] },
    });
    full.template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 1800,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^S3IngestDeadLetters'), 'Arn'] },
        maxReceiveCount: 5,
      },
    });
    full.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it("notifies the queue of new objects under the trail's AWSLogs/ prefix", () => {
    full.template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: 'acme-cloudtrail-logs',
      Managed: false,
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'org/AWSLogs/' }] } },
          }),
        ],
      },
    });
  });

  it('deploys only the functions whose trigger is enabled', () => {
    minimal.template.resourceCountIs('AWS::Lambda::Function', 1);
    minimal.template.resourceCountIs('AWS::Logs::SubscriptionFilter', 0);
    fromS3.template.resourceCountIs('AWS::Events::Rule', 0);
    fromS3.template.resourceCountIs('Custom::S3BucketNotifications', 0);
    fromS3.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
  });
});

describe('RolewatchStack permissions', () => {
  it('uses no Resource "*" in any IAM policy statement outside the allow-list', () => {
    const star = [full, minimal, fromS3]
      .flatMap((s) => policyStatements(s.template))
      .filter((s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')));

    expect(star.flatMap(actionsOf).filter((a) => !ALLOWED_STAR_ACTIONS.includes(a))).toEqual([]);
  });

  it("lets s3-batch read the trail's CloudTrail log files only (not Config or ELB logs beside them), and decrypt with the trail key", () => {
    const statements = statementsFor(full.template, 'S3BatchFunctionRole');
    const s3 = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));

    expect(s3).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':s3:::acme-cloudtrail-logs/org/AWSLogs/*/CloudTrail/*'],
          ],
        },
      },
    ]);
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: TRAIL_KEY });
  });

  it('scopes each alert sink permission to its one resource', () => {
    const statements = statementsFor(full.template, 'EventsFunctionRole');
    const byAction = (action: string) => statements.filter((s) => actionsOf(s).includes(action));

    const publish = byAction('sns:Publish');
    expect(publish).toHaveLength(1);
    expect(publish[0]?.Resource).toEqual({ Ref: expect.stringMatching(/^AlertingTopic/) });
    expect(byAction('secretsmanager:GetSecretValue')).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SLACK_SECRET },
    ]);
    // A secret under a customer managed key: decrypt with it only through Secrets Manager, for that secret.
    expect(statements.filter((s) => s.Resource === SLACK_KEY)).toEqual([
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: SLACK_KEY,
        Condition: {
          StringEquals: {
            'kms:ViaService': {
              'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
            },
            'kms:EncryptionContext:SecretARN': SLACK_SECRET,
          },
        },
      },
    ]);
    expect(byAction('securityhub:BatchImportFindings')).toEqual([
      {
        Effect: 'Allow',
        Action: 'securityhub:BatchImportFindings',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':securityhub:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':product/',
              { Ref: 'AWS::AccountId' },
              '/default',
            ],
          ],
        },
      },
    ]);
    expect(JSON.stringify(byAction('events:PutEvents'))).toContain(':event-bus/security-findings');
    expect(statements.flatMap(actionsOf)).not.toContain('secretsmanager:DescribeSecret');
  });

  it('lets the functions read the trust parameter with ssm:GetParameter on that parameter only', () => {
    const ssm = policyStatements(minimal.template).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('ssm:')),
    );

    expect(ssm).toEqual([
      {
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':ssm:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':parameter/rolewatch/trust',
            ],
          ],
        },
      },
    ]);
    minimal.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ ROLEWATCH_CONFIG: '/rolewatch/trust', ROLEWATCH_ALERT_SINKS: 'log' }),
      },
    });
  });

  it('lets the functions read the trust object with s3:GetObject on that object only', () => {
    const trustObject = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::acme-config/rolewatch/trust.yaml']],
    };
    const trailObjects = {
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':s3:::acme-cloudtrail-logs/AWSLogs/*/CloudTrail/*'],
      ],
    };
    const s3 = statementsFor(fromS3.template, 'S3BatchFunctionRole').filter((s) =>
      actionsOf(s).some((a) => a.startsWith('s3:')),
    );

    // One statement: the feature flag @aws-cdk/aws-iam:minimizePolicies merges same-action statements.
    expect(s3).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: expect.arrayContaining([trustObject, trailObjects]),
      },
    ]);
    expect(s3[0]?.Resource).toHaveLength(2);
    fromS3.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ ROLEWATCH_CONFIG: 's3://acme-config/rolewatch/trust.yaml' }),
      },
    });
  });

  it('writes no arn:aws: literal except the ARNs it was given', () => {
    const given = new Set([SLACK_SECRET, TRAIL_KEY, SLACK_KEY]);
    const literals = [full, minimal, fromS3]
      .flatMap((s) => stringsIn(s.template.toJSON()))
      .filter((v) => v.includes('arn:aws:') && !given.has(v));

    expect(literals).toEqual([]);
  });
});

describe('RolewatchStack alerting and operations', () => {
  it('encrypts the findings topic with a rotating customer managed key and refuses plain HTTP', () => {
    full.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertingTopicKey'), 'Arn'] },
    });
    full.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    full.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    full.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'secops@example.com',
    });
  });

  it('alarms on the ConfigErrors metric of each function and notifies the topic', () => {
    for (const fn of ['events', 'stream', 's3-batch']) {
      full.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'rolewatch',
        MetricName: 'ConfigErrors',
        Dimensions: [{ Name: 'function', Value: fn }],
        Threshold: 1,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlertingTopic') }],
      });
    }
    full.template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { MetricName: 'Errors' }, 2);
    minimal.template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  it('does not count an invocation failed only because another one held its alerts as a stream or events error', () => {
    // Lambda's Errors counts the AlertsHeldError that makes it retry the event: normal concurrency,
    // not a broken function. The alarm subtracts the invocations the function says failed only for that.
    for (const fn of ['events', 'stream']) {
      full.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: 1,
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: 'errors - FILL(held, 0)', ReturnData: true }),
          Match.objectLike({
            Id: 'errors',
            MetricStat: Match.objectLike({
              Metric: Match.objectLike({ MetricName: 'Errors', Namespace: 'AWS/Lambda' }),
              Stat: 'Sum',
            }),
            ReturnData: false,
          }),
          Match.objectLike({
            Id: 'held',
            MetricStat: Match.objectLike({
              Metric: {
                MetricName: 'AlertsHeldInvocations',
                Namespace: 'rolewatch',
                Dimensions: [{ Name: 'function', Value: fn }],
              },
              Stat: 'Sum',
            }),
            ReturnData: false,
          }),
        ]),
      });
    }
  });

  it('leaves no unacknowledged cdk-nag AwsSolutions finding', () => {
    const violations = [full, minimal, fromS3].flatMap((s) =>
      new AwsSolutionsChecks().validateScope(s.stack).violations.map((v) => ({
        rule: v.ruleName,
        resources: v.violatingResources.map((r) => r.constructPath),
      })),
    );

    expect(violations).toEqual([]);
  });

  it('reports an unacknowledged finding, so the check above can fail', () => {
    const stack = new Stack(projectApp().app, 'Probe');
    new sqs.Queue(stack, 'PlainQueue');

    const rules = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName);

    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });
});

describe('RolewatchStack outputs and warnings', () => {
  it('outputs the topic, the queues and the function names an operator looks up', () => {
    const outputs = Object.keys(full.template.findOutputs('*')).sort();

    expect(outputs).toEqual([
      'AlertTopicArn',
      'DashboardName',
      'EventsDeadLetterQueueUrl',
      'EventsFunctionName',
      'ReportBucketName',
      'ReportDeadLetterQueueUrl',
      'ReportFunctionName',
      'S3BatchDeadLetterQueueUrl',
      'S3BatchFunctionName',
      'S3IngestQueueUrl',
      'StateTableName',
      'StreamDeadLetterQueueUrl',
      'StreamFunctionName',
    ]);
    full.template.hasOutput('AlertTopicArn', { Value: { Ref: Match.stringLikeRegexp('^AlertingTopic') } });
    full.template.hasOutput('S3IngestQueueUrl', { Value: { Ref: Match.stringLikeRegexp('^S3IngestQueue') } });
    expect(Object.keys(minimal.template.findOutputs('*')).sort()).toEqual([
      'DashboardName',
      'EventsDeadLetterQueueUrl',
      'EventsFunctionName',
    ]);
  });

  it('warns at synthesis when the alert topic has no subscriber', () => {
    const warnings = (s: Synthesized) =>
      s.warnings.filter((w) => w.includes('alert topic has no subscriber'));

    expect(warnings(fromS3)).toHaveLength(1);
    expect(warnings(full)).toEqual([]);
    expect(warnings(minimal)).toEqual([]);
  });
});

describe('RolewatchStack state table', () => {
  it('keeps state in one DynamoDB table: key pk, on demand, point-in-time recovery and TTL on expiresAt', () => {
    full.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    full.template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
      DeletionPolicy: 'Retain',
    });
    full.template.hasOutput('StateTableName', { Value: { Ref: Match.stringLikeRegexp('^StateTable') } });
  });

  it('lets each function read and write state items on the table, and do nothing else there', () => {
    const onTable = policyStatements(full.template).filter((s) =>
      stringsIn(s.Resource).some((r) => r.startsWith('StateTable')),
    );

    expect(onTable).toHaveLength(3);
    for (const s of onTable) {
      expect(actionsOf(s).sort()).toEqual([
        'dynamodb:BatchGetItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]);
    }
    const dynamo = policyStatements(full.template).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('dynamodb:')),
    );
    expect(dynamo).toEqual(onTable);
  });

  it('leaves the table out on request: state stays in memory and first-seen-pair does not run', () => {
    minimal.template.resourceCountIs('AWS::DynamoDB::Table', 0);
    minimal.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ROLEWATCH_STATE: 'memory' }) },
    });
  });
});
