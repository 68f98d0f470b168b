import { describe, expect, it } from 'vitest';
import type { CredentialEvent } from '../../functions/core/model/credential-event.ts';
import { normalizeRecord } from '../../functions/core/normalize/normalize-record.ts';
import { listFixtures, loadFixture } from './load-records.ts';

function normalizeFixture(path: string): CredentialEvent {
  const outcome = normalizeRecord(loadFixture(path), { file: path });
  if (outcome.kind !== 'event') throw new Error(`${path} normalised to ${outcome.kind}`);
  return outcome.event;
}

describe('normalizeRecord on the real-shaped fixtures', () => {
  it('turns every fixture into an event that keeps its source location (IAM trust-policy changes too)', () => {
    const paths = listFixtures();
    expect(paths.length).toBeGreaterThanOrEqual(20);
    for (const path of paths) {
      const outcome = normalizeRecord(loadFixture(path), { file: path });
      const iam = path.startsWith('rules/trust-policy-changed/');
      expect(outcome.kind, path).toBe(iam ? 'trust-policy' : 'event');
      if (outcome.kind === 'event' || outcome.kind === 'trust-policy') {
        expect(outcome.event.location).toEqual({ file: path });
      }
    }
  });

  it('reads a same-account AssumeRole by an IAM user', () => {
    const e = normalizeFixture('assume-role/same-account-iam-user.json');
    expect(e).toMatchObject({
      eventName: 'AssumeRole',
      eventId: '9f1d2c3b-4a5e-4f60-8a71-b2c3d4e5f601',
      requestId: '0c7e9a41-6b9e-4c61-9d4c-3f2a1e5b7c01',
      eventTime: '2026-11-02T09:14:07Z',
      eventTimeMs: Date.UTC(2026, 10, 2, 9, 14, 7),
      awsRegion: 'us-east-1',
      recipientAccountId: '444455556666',
      success: true,
      sourceIp: '203.0.113.25',
      sourceIpIsService: false,
      externalIdPresent: false,
      gaps: [],
    });
    expect(e.sharedEventId).toBeUndefined();
    expect(e.role).toEqual({
      arn: 'arn:aws:iam::444455556666:role/ReadOnly',
      accountId: '444455556666',
      name: 'ReadOnly',
      from: 'requestParameters',
    });
    expect(e.actor).toEqual({
      type: 'IAMUser',
      arn: 'arn:aws:iam::444455556666:user/alice',
      accountId: '444455556666',
      principalId: 'AIDAEXAMPLEALICE00001',
      userName: 'alice',
      display: 'alice (IAM user, 444455556666)',
    });
    expect(e.session).toEqual({
      name: 'alice-cli',
      requestedSeconds: 3600,
      requestedSecondsDefaulted: false,
      grantedSeconds: 3600,
      expiration: '2026-11-02T10:14:07Z',
    });
    expect(e.mfa).toEqual({ tokenCodePresent: false });
    expect(e.userAgent).toMatch(/^aws-cli\/2\.22\.4 /);
  });

  it('links both copies of a cross-account call; only the caller copy names the caller', () => {
    const caller = normalizeFixture('assume-role/cross-account-caller-copy.json');
    const target = normalizeFixture('assume-role/cross-account-target-copy.json');

    expect(caller.sharedEventId).toBe('5f0c5d9e-8c1e-4d7a-9a55-2b7f0f3c9e21');
    expect(target.sharedEventId).toBe(caller.sharedEventId);
    expect(target.eventId).not.toBe(caller.eventId);
    expect(caller.recipientAccountId).toBe('111122223333');
    expect(target.recipientAccountId).toBe('444455556666');
    expect(caller.role?.arn).toBe('arn:aws:iam::444455556666:role/ReadOnly');
    expect(target.role?.arn).toBe(caller.role?.arn);

    expect(caller.actor).toMatchObject({
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/OktaAdmin/jane.doe@acme.example',
      accountId: '111122223333',
      sessionIssuerArn: 'arn:aws:iam::111122223333:role/OktaAdmin',
      sessionName: 'jane.doe@acme.example',
      mfaAuthenticated: false,
      display: 'OktaAdmin/jane.doe@acme.example (role session, 111122223333)',
    });
    expect(target.actor).toEqual({
      type: 'AWSAccount',
      accountId: '111122223333',
      principalId: 'AROAEXAMPLEOKTAADMIN1:jane.doe@acme.example',
      display: 'account 111122223333 (cross-account caller; principal not resolved)',
    });
    expect(caller.session).toMatchObject({ requestedSeconds: 3600, requestedSecondsDefaulted: true });
    expect(caller.session.grantedSeconds).toBe(3600);
  });

  it('reads the account of an outsider from the role owner copy', () => {
    const e = normalizeFixture('assume-role/cross-account-outsider-target-copy.json');
    expect(e.actor).toMatchObject({ type: 'AWSAccount', accountId: '210987654321' });
    expect(e.role?.accountId).toBe('444455556666');
    expect(e.awsRegion).toBe('eu-west-1');
  });

  it('marks an EC2 instance-profile delivery as an AWS service call with a service source', () => {
    const e = normalizeFixture('assume-role/aws-service-ec2-instance-profile.json');
    expect(e.actor).toEqual({
      type: 'AWSService',
      invokedBy: 'ec2.amazonaws.com',
      display: 'ec2.amazonaws.com (AWS service)',
    });
    expect(e.sourceIp).toBe('ec2.amazonaws.com');
    expect(e.sourceIpIsService).toBe(true);
    expect(e.role).toMatchObject({ arn: 'arn:aws:iam::444455556666:role/app-web', name: 'app-web' });
    expect(e.session).toEqual({
      name: 'i-0a1b2c3d4e5f60718',
      requestedSeconds: 3600,
      requestedSecondsDefaulted: true,
      grantedSeconds: 21_600,
      expiration: '2026-11-04T06:02:11Z',
    });
    expect(e.gaps).toEqual([]);
  });

  it('keeps the path of a service-role and reads the comma-less expiration format', () => {
    const e = normalizeFixture('assume-role/aws-service-lambda.json');
    expect(e.role).toEqual({
      arn: 'arn:aws:iam::444455556666:role/service-role/orders-api-role-k2j4h1',
      accountId: '444455556666',
      name: 'service-role/orders-api-role-k2j4h1',
      from: 'requestParameters',
    });
    expect(e.actor.invokedBy).toBe('lambda.amazonaws.com');
    expect(e.session.expiration).toBe('2021-01-22T00:46:28Z');
    expect(e.session.grantedSeconds).toBe(43_200);
  });

  it('reads an EKS Pod Identity session: a 6-hour AWS-service call with session tags, from a service host', () => {
    const e = normalizeFixture('assume-role/aws-service-eks-pod-identity.json');
    expect(e.actor).toEqual({
      type: 'AWSService',
      invokedBy: 'pods.eks.amazonaws.com',
      display: 'pods.eks.amazonaws.com (AWS service)',
    });
    expect(e.role).toEqual({
      arn: 'arn:aws:iam::444455556666:role/app-orders-s3-reader',
      accountId: '444455556666',
      name: 'app-orders-s3-reader',
      from: 'requestParameters',
    });
    expect(e.sourceIp).toBe('pods.eks.amazonaws.com');
    expect(e.sourceIpIsService).toBe(true);
    expect(e.session).toEqual({
      name: 'eks-prod-orders-api-498124c2-a555-40bf-9059-ca9a26821eb0',
      requestedSeconds: 21_600,
      requestedSecondsDefaulted: false,
      grantedSeconds: 21_600,
      expiration: '2026-11-02T15:20:04Z',
    });
    // AWS services' own sessions start no chain a person is behind (see issuedOf).
    expect(e.issued).toBeUndefined();
    expect(e.webIdentity).toBeUndefined();
    expect(e.gaps).toEqual([]);
  });

  it('reads a chained call: the caller is a role session issued by web identity', () => {
    const e = normalizeFixture('assume-role/chained-assumed-role.json');
    expect(e.actor).toMatchObject({
      type: 'AssumedRole',
      sessionIssuerArn: 'arn:aws:iam::777788889999:role/github-actions',
      sessionName: 'GitHubActions',
      accountId: '777788889999',
      display: 'github-actions/GitHubActions (role session, 777788889999)',
    });
    expect(e.role?.arn).toBe('arn:aws:iam::444455556666:role/Deploy');
    expect(e.session).toMatchObject({ name: 'deploy-4711', requestedSeconds: 900, grantedSeconds: 900 });
    expect(e.webIdentity).toBeUndefined();
  });

  it('takes the target role of a denied call with a null request from the error message', () => {
    const e = normalizeFixture('assume-role/denied-null-request-parameters.json');
    expect(e.success).toBe(false);
    expect(e.errorCode).toBe('AccessDenied');
    expect(e.errorMessage).toContain('is not authorized to perform: sts:AssumeRole');
    expect(e.role).toEqual({
      arn: 'arn:aws:iam::444455556666:role/ProdAdmin',
      accountId: '444455556666',
      name: 'ProdAdmin',
      from: 'errorMessage',
    });
    expect(e.session).toEqual({ requestedSecondsDefaulted: false });
    expect(e.gaps).toEqual(['requestParameters']);
  });

  it('records the MFA device and source identity of a request', () => {
    const e = normalizeFixture('assume-role/with-mfa.json');
    expect(e.mfa).toEqual({
      serialNumber: 'arn:aws:iam::111122223333:mfa/breakglass',
      tokenCodePresent: false,
    });
    expect(e.session.sourceIdentity).toBe('breakglass');
    expect(e.actor.display).toBe('breakglass (IAM user, 111122223333)');
  });

  it('records that an external id was sent without keeping its value', () => {
    const e = normalizeFixture('assume-role/with-external-id.json');
    expect(e.externalIdPresent).toBe(true);
    expect(JSON.stringify(e)).not.toContain('acme-vendor-7f3c9e2a');
    expect(e.actor).toMatchObject({ type: 'AWSAccount', accountId: '999900001111' });
    expect(e.role?.name).toBe('VendorMonitoring');
  });

  it('reads the source identity of the caller session and of the new session, and an IPv6 source', () => {
    const e = normalizeFixture('assume-role/with-source-identity.json');
    expect(e.actor.sourceIdentity).toBe('jane.doe@acme.example');
    expect(e.session.sourceIdentity).toBe('jane.doe@acme.example');
    expect(e.sourceIp).toBe('2001:db8:ac::17');
    expect(e.sourceIpIsService).toBe(false);
    expect(e.gaps).toEqual([]);
  });

  it('reads numbers and booleans written as strings, and an ISO 8601 expiration', () => {
    const e = normalizeFixture('assume-role/string-booleans-and-durations.json');
    expect(e.session).toMatchObject({
      requestedSeconds: 7200,
      requestedSecondsDefaulted: false,
      grantedSeconds: 7200,
      expiration: '2026-11-05T18:20:00Z',
    });
    expect(e.actor.mfaAuthenticated).toBe(true);
    // The issuer ARN carries the role path; an assumed-role ARN alone would not.
    expect(e.actor.sessionIssuerArn).toBe('arn:aws:iam::444455556666:role/ci/ci-runner');
    expect(e.actor.display).toBe('ci-runner/session-1 (role session, 444455556666)');
  });

  it('lists what an anonymised export broke instead of dropping the record', () => {
    const e = normalizeFixture('assume-role/anonymised-export-anomalies.json');
    expect(e.eventId).toBeUndefined();
    expect(e.recipientAccountId).toBeUndefined();
    expect(e.actor.accountId).toBeUndefined();
    expect(e.actor.arn).toBe('arn:aws:iam::4444555566660:user/alice');
    expect(e.awsRegion).toBe('apiso-northsouth-3r');
    expect(e.sourceIp).toBe('06.237.252.245');
    expect(e.sourceIpIsService).toBe(false);
    expect([...e.gaps].sort()).toEqual(['accountId', 'eventID', 'recipientAccountId', 'sourceIPAddress']);
    expect(e.role?.arn).toBe('arn:aws:iam::444455556666:role/ReadOnly');
    expect(e.session.grantedSeconds).toBe(900);
  });

  it('reads the SAML provider, subject and issuer of an AssumeRoleWithSAML', () => {
    const e = normalizeFixture('assume-role-with-saml/okta-user.json');
    expect(e.saml).toEqual({
      providerArn: 'arn:aws:iam::111122223333:saml-provider/Okta',
      subject: 'jane.doe@acme.example',
      issuer: 'http://www.okta.com/exkEXAMPLE7Qz0fh5d7',
    });
    expect(e.actor).toEqual({
      type: 'SAMLUser',
      principalId: 'T2t0YUV4YW1wbGVRdWFsaWZpZXI=:jane.doe@acme.example',
      userName: 'jane.doe@acme.example',
      identityProvider: 'T2t0YUV4YW1wbGVRdWFsaWZpZXI=',
      display: 'jane.doe@acme.example (SAML user)',
    });
    expect(e.session).toMatchObject({ name: 'jane.doe@acme.example', requestedSeconds: 43_200 });
    expect(e.session.grantedSeconds).toBe(43_200);
  });

  it('reads the OIDC provider host, subject and audience of a GitHub Actions call', () => {
    const e = normalizeFixture('assume-role-with-web-identity/github-actions-main.json');
    expect(e.webIdentity).toEqual({
      providerHost: 'token.actions.githubusercontent.com',
      providerArn: 'arn:aws:iam::777788889999:oidc-provider/token.actions.githubusercontent.com',
      subject: 'repo:acme/app:ref:refs/heads/main',
      audience: 'sts.amazonaws.com',
    });
    expect(e.actor.type).toBe('WebIdentityUser');
    expect(e.actor.accountId).toBeUndefined();
    expect(e.actor.display).toBe(
      'repo:acme/app:ref:refs/heads/main (web identity, token.actions.githubusercontent.com)',
    );
    expect(e.role?.arn).toBe('arn:aws:iam::777788889999:role/github-actions');

    const pr = normalizeFixture('assume-role-with-web-identity/github-actions-pull-request.json');
    expect(pr.webIdentity?.subject).toBe('repo:acme/app:pull_request');
  });

  it('keeps a denied web identity call whose identity has only a user name', () => {
    const e = normalizeFixture('assume-role-with-web-identity/eks-irsa-denied.json');
    expect(e.success).toBe(false);
    expect(e.role?.arn).toBe('arn:aws:iam::444455556666:role/app-payments');
    expect(e.webIdentity).toEqual({ subject: 'system:serviceaccount:payments:api' });
    expect(e.session).toMatchObject({ name: 'botocore-session-1794467564', requestedSecondsDefaulted: true });
    expect(e.gaps).toEqual([]);
  });

  it('targets the member account root for AssumeRoot and applies its 900 second default', () => {
    const e = normalizeFixture('assume-root/audit-root-user.json');
    expect(e.role).toEqual({
      arn: 'arn:aws:iam::444455556666:root',
      accountId: '444455556666',
      from: 'targetPrincipal',
    });
    expect(e.session).toEqual({
      requestedSeconds: 900,
      requestedSecondsDefaulted: true,
      grantedSeconds: 900,
      expiration: '2026-11-06T09:15:00Z',
    });
    expect(e.actor.display).toBe('OrgSecurityAdmin/secops.lee (role session, 111122223333)');
  });

  it('applies the 12 hour default of GetSessionToken and reads its MFA device', () => {
    const e = normalizeFixture('get-session-token/iam-user-with-mfa.json');
    expect(e.role).toBeUndefined();
    expect(e.session).toMatchObject({ requestedSeconds: 43_200, requestedSecondsDefaulted: true });
    expect(e.session.grantedSeconds).toBe(43_200);
    expect(e.mfa.serialNumber).toBe('arn:aws:iam::111122223333:mfa/alice-phone');
    expect(e.gaps).toEqual([]);
  });

  it('reads a root user obtaining a session token', () => {
    const e = normalizeFixture('get-session-token/root-user.json');
    expect(e.actor).toEqual({
      type: 'Root',
      arn: 'arn:aws:iam::444455556666:root',
      accountId: '444455556666',
      principalId: '444455556666',
      display: 'root user (account root, 444455556666)',
    });
    expect(e.session.grantedSeconds).toBe(3600);
  });

  it('names a federation token session after its requested name', () => {
    const e = normalizeFixture('get-federation-token/iam-user.json');
    expect(e.eventName).toBe('GetFederationToken');
    expect(e.session).toMatchObject({
      name: 'reporting',
      requestedSeconds: 43_200,
      requestedSecondsDefaulted: true,
    });
    expect(e.session.grantedSeconds).toBe(43_200);
    expect(e.actor.userName).toBe('reporting-bot');
  });

  it('reads an Identity Center permission-set sign-in with an AWS Internal source', () => {
    const e = normalizeFixture('identity-center/permission-set-saml.json');
    expect(e.sourceIp).toBe('AWS Internal');
    expect(e.sourceIpIsService).toBe(true);
    expect(e.role?.name).toBe(
      'aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef',
    );
    expect(e.saml?.providerArn).toBe(
      'arn:aws:iam::444455556666:saml-provider/AWSSSO_0a1b2c3d4e5f6a7b_DO_NOT_DELETE',
    );
    expect(e.session.grantedSeconds).toBe(43_199);
  });

  it('identifies an Identity Center user by its identity store user id', () => {
    const e = normalizeFixture('identity-center/identity-center-user-actor.json');
    expect(e.actor).toEqual({
      type: 'IdentityCenterUser',
      accountId: '111122223333',
      principalId: '544894e8-80c1-707f-60e3-3ba6510dfa20',
      display: '544894e8-80c1-707f-60e3-3ba6510dfa20 (Identity Center user, 111122223333)',
    });
  });
});
