import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aws_iam as iam, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import {
  AthenaTrail,
  type AthenaTrailProps,
  AthenaTrailPropsError,
  athenaTrailDdl,
  DEFAULT_BYTES_SCANNED_CUTOFF,
  DEFAULT_TRAIL_REGIONS,
  projectionParameters,
} from '../../infra/constructs/athena-trail.ts';
import { CLOUDTRAIL_TABLE_COLUMNS } from '../../infra/constructs/cloudtrail-table-schema.ts';
import { testApp } from './support.ts';

const ORG_TRAIL: AthenaTrailProps = {
  trailBucketName: 'org-cloudtrail',
  organizationId: 'o-a1b2c3d4e5',
  accountIds: ['111122223333', '444455556666'],
  databaseName: 'rolewatch',
};

function synthesize(props: AthenaTrailProps): { stack: Stack; template: Template; trail: AthenaTrail } {
  const { app } = testApp();
  const stack = new Stack(app, 'Athena', { env: { account: '111122223333', region: 'us-east-1' } });
  const trail = new AthenaTrail(stack, 'Athena', props);
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  trail.grantQuery(reader);
  return { stack, trail, template: Template.fromStack(stack) };
}

type Statement = { Action: string | string[]; Resource: unknown };
const statements = (template: Template): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );

describe('the Athena construct (athena:// at organization scale)', () => {
  const { template, trail, stack } = synthesize(ORG_TRAIL);

  it('creates the CloudTrail table with partition projection by account, region and day over the organization layout', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      DatabaseName: 'rolewatch',
      TableInput: {
        Name: 'cloudtrail',
        TableType: 'EXTERNAL_TABLE',
        PartitionKeys: [
          { Name: 'account', Type: 'string' },
          { Name: 'region', Type: 'string' },
          { Name: 'day', Type: 'string' },
        ],
        Parameters: Match.objectLike({
          'projection.enabled': 'true',
          'projection.account.type': 'enum',
          'projection.account.values': '111122223333,444455556666',
          'projection.region.type': 'enum',
          'projection.day.type': 'date',
          'projection.day.format': 'yyyy/MM/dd',
          'projection.day.range': '2020/01/01,NOW',
          // Athena's own placeholders, verbatim.
          'storage.location.template': `s3://org-cloudtrail/AWSLogs/o-a1b2c3d4e5/\${account}/CloudTrail/\${region}/\${day}`,
        }),
        StorageDescriptor: {
          Location: 's3://org-cloudtrail/AWSLogs/o-a1b2c3d4e5/',
          InputFormat: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
          SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' },
          Columns: CLOUDTRAIL_TABLE_COLUMNS.map((c) => ({ Name: c.name, Type: c.type })),
        },
      },
    });
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'rolewatch' } });
    expect(trail.sourceUrl).toBe('athena://rolewatch.cloudtrail?workgroup=rolewatch');
  });

  it('reads a single-account trail under a key prefix when no organization is named', () => {
    const single = synthesize({
      trailBucketName: 'acme-trail',
      trailKeyPrefix: 'ct',
      accountIds: ['111122223333'],
    });

    single.template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Parameters: Match.objectLike({
          'storage.location.template': `s3://acme-trail/ct/AWSLogs/\${account}/CloudTrail/\${region}/\${day}`,
        }),
      }),
    });
  });

  it('runs queries in a workgroup that enforces engine 3, encrypted results and a bytes-scanned cap', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'rolewatch',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: DEFAULT_BYTES_SCANNED_CUTOFF,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          OutputLocation: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
        },
      },
    });
  });

  it('keeps results in an encrypted, private, TLS-only bucket that expires them', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ ExpirationInDays: 7, Status: 'Enabled' })],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it("grants a reader the workgroup's query calls, the table's definition and the trail's log objects, nothing wider", () => {
    const all = statements(template);
    const resourcesOf = (action: string): unknown[] =>
      all.filter((s) => [s.Action].flat().includes(action)).map((s) => s.Resource);

    expect(JSON.stringify(resourcesOf('athena:StartQueryExecution'))).toContain(':workgroup/rolewatch');
    expect(JSON.stringify(resourcesOf('glue:GetTable'))).toContain('table/rolewatch/cloudtrail');
    expect(JSON.stringify(resourcesOf('s3:GetObject'))).toContain(
      ':s3:::org-cloudtrail/AWSLogs/o-a1b2c3d4e5/*',
    );
    expect(all.filter((s) => s.Resource === '*')).toEqual([]);
  });

  it('leaves no unacknowledged cdk-nag AwsSolutions finding', () => {
    const violations = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => ({
      rule: v.ruleName,
      resources: v.violatingResources.map((r) => r.constructPath),
    }));

    expect(violations).toEqual([]);
  });

  it('refuses props it cannot deploy, naming each problem', () => {
    const { app } = testApp();
    const stack = new Stack(app, 'Bad');

    expect(
      () =>
        new AthenaTrail(stack, 'Athena', {
          trailBucketName: 'Bad_Bucket',
          organizationId: 'org-1',
          accountIds: ['12345'],
          databaseName: 'Has-Dash',
          bytesScannedCutoffPerQuery: 5,
        }),
    ).toThrow(AthenaTrailPropsError);
    try {
      new AthenaTrail(stack, 'Athena2', { trailBucketName: 'ok-bucket', accountIds: [] });
    } catch (e) {
      expect((e as AthenaTrailPropsError).problems).toEqual(['accountIds: name at least one account']);
    }
  });
});

describe('the README', () => {
  it('shows the DDL the construct creates', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const block = /<!-- athena-ddl:start -->\n```sql\n([\s\S]*?)\n```\n<!-- athena-ddl:end -->/.exec(
      readme,
    )?.[1];
    const location = 's3://org-cloudtrail/AWSLogs/o-a1b2c3d4e5/';

    const ddl = athenaTrailDdl({
      databaseName: 'rolewatch',
      tableName: 'cloudtrail',
      location,
      parameters: projectionParameters({
        location,
        accountIds: ['111122223333', '444455556666'],
        regions: DEFAULT_TRAIL_REGIONS,
        firstDay: '2020/01/01',
      }),
    });

    expect(block, 'README.md: paste the output of athenaTrailDdl between the athena-ddl markers').toBe(ddl);
  });
});
