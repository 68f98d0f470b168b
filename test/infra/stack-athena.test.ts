import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { readDeploySettings } from '../../infra/context-props.ts';
import { RolewatchStack } from '../../infra/rolewatch-stack.ts';
import { type RolewatchPropsError, validateRolewatchProps } from '../../infra/validate-props.ts';
import { testApp } from './support.ts';

const TRUST_FILE = 'fixtures/trust/example-org.yaml';

/** A dist folder with a stand-in `events` bundle: synthesis needs the file, not a real build. */
function fakeDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'rolewatch-dist-'));
  mkdirSync(join(dist, 'events'));
  writeFileSync(join(dist, 'events', 'index.mjs'), 'export const handler = async () => undefined;\n');
  return dist;
}

describe('the stack with athenaAccountIds', () => {
  const { app } = testApp();
  const stack = new RolewatchStack(app, 'WithAthena', {
    env: { account: '111122223333', region: 'us-east-1' },
    trustFile: TRUST_FILE,
    distDir: fakeDist(),
    trailBucketName: 'org-cloudtrail',
    enableS3Ingest: false,
    athenaAccountIds: ['111122223333', '444455556666'],
    trailOrganizationId: 'o-a1b2c3d4e5',
  });
  const template = Template.fromStack(stack);

  it('creates the Athena table over the organization trail and outputs the source to scan', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Parameters: Match.objectLike({
          'projection.account.values': '111122223333,444455556666',
          'storage.location.template': `s3://org-cloudtrail/AWSLogs/o-a1b2c3d4e5/\${account}/CloudTrail/\${region}/\${day}`,
        }),
      }),
    });
    template.resourceCountIs('AWS::Athena::WorkGroup', 1);
    template.hasOutput('AthenaSource', { Value: 'athena://rolewatch.cloudtrail?workgroup=rolewatch' });
  });

  it('stays cdk-nag clean', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('creates no Athena resources without athenaAccountIds', () => {
    const plain = new RolewatchStack(testApp().app, 'Plain', { trustFile: TRUST_FILE, distDir: fakeDist() });

    Template.fromStack(plain).resourceCountIs('AWS::Glue::Table', 0);
  });
});

describe('Athena props', () => {
  const problems = (props: Parameters<typeof validateRolewatchProps>[0]): readonly string[] => {
    try {
      validateRolewatchProps(props);
      return [];
    } catch (e) {
      return (e as RolewatchPropsError).problems;
    }
  };

  it('need the trail bucket, account ids, an organization id and a Glue name', () => {
    expect(
      problems({
        trustFile: TRUST_FILE,
        athenaAccountIds: ['1234'],
        trailOrganizationId: 'org',
        athenaDatabaseName: 'Bad-Name',
      }),
    ).toEqual([
      'athenaAccountIds: "1234" is not a 12-digit account id',
      'trailOrganizationId: "org" is not an organization id (o-…)',
      'athenaDatabaseName: "Bad-Name" is not a Glue database name (lower-case letters, digits and \'_\')',
      'athenaAccountIds: the Athena table needs trailBucketName (the bucket your trail delivers to)',
    ]);
    expect(problems({ trustFile: TRUST_FILE, trailOrganizationId: 'o-a1b2c3d4e5' })).toEqual([
      'trailOrganizationId: only applies with athenaAccountIds (the Athena table)',
    ]);
  });

  it('come from CDK context like every prop (lists comma-separated)', () => {
    const context: Record<string, string> = {
      trustFile: TRUST_FILE,
      trailBucketName: 'org-cloudtrail',
      athenaAccountIds: '111122223333,444455556666',
      trailOrganizationId: 'o-a1b2c3d4e5',
    };

    const settings = readDeploySettings(context, () => ({}));

    expect(settings.props).toMatchObject({
      athenaAccountIds: ['111122223333', '444455556666'],
      trailOrganizationId: 'o-a1b2c3d4e5',
    });
  });
});
