// STS session tokens start with this prefix; test tokens are assembled at run time so that no
// credential-shaped literal is committed (secret scanners rightly flag those).
const STS_TOKEN_PREFIX = 'IQoJb3JpZ2lu';
/**
 * Full CloudTrail records in the shape AWS writes them (eventVersion 1.08, as in the public
 * Stratus Red Team detonation logs), placed in the accounts of fixtures/trust/example-org.yaml.
 * Ids and keys are invented; the session tokens are fake but shaped like real ones, so that a leak
 * would be visible to the redaction heuristics and to the assertions alike.
 */

export const TRUST_FILE = new URL('../../../fixtures/trust/example-org.yaml', import.meta.url).pathname;

/** Judgement time used by the tests: five minutes after the records' eventTime. */
export const NOW_MS = Date.parse('2026-03-02T10:05:00Z');

export const SESSION_TOKENS = [
  `${STS_TOKEN_PREFIX}X2VjEHwaCXVzLWVhc3QtMSJHMEUCIQCmF4k3cZl0TestOnlyNotARealTokenAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
  `${STS_TOKEN_PREFIX}X2VjEHwaCXVzLWVhc3QtMSJHMEUCIQDbq71TestOnlyNotARealTokenBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB`,
] as const;

export const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** An IAM user of an account outside the zone of trust assumes ProdAdmin (the caller's copy). */
export function crossAccountAssumeRole(): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAY5GE5XSBZEXAMPLE1',
      arn: 'arn:aws:iam::999988887777:user/mallory',
      accountId: '999988887777',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'mallory',
    },
    eventTime: '2026-03-02T10:00:00Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.23',
    userAgent:
      'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/sts.assume-role',
    requestParameters: {
      roleArn: 'arn:aws:iam::444455556666:role/ProdAdmin',
      roleSessionName: 'mallory-session',
      durationSeconds: 3600,
    },
    responseElements: {
      credentials: {
        accessKeyId: 'ASIAY5GE5XSBZEXAMPLE',
        sessionToken: SESSION_TOKENS[0],
        expiration: 'Mar 2, 2026, 11:00:00 AM',
        secretAccessKey: SECRET_ACCESS_KEY,
      },
      assumedRoleUser: {
        assumedRoleId: 'AROAY5GE5XSBZEXAMPLE2:mallory-session',
        arn: 'arn:aws:sts::444455556666:assumed-role/ProdAdmin/mallory-session',
      },
    },
    requestID: '8f3a2f54-4d6b-4c1e-9d7a-0a7c2e5b1c11',
    eventID: '3c1d4d8e-7d55-4a43-9f0b-6f1d8c2a9e01',
    readOnly: true,
    resources: [
      {
        accountId: '444455556666',
        type: 'AWS::IAM::Role',
        ARN: 'arn:aws:iam::444455556666:role/ProdAdmin',
      },
    ],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '999988887777',
    sharedEventID: 'b7e3c4a1-2f9d-4e6a-8c1b-5d0e9f7a3b22',
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 'sts.us-east-1.amazonaws.com',
    },
  };
}

/** GitHub Actions from a repository that is not in the role's oidcSubjects. */
export function webIdentityFromUnexpectedRepo(): Record<string, unknown> {
  const subject = 'repo:mallory/fork:ref:refs/heads/main';
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'WebIdentityUser',
      principalId: `arn:aws:iam::777788889999:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:${subject}`,
      userName: subject,
      identityProvider: 'arn:aws:iam::777788889999:oidc-provider/token.actions.githubusercontent.com',
    },
    eventTime: '2026-03-02T10:00:01Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRoleWithWebIdentity',
    awsRegion: 'us-east-1',
    sourceIPAddress: '192.0.2.44',
    userAgent: 'aws-sdk-js/3.540.0 ua/2.0 os/linux#6.5.0 lang/js md/nodejs#20.11.1 api/sts#3.540.0',
    requestParameters: {
      roleArn: 'arn:aws:iam::777788889999:role/github-actions',
      roleSessionName: 'GitHubActions',
      durationSeconds: 3600,
    },
    responseElements: {
      credentials: {
        accessKeyId: 'ASIAY5GE5XSBZEXAMPL3',
        sessionToken: SESSION_TOKENS[1],
        expiration: 'Mar 2, 2026, 11:00:01 AM',
      },
      subjectFromWebIdentityToken: subject,
      assumedRoleUser: {
        assumedRoleId: 'AROAY5GE5XSBZEXAMPLE3:GitHubActions',
        arn: 'arn:aws:sts::777788889999:assumed-role/github-actions/GitHubActions',
      },
      provider: 'arn:aws:iam::777788889999:oidc-provider/token.actions.githubusercontent.com',
      audience: 'sts.amazonaws.com',
    },
    requestID: '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9',
    eventID: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a',
    readOnly: true,
    resources: [
      {
        accountId: '777788889999',
        type: 'AWS::IAM::Role',
        ARN: 'arn:aws:iam::777788889999:role/github-actions',
      },
    ],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '777788889999',
    eventCategory: 'Management',
  };
}

/** A denied AssumeRole: requestParameters and responseElements are null, the role is in errorMessage. */
export function deniedAssumeRole(): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAY5GE5XSBZEXAMPLE4',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      accessKeyId: 'AKIAY5GE5XSBZEXAMPLE',
      userName: 'alice',
    },
    eventTime: '2026-03-02T10:00:02Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 prompt/off command/sts.assume-role',
    errorCode: 'AccessDenied',
    errorMessage:
      'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: ' +
      'arn:aws:iam::444455556666:role/ProdAdmin',
    requestParameters: null,
    responseElements: null,
    requestID: '2c3d4e5f-6071-4829-93a4-b5c6d7e8f901',
    eventID: '0a1b2c3d-4e5f-4607-8819-2a3b4c5d6e7f',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
  };
}

/** Not an STS call: counted as skipped. */
export function describeInstances(): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAY5GE5XSBZEXAMPLE2:mallory-session',
      arn: 'arn:aws:sts::444455556666:assumed-role/ProdAdmin/mallory-session',
      accountId: '444455556666',
      accessKeyId: 'ASIAY5GE5XSBZEXAMPLE',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAY5GE5XSBZEXAMPLE2',
          arn: 'arn:aws:iam::444455556666:role/ProdAdmin',
          accountId: '444455556666',
          userName: 'ProdAdmin',
        },
        attributes: { creationDate: '2026-03-02T10:00:00Z', mfaAuthenticated: 'false' },
      },
    },
    eventTime: '2026-03-02T10:01:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.23',
    userAgent: 'aws-cli/2.15.30',
    requestParameters: { instancesSet: {}, filterSet: {} },
    responseElements: null,
    requestID: '3d4e5f60-7182-4930-a4b5-c6d7e8f90123',
    eventID: '1b2c3d4e-5f60-4718-9293-a4b5c6d7e8f0',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '444455556666',
    eventCategory: 'Management',
  };
}

/** The set the handler tests feed: three credential events (two with findings) and one skipped record. */
export function sampleRecords(): Record<string, unknown>[] {
  return [crossAccountAssumeRole(), webIdentityFromUnexpectedRepo(), deniedAssumeRole(), describeInstances()];
}

/** A handler's settings with the state table `table` (dynalite in the tests) and the log sink. */
export const stateEnv = (table: string, extra: Record<string, string> = {}): Record<string, string> => ({
  ROLEWATCH_CONFIG: TRUST_FILE,
  ROLEWATCH_ALERT_SINKS: 'log',
  ROLEWATCH_STATE: `dynamodb:${table}`,
  ...extra,
});
