import { describe, expect, it } from 'vitest';
import { describeActor } from '../../functions/core/normalize/describe-actor.ts';
import { normalizeActor } from '../../functions/core/normalize/normalize-actor.ts';

describe('describeActor', () => {
  it('labels each kind of principal so a person can tell them apart', () => {
    expect(describeActor({ type: 'IAMUser', userName: 'alice', accountId: '444455556666' })).toBe(
      'alice (IAM user, 444455556666)',
    );
    expect(
      describeActor({
        type: 'AssumedRole',
        arn: 'arn:aws:sts::444455556666:assumed-role/ci-runner/session-1',
        accountId: '444455556666',
        sessionName: 'session-1',
      }),
    ).toBe('ci-runner/session-1 (role session, 444455556666)');
    expect(describeActor({ type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' })).toBe(
      'ecs-tasks.amazonaws.com (AWS service)',
    );
    expect(describeActor({ type: 'AWSAccount', accountId: '444455556666', principalId: 'AIDAX' })).toBe(
      'account 444455556666 (cross-account caller; principal not resolved)',
    );
  });

  it('falls back to the session issuer when the assumed-role ARN is missing', () => {
    expect(
      describeActor({
        type: 'AssumedRole',
        sessionIssuerArn: 'arn:aws:iam::444455556666:role/ci/ci-runner',
        sessionName: 'build-7',
      }),
    ).toBe('ci-runner/build-7 (role session, account unknown)');
  });

  it('names the service of an identity without a type that says which service acted', () => {
    // AWS-internal calls may carry only `accountId` and `invokedBy` (ccbrown/cloud-snitch, a real record).
    const a = normalizeActor({ accountId: '774305579662', invokedBy: 'AWS Internal' }, []);
    expect(a).toMatchObject({ type: 'Unknown', accountId: '774305579662', invokedBy: 'AWS Internal' });
    expect(a.display).toBe('AWS Internal (unknown identity type)');
  });

  it('names federated users, web identities and unknown types', () => {
    expect(
      describeActor({
        type: 'FederatedUser',
        arn: 'arn:aws:sts::444455556666:federated-user/reporting',
        accountId: '444455556666',
      }),
    ).toBe('reporting (federated user, 444455556666)');
    expect(
      describeActor({
        type: 'WebIdentityUser',
        userName: 'system:serviceaccount:payments:api',
        identityProvider: 'arn:aws:iam::444455556666:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC',
      }),
    ).toBe('system:serviceaccount:payments:api (web identity, oidc.eks.eu-west-1.amazonaws.com/id/ABC)');
    expect(describeActor({ type: 'Unknown', rawType: 'Directory', principalId: 'u-1' })).toBe(
      'u-1 (Directory)',
    );
    expect(describeActor({ type: 'Unknown' })).toBe('unknown principal (unknown identity type)');
  });
});
