import { describe, expect, it } from 'vitest';
import { ContextPropsError, readDeploySettings } from '../../infra/context-props.ts';

const contextOf =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];
const noFile = (path: string): unknown => {
  throw new Error(`unexpected read of ${path}`);
};

describe('readDeploySettings', () => {
  it('turns -c strings into typed props and defaults the stack name to rolewatch', () => {
    const settings = readDeploySettings(
      contextOf({
        trustFile: 'rolewatch.yaml',
        enableSecurityHub: 'true',
        createAlertTopic: 'false',
        memorySizeMb: '512',
        metricDimensions: 'role, awsRegion',
        '@aws-cdk/core:newStyleStackSynthesis': true,
      }),
      noFile,
    );

    expect(settings).toEqual({
      stackName: 'rolewatch',
      props: {
        trustFile: 'rolewatch.yaml',
        enableSecurityHub: true,
        createAlertTopic: false,
        memorySizeMb: 512,
        metricDimensions: ['role', 'awsRegion'],
      },
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
      contextOf({ propsFile: 'deploy/prod.json', alertMinSeverity: 'high' }),
      (path) => (path === 'deploy/prod.json' ? file : undefined),
    );

    expect(settings).toEqual({
      stackName: 'rolewatch-prod',
      props: {
        trustParameterName: '/rolewatch/trust',
        trailBucketName: 'acme-cloudtrail',
        alertMinSeverity: 'high',
      },
    });
  });

  it('refuses an unknown key in the props file, naming the file and the key', () => {
    const read = () =>
      readDeploySettings(contextOf({ propsFile: 'deploy.json' }), () => ({ trustFiel: 'rolewatch.yaml' }));

    expect(read).toThrow(ContextPropsError);
    expect(read).toThrow(/^deploy\.json: unknown key "trustFiel"/);
  });

  it('refuses a value of the wrong type, naming where it came from', () => {
    expect(() => readDeploySettings(contextOf({ enableS3Ingest: 'yes' }), noFile)).toThrow(
      'context enableS3Ingest: expected a boolean, got "yes"',
    );
    expect(() =>
      readDeploySettings(contextOf({ propsFile: 'deploy.json' }), () => ({ memorySizeMb: 'lots' })),
    ).toThrow('deploy.json: memorySizeMb: expected a number, got "lots"');
  });

  it('refuses a stack name CloudFormation would reject', () => {
    expect(() => readDeploySettings(contextOf({ stackName: 'role watch' }), noFile)).toThrow(
      'stackName: "role watch" is not a CloudFormation stack name',
    );
  });
});
