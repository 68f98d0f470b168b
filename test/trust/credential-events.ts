import type { Actor, CredentialEvent } from '../../functions/core/model/credential-event.ts';

/**
 * CredentialEvent literals shaped like the normaliser's output for real CloudTrail records (the normaliser
 * is tested on its own; these keep trust tests independent of it). Values follow AWS's documentation
 * examples: account ids 111122223333 / 444455556666, documentation IP ranges.
 */
const base: Omit<CredentialEvent, 'actor'> = {
  eventName: 'AssumeRole',
  eventId: '5fd2f1b5-0f8c-4c8a-9d3e-5c5f4f6a7b8c',
  sharedEventId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
  requestId: 'c3e3f0a4-1b2c-4d5e-8f90-0a1b2c3d4e5f',
  eventTime: '2026-11-29T10:00:00Z',
  eventTimeMs: Date.parse('2026-11-29T10:00:00Z'),
  awsRegion: 'us-east-1',
  recipientAccountId: '444455556666',
  success: true,
  role: {
    arn: 'arn:aws:iam::444455556666:role/Deploy',
    accountId: '444455556666',
    name: 'Deploy',
    from: 'requestParameters',
  },
  sourceIp: '203.0.113.9',
  sourceIpIsService: false,
  userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
  session: {
    name: 'ci-run-1842',
    requestedSeconds: 3600,
    requestedSecondsDefaulted: false,
    grantedSeconds: 3600,
    expiration: '2026-11-29T11:00:00Z',
  },
  mfa: { tokenCodePresent: false },
  externalIdPresent: false,
  gaps: [],
  location: { file: 'test/trust/credential-events.ts', path: 'Records[0]' },
};

export const ACTORS = {
  iamUser: {
    type: 'IAMUser',
    arn: 'arn:aws:iam::111122223333:user/alice',
    accountId: '111122223333',
    principalId: 'AIDAJ45Q7YFFAREXAMPLE',
    userName: 'alice',
    display: 'alice (IAM user, 111122223333)',
  },
  assumedRole: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111122223333:assumed-role/ci-runner/build-42',
    accountId: '111122223333',
    principalId: 'AROAJ45Q7YFFAREXAMPLE:build-42',
    sessionIssuerArn: 'arn:aws:iam::111122223333:role/ci/ci-runner',
    sessionName: 'build-42',
    mfaAuthenticated: false,
    display: 'ci-runner/build-42 (assumed role, 111122223333)',
  },
  federatedUser: {
    type: 'FederatedUser',
    arn: 'arn:aws:sts::111122223333:federated-user/bob',
    accountId: '111122223333',
    principalId: '111122223333:bob',
    sessionIssuerArn: 'arn:aws:iam::111122223333:user/broker',
    display: 'bob (federated user, 111122223333)',
  },
  service: {
    type: 'AWSService',
    invokedBy: 'ecs-tasks.amazonaws.com',
    display: 'ecs-tasks.amazonaws.com (AWS service)',
  },
  crossAccountCopy: {
    type: 'AWSAccount',
    accountId: '111122223333',
    principalId: 'AROAJ45Q7YFFAREXAMPLE:build-42',
    display: '111122223333 (AWS account)',
  },
  samlUser: {
    type: 'SAMLUser',
    principalId: 'SjY3hK4Uo0GnNcxN7v2IJnUfnmA=:alice@acme.example',
    userName: 'alice@acme.example',
    identityProvider: 'SjY3hK4Uo0GnNcxN7v2IJnUfnmA=',
    display: 'alice@acme.example (SAML user)',
  },
  webIdentityUser: {
    type: 'WebIdentityUser',
    principalId: 'token.actions.githubusercontent.com:sts.amazonaws.com:repo:acme/app:ref:refs/heads/main',
    userName: 'repo:acme/app:ref:refs/heads/main',
    identityProvider: 'token.actions.githubusercontent.com',
    display: 'repo:acme/app:ref:refs/heads/main (web identity user)',
  },
} satisfies Record<string, Actor>;

export function credentialEvent(actor: Actor, overrides: Partial<CredentialEvent> = {}): CredentialEvent {
  return { ...base, actor, ...overrides };
}

export function samlEvent(providerArn: string): CredentialEvent {
  return credentialEvent(ACTORS.samlUser, {
    eventName: 'AssumeRoleWithSAML',
    recipientAccountId: '111122223333',
    role: {
      arn: 'arn:aws:iam::111122223333:role/OktaAdmin',
      accountId: '111122223333',
      name: 'OktaAdmin',
      from: 'requestParameters',
    },
    saml: { providerArn, subject: 'alice@acme.example', issuer: 'http://www.okta.com/exk1abcd' },
  });
}

export function webIdentityEvent(
  webIdentity: NonNullable<CredentialEvent['webIdentity']>,
  actor: Actor = ACTORS.webIdentityUser,
): CredentialEvent {
  return credentialEvent(actor, {
    eventName: 'AssumeRoleWithWebIdentity',
    recipientAccountId: '444455556666',
    role: {
      arn: 'arn:aws:iam::444455556666:role/github-actions',
      accountId: '444455556666',
      name: 'github-actions',
      from: 'requestParameters',
    },
    webIdentity,
  });
}
