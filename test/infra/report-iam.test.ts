import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { RolewatchStack, type RolewatchStackProps } from '../../infra/rolewatch-stack.ts';
import { fakeDist, testApp } from './support.ts';

const TRAIL_KEY = 'arn:aws:kms:us-east-1:111122223333:key/99999999-2222-3333-4444-555555555555';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

/** The report function's stack, and the statements of its role's policies. */
function reportStack(props: Partial<RolewatchStackProps>): {
  stack: RolewatchStack;
  statements: Statement[];
} {
  const { app } = testApp();
  const stack = new RolewatchStack(app, 'Report', {
    env: { account: '111122223333', region: 'us-east-1' },
    trustFile: 'fixtures/trust/example-org.yaml',
    distDir: fakeDist(),
    alertEmail: 'secops@acme.example',
    ...props,
  });
  const statements = Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith('ReportFunction'))
    .flatMap(
      ([, p]) =>
        (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
          .Statement,
    );
  return { stack, statements };
}

/** The resources (as JSON) of the statements that allow `action`. */
const resourcesOf = (statements: readonly Statement[], action: string): string =>
  JSON.stringify(statements.filter((s) => [s.Action].flat().includes(action)).map((s) => s.Resource));

const nagViolations = (stack: RolewatchStack) =>
  new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(',')}`);

describe("the report function reading the stack's own Athena table (athenaAccountIds + reportSource athena://)", () => {
  // The workgroup's results bucket has a name CloudFormation generates: nobody can pass it as
  // reportAthenaResultsBucketName before deploying, so the stack must grant it itself.
  const { stack, statements } = reportStack({
    trailBucketName: 'org-cloudtrail',
    trailKmsKeyArn: TRAIL_KEY,
    athenaAccountIds: ['111122223333', '444455556666'],
    trailOrganizationId: 'o-a1b2c3d4e5',
    reportSource: 'athena://rolewatch.cloudtrail?workgroup=rolewatch',
  });

  it('may read the table definition the source asks Athena for first (GetTableMetadata on the data catalog)', () => {
    expect(resourcesOf(statements, 'athena:GetTableMetadata')).toContain(':datacatalog/AwsDataCatalog');
  });

  it("may read the trail's log objects under the table's location, and decrypt them with the trail key", () => {
    expect(resourcesOf(statements, 's3:GetObject')).toContain(':s3:::org-cloudtrail/AWSLogs/o-a1b2c3d4e5/*');
    expect(resourcesOf(statements, 'kms:Decrypt')).toContain(TRAIL_KEY);
  });

  it("may write query results to the workgroup's results bucket, and read them back", () => {
    expect(resourcesOf(statements, 's3:PutObject')).toMatch(/AthenaResults[0-9A-F]+","Arn"\]\},"\/\*"/);
    expect(resourcesOf(statements, 's3:ListBucket')).toMatch(/AthenaResults[0-9A-F]+","Arn"\]/);
  });

  it('stays cdk-nag clean', () => {
    expect(nagViolations(stack)).toEqual([]);
  });
});

describe('the report function reading an Athena table of its own (reportAthena*BucketName)', () => {
  const { stack, statements } = reportStack({
    trailBucketName: 'acme-cloudtrail-logs',
    reportSource: 'athena://cloudtrail.org_trail?workgroup=analysts',
    reportAthenaDataBucketName: 'org-cloudtrail',
    reportAthenaResultsBucketName: 'athena-results-bucket',
  });

  it('may read the table definition (GetTableMetadata on the data catalog)', () => {
    expect(resourcesOf(statements, 'athena:GetTableMetadata')).toContain(':datacatalog/AwsDataCatalog');
  });

  it('gets bucket-level actions on the results bucket and object-level ones on its objects', () => {
    const bucket = 'arn:",{"Ref":"AWS::Partition"},":s3:::athena-results-bucket"';
    expect(resourcesOf(statements, 's3:ListBucketMultipartUploads')).toContain(bucket);
    expect(resourcesOf(statements, 's3:GetBucketLocation')).toContain(bucket);
    expect(resourcesOf(statements, 's3:PutObject')).toContain('athena-results-bucket/*');
    expect(resourcesOf(statements, 's3:PutObject')).not.toContain(bucket);
    expect(resourcesOf(statements, 's3:ListMultipartUploadParts')).toContain('athena-results-bucket/*');
  });

  it('stays cdk-nag clean', () => {
    expect(nagViolations(stack)).toEqual([]);
  });
});

describe('the report function reading the trail bucket (the default s3:// source)', () => {
  const { stack, statements } = reportStack({
    trailBucketName: 'acme-cloudtrail-logs',
    trailKeyPrefix: 'org',
  });

  it("may get the CloudTrail log files under the trail's AWSLogs/ prefix only, not the other services' logs beside them", () => {
    const objects = resourcesOf(statements, 's3:GetObject');
    expect(objects).toContain(':s3:::acme-cloudtrail-logs/org/AWSLogs/*/CloudTrail/*');
    expect(objects).not.toContain(':s3:::acme-cloudtrail-logs/org/AWSLogs/*"');
    // Listing still walks the folders from AWSLogs/ down.
    expect(JSON.stringify(statements.filter((s) => s.Condition !== undefined))).toContain('"org/AWSLogs/*"');
  });

  it('reads every object under a source prefix that is not an AWSLogs/ folder', () => {
    const other = reportStack({
      trailBucketName: 'acme-cloudtrail-logs',
      reportSource: 's3://acme-exports/cloudtrail/2026',
    });
    expect(resourcesOf(other.statements, 's3:GetObject')).toContain(':s3:::acme-exports/cloudtrail/2026*');
  });

  it('stays cdk-nag clean', () => {
    expect(nagViolations(stack)).toEqual([]);
  });
});

describe("the stack's Athena table over an SSE-KMS trail in another account (enableS3Ingest false)", () => {
  it('takes trailKmsKeyArn and trailKeyPrefix for the table, so the report may decrypt what Athena reads', () => {
    const { stack, statements } = reportStack({
      trailBucketName: 'org-cloudtrail',
      enableS3Ingest: false,
      trailKeyPrefix: 'org',
      trailKmsKeyArn: TRAIL_KEY,
      athenaAccountIds: ['111122223333'],
      reportSource: 'athena://rolewatch.cloudtrail?workgroup=rolewatch',
    });

    expect(resourcesOf(statements, 'kms:Decrypt')).toContain(TRAIL_KEY);
    expect(resourcesOf(statements, 's3:GetObject')).toContain(':s3:::org-cloudtrail/org/AWSLogs/*');
    expect(nagViolations(stack)).toEqual([]);
  });
});
