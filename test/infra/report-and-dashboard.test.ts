import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  EmfMetricsRecorder,
  METRIC,
  METRICS_NAMESPACE,
} from '../../functions/adapters/metrics/metrics-recorder.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { ReportBucket } from '../../infra/constructs/report-bucket.ts';
import { RolewatchStack } from '../../infra/rolewatch-stack.ts';
import { type CapturedOutput, captureOutput } from '../lambda/helpers/capture-output.ts';
import { fakeDist, testApp } from './support.ts';

const FINDING_DIMENSIONS = ['role'];

/** Every metric name the recorder publishes, with each dimension set it really sets (from its EMF output). */
function emittedMetrics(): Map<string, Set<string>> {
  let output: CapturedOutput | undefined;
  try {
    output = captureOutput();
    const r = new EmfMetricsRecorder({ functionName: 'stream', extraDimensions: ['role'] });
    const finding = {
      rule: 'untrusted-principal',
      severity: 'high',
      role: { arn: 'arn:aws:iam::444455556666:role/X' },
      actor: { type: 'IAMUser', display: 'x' },
    } as unknown as Finding;
    r.records(3);
    r.credentialEvent('AssumeRole');
    r.grantedSessionSeconds('AssumeRole', 3600);
    r.judgementLag(1200);
    r.finding(finding);
    r.finding({ ...finding, suppressed: true });
    r.inputErrors(1);
    r.sinkFailure();
    r.configError();
    r.duplicateFindings(2);
    r.alertsHeldInvocation(Date.now());
    r.flush();
    const sets = new Map<string, Set<string>>();
    for (const doc of output.emf()) {
      for (const directive of doc._aws.CloudWatchMetrics) {
        for (const metric of directive.Metrics) {
          const known = sets.get(metric.Name) ?? new Set<string>();
          for (const dims of directive.Dimensions) known.add([...dims].sort().join(','));
          sets.set(metric.Name, known);
        }
      }
    }
    return sets;
  } finally {
    output?.restore();
  }
}

interface MetricRef {
  readonly where: string;
  readonly name: string;
  /** The dimension set the reference reads (exact for a metric, the SCHEMA for a query). */
  readonly dims: readonly string[];
  /** Dimensions a query filters or groups by (must be in `dims`). */
  readonly used: readonly string[];
}

const unquote = (s: string) => s.trim().replace(/^"|"$/g, '');

/** References in a Metrics Insights query: `SELECT F(Name) FROM SCHEMA("ns", d1, d2) [WHERE d = '…'] [GROUP BY d]`. */
function queryRef(where: string, expression: string): MetricRef | undefined {
  const q =
    /^SELECT\s+\w+\((\w+)\)\s+FROM\s+SCHEMA\(([^)]*)\)(?:\s+WHERE\s+(\w+)\s*=\s*'[^']*')?(?:\s+GROUP BY\s+(\w+))?$/.exec(
      expression,
    );
  if (q === null) return undefined;
  const [namespace, ...dims] = (q[2] ?? '').split(',').map(unquote);
  expect(namespace, where).toBe(METRICS_NAMESPACE);
  return { where, name: q[1] ?? '', dims, used: [q[3], q[4]].filter((d): d is string => d !== undefined) };
}

/** The dashboard body with tokens replaced by placeholders, parsed. */
function dashboardBody(template: Template): {
  widgets: { properties: { title?: string; metrics?: unknown[][] } }[];
} {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as {
    Properties: { DashboardBody: unknown };
  }[];
  const body = dashboard?.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] } | string;
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('');
  return JSON.parse(text);
}

function dashboardRefs(template: Template): MetricRef[] {
  const refs: MetricRef[] = [];
  for (const w of dashboardBody(template).widgets) {
    for (const m of w.properties.metrics ?? []) {
      const where = `dashboard widget "${w.properties.title}"`;
      const last = m.at(-1) as { expression?: string } | undefined;
      if (typeof m[0] === 'object' && last?.expression !== undefined) {
        const ref = queryRef(where, last.expression);
        expect(ref, `${where}: ${last.expression}`).toBeDefined();
        if (ref) refs.push(ref);
        continue;
      }
      const [namespace, name, ...rest] = m.filter((x) => typeof x === 'string') as string[];
      expect(namespace, where).toBe(METRICS_NAMESPACE);
      refs.push({ where, name: name ?? '', dims: rest.filter((_, i) => i % 2 === 0), used: [] });
    }
  }
  return refs;
}

interface AlarmMetric {
  Id: string;
  Expression?: string;
  MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string }[] } };
}

function alarmRefs(template: Template): MetricRef[] {
  const refs: MetricRef[] = [];
  for (const [id, alarm] of Object.entries(template.findResources('AWS::CloudWatch::Alarm'))) {
    const p = (
      alarm as {
        Properties: {
          Namespace?: string;
          MetricName?: string;
          Dimensions?: { Name: string }[];
          Metrics?: AlarmMetric[];
        };
      }
    ).Properties;
    const where = `alarm ${id}`;
    if (p.MetricName !== undefined && p.Namespace === METRICS_NAMESPACE) {
      refs.push({ where, name: p.MetricName, dims: (p.Dimensions ?? []).map((d) => d.Name), used: [] });
    }
    for (const m of p.Metrics ?? []) {
      const stat = m.MetricStat?.Metric;
      if (stat !== undefined && stat.Namespace === METRICS_NAMESPACE) {
        refs.push({
          where,
          name: stat.MetricName,
          dims: (stat.Dimensions ?? []).map((d) => d.Name),
          used: [],
        });
      }
      if (m.Expression?.startsWith('SELECT')) {
        const ref = queryRef(where, m.Expression);
        expect(ref, `${where}: ${m.Expression}`).toBeDefined();
        if (ref) refs.push(ref);
      }
    }
  }
  return refs;
}

describe('dashboard and security alarms', () => {
  let template: Template;
  let emitted: Map<string, Set<string>>;

  beforeAll(() => {
    emitted = emittedMetrics();
    const { app } = testApp();
    const stack = new RolewatchStack(app, 'Dash', {
      trustFile: 'fixtures/trust/example-org.yaml',
      distDir: fakeDist(),
      trailBucketName: 'acme-cloudtrail-logs',
      cloudTrailLogGroupName: 'aws-cloudtrail-logs',
      metricDimensions: FINDING_DIMENSIONS,
      reportSchedule: 'cron(30 7 ? * FRI *)',
      reportTimeZone: 'Europe/Berlin',
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    app.synth();
    template = Template.fromStack(stack);
  });

  it('references only metrics the recorder emits, with dimension sets it really sets', () => {
    const refs = [...dashboardRefs(template), ...alarmRefs(template)];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const sets = emitted.get(ref.name);
      expect(sets, `${ref.where}: ${ref.name} is not a metric the recorder emits`).toBeDefined();
      expect([...(sets ?? [])], `${ref.where}: ${ref.name} by ${ref.dims.join(',')}`).toContain(
        [...ref.dims].sort().join(','),
      );
      for (const d of ref.used) expect(ref.dims, `${ref.where}: ${d}`).toContain(d);
    }
    // Every metric the functions emit is on the dashboard.
    const shown = new Set(dashboardRefs(template).map((r) => r.name));
    for (const name of Object.values(METRIC)) expect(shown, name).toContain(name);
    // AlertsHeldInvocations comes only from the functions that throw to be retried (s3-batch fails the message).
    const held = dashboardBody(template).widgets.flatMap((w) =>
      (w.properties.metrics ?? []).filter((m) => m[1] === METRIC.alertsHeldInvocations),
    );
    expect(held.map((m) => m[m.indexOf('function') + 1]).sort()).toEqual(['events', 'stream']);
  });

  it('alarms on any critical finding, a findings-rate anomaly, judgement lag over 15 minutes and 6 silent hours', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: [Match.objectLike({ Expression: Match.stringLikeRegexp("WHERE severity = 'critical'") })],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ComparisonOperator: 'GreaterThanUpperThreshold',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: Match.stringLikeRegexp('^ANOMALY_DETECTION_BAND\\(') }),
      ]),
      ThresholdMetricId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 900_000,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.stringLikeRegexp('^MAX\\(') })]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      EvaluationPeriods: 6,
      DatapointsToAlarm: 6,
      TreatMissingData: 'breaching',
      Metrics: Match.arrayWith([Match.objectLike({ MetricStat: Match.objectLike({ Period: 3600 }) })]),
    });
  });

  it('runs the report on the configured schedule and time zone with the schedule time as input', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 7 ? * FRI *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Target: Match.objectLike({
        Input: Match.stringLikeRegexp('<aws.scheduler.scheduled-time>'),
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReportFunction'), 'Arn'] },
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      MemorySize: 1024,
      Environment: {
        Variables: Match.objectLike({
          ROLEWATCH_REPORT_SOURCE: 's3://acme-cloudtrail-logs/AWSLogs/',
          ROLEWATCH_REPORT_PERIOD: '7d',
          ROLEWATCH_REPORT_BUCKET: { Ref: Match.stringLikeRegexp('^ReportBucket') },
          ROLEWATCH_DASHBOARD_URL: Match.anyValue(),
        }),
      },
    });
  });

  it('sends a run the schedule could not invoke to the report dead-letter queue, after its retries', () => {
    // Scheduler's retries cover only the Invoke call; without a DLQ of its own an Invoke that still
    // fails (throttled, permission lost, function gone) is dropped and the week has no report.
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 86400 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReportDeadLetters'), 'Arn'] } },
      }),
    });
  });

  it("lets the schedule's role invoke the report function's unqualified ARN and send to its DLQ, nothing else", () => {
    const schedule = Object.values(template.findResources('AWS::Scheduler::Schedule'))[0] as {
      Properties: { Target: { RoleArn: { 'Fn::GetAtt': [string, string] } } };
    };
    const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0];
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => {
      const props = (
        p as { Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: unknown[] } } }
      ).Properties;
      return props.Roles.some((r) => r.Ref === roleId) ? props.PolicyDocument.Statement : [];
    });
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ReportFunction/), 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ReportDeadLetters/), 'Arn'] },
      },
    ]);
  });

  it('lets the report function read the trail prefix and get or put reports, nothing else in S3', () => {
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.startsWith('ReportFunction'),
    );
    const statements = policies.flatMap(
      ([, p]) =>
        (
          p as {
            Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } };
          }
        ).Properties.PolicyDocument.Statement,
    );
    const s3Actions = statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('s3:'));
    expect(new Set(s3Actions)).toEqual(new Set(['s3:ListBucket', 's3:GetObject', 's3:PutObject']));
    expect(JSON.stringify(statements)).toContain('acme-cloudtrail-logs/AWSLogs/*');
  });
});

describe('the report bucket', () => {
  let stack: Stack;
  let t: Template;
  beforeAll(() => {
    stack = new Stack(testApp().app, 'Bucket');
    new ReportBucket(stack, 'Reports', { retentionDays: 90 });
    t = Template.fromStack(stack);
  });

  it('is encrypted, versioned, private, TLS only, access-logged, and expires old reports', () => {
    t.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'report-bucket/' }),
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            ExpirationInDays: 90,
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            Status: 'Enabled',
          }),
        ],
      },
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    expect(() => new ReportBucket(stack, 'Bad', { retentionDays: 0 })).toThrow(/retentionDays/);
  });
});
