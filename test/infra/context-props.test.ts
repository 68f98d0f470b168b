import { describe, expect, it } from 'vitest';
import { readDeploySettings } from '../../infra/context-props.ts';
import { PROJECT_CONTEXT, problemsOf } from './support.ts';

const TRUST_FILE = 'fixtures/trust/example-org.yaml';
// What the CDK CLI adds to the context of every app, besides cdk.json's feature flags.
const CLI_CONTEXT = {
  ...PROJECT_CONTEXT,
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:version-reporting': true,
  'availability-zones:account=111122223333:region=eu-west-1': ['eu-west-1a'],
  'acknowledged-issue-numbers': [32775],
};
const noFile = (path: string): unknown => {
  throw new Error(`unexpected read of ${path}`);
};

describe('readDeploySettings', () => {
  it('turns -c strings into typed props, ignores CDK keys and defaults the stack name to rolewatch', () => {
    const settings = readDeploySettings(
      {
        ...CLI_CONTEXT,
        trustFile: TRUST_FILE,
        enableSecurityHub: 'true',
        createAlertTopic: 'false',
        memorySizeMb: '512',
        metricDimensions: 'role, awsRegion',
      },
      noFile,
    );

    expect(settings.stackName).toBe('rolewatch');
    expect(settings.props).toMatchObject({
      trustFile: TRUST_FILE,
      enableSecurityHub: true,
      createAlertTopic: false,
      memorySizeMb: 512,
      metricDimensions: ['role', 'awsRegion'],
    });
  });

  it('reads a props file and lets context values win over it', () => {
    const file = {
      stackName: 'rolewatch-prod',
      trustParameterName: '/rolewatch/trust',
      trailBucketName: 'acme-cloudtrail',
      alertMinSeverity: 'medium',
    };

    const settings = readDeploySettings(
      { propsFile: 'deploy/prod.json', alertMinSeverity: 'high' },
      (path) => (path === 'deploy/prod.json' ? file : undefined),
    );

    expect(settings.stackName).toBe('rolewatch-prod');
    expect(settings.props).toMatchObject({
      trustParameterName: '/rolewatch/trust',
      trailBucketName: 'acme-cloudtrail',
      alertMinSeverity: 'high',
    });
  });

  it('refuses misspelt context keys with the prop they were probably meant to be', () => {
    const problems = problemsOf(() =>
      readDeploySettings(
        {
          ...CLI_CONTEXT,
          trustFile: TRUST_FILE,
          trailBucketNam: 'acme-cloudtrail-logs',
          alertEmial: 'secops@acme.example',
        },
        noFile,
      ),
    );

    expect(problems).toEqual([
      'context: unknown key "trailBucketNam"; did you mean "trailBucketName"?',
      'context: unknown key "alertEmial"; did you mean "alertEmail"?',
    ]);
  });

  it('refuses an unknown key in the props file, naming the file and the key', () => {
    const problems = problemsOf(() =>
      readDeploySettings({ propsFile: 'deploy.json' }, () => ({ trustFiel: TRUST_FILE })),
    );

    expect(problems).toEqual([
      'deploy.json: unknown key "trustFiel"; did you mean "trustFile"?',
      'the trust file is missing: set one of trustFile, trustParameterName or trustS3Url',
    ]);
  });

  it('reports every problem of keys and values at once, not only the first', () => {
    const problems = problemsOf(() =>
      readDeploySettings(
        { propsFile: 'deploy.json', enableS3Ingest: 'yes', stackName: 'role watch', alertEmial: 'x@y.z' },
        () => ({ trustFile: TRUST_FILE, memorySizeMb: 'lots' }),
      ),
    );

    expect(problems).toEqual([
      'context: unknown key "alertEmial"; did you mean "alertEmail"?',
      'stackName: "role watch" is not a CloudFormation stack name',
      'enableS3Ingest: "yes" is not true or false',
      'memorySizeMb: "lots" must be a whole number from 128 to 10240',
    ]);
  });
});
