/**
 * Full, real-shaped CloudTrail records for rule and engine tests. The shapes follow the corpus
 * (DataDog stratus-red-team detonation logs, OTRF) and the examples in the AWS CloudTrail and IAM user
 * guides: eventVersion 1.08, tlsDetails, resources[], credentials in responseElements. Account ids are
 * the example organisation's; keys and tokens are obviously fake.
 */

export type CloudTrailRecord = Record<string, unknown>;

export const ACCOUNTS = {
  identity: '111122223333',
  prod: '444455556666',
  tooling: '777788889999',
  vendor: '999900001111',
  outsider: '210987654321',
} as const;

const FAKE_TOKEN = 'FQoGZXIvYXdzEXAMPLETOKENNOTREALx0x0x0x0x0x0x0x0x0x0x0';
const FAKE_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** A deep copy with `patch` merged in; a key set to `undefined` in the patch is removed. */
export function patched(record: CloudTrailRecord, patch: Record<string, unknown>): CloudTrailRecord {
  const copy = structuredClone(record);
  merge(copy, patch);
  return copy;
}

function merge(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (value === undefined) delete target[key];
    else if (isPlainObject(value) && isPlainObject(current)) merge(current, value);
    else target[key] = structuredClone(value);
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// --- identities -------------------------------------------------------------------------------------

export function iamUser(accountId: string, userName: string): Record<string, unknown> {
  return {
    type: 'IAMUser',
    principalId: 'AIDAJ45Q7YFFAREXAMPLE',
    arn: `arn:aws:iam::${accountId}:user/${userName}`,
    accountId,
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    userName,
  };
}

export function roleSession(
  accountId: string,
  roleName: string,
  sessionName: string,
  options: { mfaAuthenticated?: boolean | string; sourceIdentity?: string } = {},
): Record<string, unknown> {
  return {
    type: 'AssumedRole',
    principalId: `AROAIDPPEZS35WEXAMPLE:${sessionName}`,
    arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    accountId,
    accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAIDPPEZS35WEXAMPLE',
        arn: `arn:aws:iam::${accountId}:role/${roleName}`,
        accountId,
        userName: roleName,
      },
      webIdFederationData: {},
      attributes: {
        creationDate: '2026-11-29T09:12:44Z',
        mfaAuthenticated: String(options.mfaAuthenticated ?? 'false'),
      },
      ...(options.sourceIdentity !== undefined && { sourceIdentity: options.sourceIdentity }),
    },
  };
}

/** The role owner's copy of a cross-account call: only the caller's account and principal id. */
export function awsAccount(accountId: string, principalId: string): Record<string, unknown> {
  return { type: 'AWSAccount', principalId, accountId };
}

export function awsService(invokedBy: string): Record<string, unknown> {
  return { type: 'AWSService', invokedBy };
}

export function rootUser(accountId: string): Record<string, unknown> {
  return {
    type: 'Root',
    principalId: accountId,
    arn: `arn:aws:iam::${accountId}:root`,
    accountId,
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  };
}

// --- records ----------------------------------------------------------------------------------------

interface AssumeRoleOptions {
  readonly identity: Record<string, unknown>;
  readonly roleArn: string;
  readonly sessionName?: string;
  readonly durationSeconds?: number;
  /** Seconds from eventTime to credentials.expiration; defaults to durationSeconds (or 3600). */
  readonly grantedSeconds?: number;
  readonly sourceIp?: string;
  readonly request?: Record<string, unknown>;
  readonly eventID?: string;
  readonly sharedEventID?: string;
  readonly recipientAccountId?: string;
  readonly eventTime?: string;
}

const BASE_TIME = '2026-11-29T10:00:00Z';

/** `Nov 29, 2026, 11:00:00 AM`: the expiration format the STS console/CLI records carry. */
function expirationAfter(eventTime: string, seconds: number): string {
  const d = new Date(Date.parse(eventTime) + seconds * 1000);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const h = d.getUTCHours();
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${hour12}:${mm}:${ss} ${h < 12 ? 'AM' : 'PM'}`;
}

function roleParts(roleArn: string): { accountId: string; name: string } {
  const [, , , , accountId = '', resource = ''] = roleArn.split(':');
  return { accountId, name: resource.slice(resource.lastIndexOf('/') + 1) };
}

export function assumeRoleRecord(o: AssumeRoleOptions): CloudTrailRecord {
  const eventTime = o.eventTime ?? BASE_TIME;
  const sessionName = o.sessionName ?? 'deploy-1732874400';
  const role = roleParts(o.roleArn);
  const granted = o.grantedSeconds ?? o.durationSeconds ?? 3600;
  return {
    eventVersion: '1.08',
    userIdentity: o.identity,
    eventTime,
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    awsRegion: 'us-east-1',
    sourceIPAddress: o.sourceIp ?? '203.0.113.9',
    userAgent:
      'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/sts.assume-role',
    requestParameters: {
      roleArn: o.roleArn,
      roleSessionName: sessionName,
      ...(o.durationSeconds !== undefined && { durationSeconds: o.durationSeconds }),
      ...o.request,
    },
    responseElements: {
      credentials: {
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        sessionToken: FAKE_TOKEN,
        secretAccessKey: FAKE_SECRET,
        expiration: expirationAfter(eventTime, granted),
      },
      assumedRoleUser: {
        assumedRoleId: `AROAXYKJUXCU7M4FXD7ZZ:${sessionName}`,
        arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`,
      },
    },
    requestID: '556ffdc4-27d1-4ce9-8932-cdca27641708',
    eventID: o.eventID ?? 'd769ddfd-2cda-4cfa-b33f-05d3b886921d',
    readOnly: true,
    resources: [{ accountId: role.accountId, type: 'AWS::IAM::Role', ARN: o.roleArn }],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: o.recipientAccountId ?? role.accountId,
    ...(o.sharedEventID !== undefined && { sharedEventID: o.sharedEventID }),
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 'sts.us-east-1.amazonaws.com',
    },
  };
}

/** A denied call as CloudTrail writes it: request and response null, the role only in errorMessage. */
export function denied(record: CloudTrailRecord, errorCode = 'AccessDenied'): CloudTrailRecord {
  const identity = record.userIdentity as Record<string, unknown>;
  const request = record.requestParameters as Record<string, unknown> | null;
  const action = `sts:${String(record.eventName)}`;
  const roleArn = request?.roleArn;
  return patched(record, {
    errorCode,
    errorMessage: `User: ${String(identity.arn)} is not authorized to perform: ${action} on resource: ${String(roleArn)}`,
    requestParameters: null,
    responseElements: null,
    resources: undefined,
  });
}

export function assumeRoleWithSamlRecord(o: {
  roleArn: string;
  providerArn: string;
  subject: string;
  sessionDurationSeconds?: number;
}): CloudTrailRecord {
  const role = roleParts(o.roleArn);
  const [, , , , providerAccount = '', providerResource = ''] = o.providerArn.split(':');
  const providerName = providerResource.slice(providerResource.lastIndexOf('/') + 1);
  const granted = o.sessionDurationSeconds ?? 3600;
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'SAMLUser',
      principalId: `SAMPLE_NameQualifierValue:${o.subject}`,
      userName: o.subject,
      identityProvider: 'SAMPLE_NameQualifierValue',
    },
    eventTime: BASE_TIME,
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRoleWithSAML',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.23',
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
    requestParameters: {
      sAMLAssertionID: '_c0046cEXAMPLEb9d4b8eEXAMPLE2619aEXAMPLE',
      roleSessionName: o.subject,
      principalTags: { CostCenter: '987654', Project: 'Unicorn' },
      durationSeconds: granted,
      roleArn: o.roleArn,
      principalArn: o.providerArn,
    },
    responseElements: {
      subjectType: 'transient',
      issuer: `https://${providerName.toLowerCase()}.example.com/exk1234567890`,
      credentials: {
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        sessionToken: FAKE_TOKEN,
        expiration: expirationAfter(BASE_TIME, granted),
      },
      nameQualifier: 'SAMPLE_NameQualifierValue',
      assumedRoleUser: {
        assumedRoleId: `AROAD35QRSTUVWEXAMPLE:${o.subject}`,
        arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${o.subject}`,
      },
      subject: o.subject,
      audience: 'https://signin.aws.amazon.com/saml',
    },
    requestID: '6EXAMPLE-e595-11e5-b2c7-c974fEXAMPLE',
    eventID: 'dEXAMPLE-265a-41e0-9352-4401bEXAMPLE',
    readOnly: true,
    resources: [
      { ARN: o.roleArn, accountId: role.accountId, type: 'AWS::IAM::Role' },
      { ARN: o.providerArn, accountId: providerAccount, type: 'AWS::IAM::SAMLProvider' },
    ],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: role.accountId,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.2',
      cipherSuite: 'ECDHE-RSA-AES128-GCM-SHA256',
      clientProvidedHostHeader: 'sts.amazonaws.com',
    },
  };
}

export function assumeRoleWithWebIdentityRecord(o: {
  roleArn: string;
  subject: string;
  host?: string;
  durationSeconds?: number;
}): CloudTrailRecord {
  const role = roleParts(o.roleArn);
  const host = o.host ?? 'token.actions.githubusercontent.com';
  const provider = `arn:aws:iam::${role.accountId}:oidc-provider/${host}`;
  const sessionName = 'GitHubActions';
  const granted = o.durationSeconds ?? 3600;
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'WebIdentityUser',
      principalId: `${provider}:sts.amazonaws.com:${o.subject}`,
      userName: o.subject,
      identityProvider: provider,
    },
    eventTime: BASE_TIME,
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRoleWithWebIdentity',
    awsRegion: 'us-east-1',
    sourceIPAddress: '192.0.2.44',
    userAgent: 'aws-sdk-nodejs/2.1692.0 linux/v20.18.0 configure-aws-credentials-for-github-actions promise',
    requestParameters: {
      roleArn: o.roleArn,
      roleSessionName: sessionName,
      ...(o.durationSeconds !== undefined && { durationSeconds: o.durationSeconds }),
    },
    responseElements: {
      credentials: {
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        sessionToken: FAKE_TOKEN,
        expiration: expirationAfter(BASE_TIME, granted),
      },
      subjectFromWebIdentityToken: o.subject,
      assumedRoleUser: {
        assumedRoleId: `AROA123456789EXAMPLE:${sessionName}`,
        arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`,
      },
      provider,
      audience: 'sts.amazonaws.com',
    },
    requestID: '9f8b1bde-1c5e-4b4e-9f2a-7b1d2c3e4f50',
    eventID: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    readOnly: true,
    resources: [{ accountId: role.accountId, type: 'AWS::IAM::Role', ARN: o.roleArn }],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: role.accountId,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 'sts.amazonaws.com',
    },
  };
}

export function assumeRootRecord(o: {
  identity: Record<string, unknown>;
  targetAccountId: string;
}): CloudTrailRecord {
  const accountId = String(o.identity.accountId);
  return {
    eventVersion: '1.10',
    userIdentity: o.identity,
    eventTime: BASE_TIME,
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRoot',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.9',
    userAgent: 'aws-cli/2.22.0 Python/3.12.6 Darwin/23.6.0 exe/x86_64 prompt/off command/sts.assume-root',
    requestParameters: {
      targetPrincipal: o.targetAccountId,
      taskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy' },
      durationSeconds: 900,
    },
    responseElements: {
      credentials: {
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        sessionToken: FAKE_TOKEN,
        expiration: expirationAfter(BASE_TIME, 900),
      },
    },
    requestID: '2a7f4d83-1a2b-4c3d-9e8f-1234567890ab',
    eventID: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 'sts.us-east-1.amazonaws.com',
    },
  };
}

export function getSessionTokenRecord(o: {
  identity: Record<string, unknown>;
  serialNumber?: string;
}): CloudTrailRecord {
  const accountId = String(o.identity.accountId);
  return {
    eventVersion: '1.08',
    userIdentity: o.identity,
    eventTime: BASE_TIME,
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetSessionToken',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.9',
    userAgent:
      'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/sts.get-session-token',
    requestParameters: {
      durationSeconds: 43200,
      ...(o.serialNumber !== undefined && { serialNumber: o.serialNumber, tokenCode: '123456' }),
    },
    responseElements: {
      credentials: {
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        sessionToken: FAKE_TOKEN,
        expiration: expirationAfter(BASE_TIME, 43200),
      },
    },
    requestID: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
    eventID: 'c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 'sts.amazonaws.com',
    },
  };
}

export function getFederationTokenRecord(o: {
  identity: Record<string, unknown>;
  name: string;
}): CloudTrailRecord {
  const accountId = String(o.identity.accountId);
  return {
    eventVersion: '1.08',
    userIdentity: o.identity,
    eventTime: BASE_TIME,
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetFederationToken',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.9',
    userAgent:
      'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/sts.get-federation-token',
    requestParameters: {
      name: o.name,
      durationSeconds: 43200,
      policyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    },
    responseElements: {
      credentials: {
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        sessionToken: FAKE_TOKEN,
        expiration: expirationAfter(BASE_TIME, 43200),
      },
      federatedUser: {
        federatedUserId: `${accountId}:${o.name}`,
        arn: `arn:aws:sts::${accountId}:federated-user/${o.name}`,
      },
      packedPolicySize: 6,
    },
    requestID: 'e4f5a6b7-c8d9-4e0f-9a1b-2c3d4e5f6a7b',
    eventID: 'f5a6b7c8-d9e0-4f1a-8b2c-3d4e5f6a7b8c',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 'sts.amazonaws.com',
    },
  };
}

export { FAKE_SECRET, FAKE_TOKEN };
