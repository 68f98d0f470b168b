import { ACCOUNTS, OKTA_PROVIDER_ARN, PARTITION } from './org.ts';
import { type Prng, stableId } from './prng.ts';
import {
  accountOf,
  type Caller,
  type CloudTrailRecord,
  credentials,
  type PlacedRecord,
  placeCall,
  roleResource,
} from './records.ts';

const STS = 'sts.amazonaws.com';

export interface AssumeRoleCall {
  readonly caller: Caller;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly region: string;
  readonly timeMs: number;
  /** Omitted from the request when undefined (STS then grants 3600 s). */
  readonly durationSeconds?: number;
  readonly externalId?: string;
  readonly serialNumber?: string;
  /** Set on the request (a first hop) ... */
  readonly sourceIdentity?: string;
  /** ... or carried over from the caller's session (a chained hop): then only the response names it. */
  readonly inheritedSourceIdentity?: string;
  readonly denied?: boolean;
}

function assumedRoleUser(roleArn: string, sessionName: string): CloudTrailRecord {
  const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  return {
    assumedRoleId: `${stableId('AROA', roleArn)}:${sessionName}`,
    arn: `arn:${PARTITION}:sts::${accountOf(roleArn)}:assumed-role/${name}/${sessionName}`,
  };
}

const deniedMessage = (caller: Caller, action: string, resource: string): string =>
  `User: ${caller.arn ?? caller.principalId ?? 'unknown'} is not authorized to perform: ${action} on resource: ${resource}`;

export function assumeRole(rng: Prng, c: AssumeRoleCall): PlacedRecord[] {
  const roleAccount = accountOf(c.roleArn);
  const recipient = c.caller.accountId ?? roleAccount;
  const base = {
    caller: c.caller,
    eventSource: STS,
    eventName: 'AssumeRole',
    region: c.region,
    timeMs: c.timeMs,
    readOnly: true,
    recipientAccountId: recipient,
  };
  if (c.denied === true) {
    return placeCall(
      rng,
      {
        ...base,
        requestParameters: null,
        responseElements: null,
        error: { code: 'AccessDenied', message: deniedMessage(c.caller, 'sts:AssumeRole', c.roleArn) },
      },
      roleAccount,
    );
  }
  const request: CloudTrailRecord = { roleArn: c.roleArn, roleSessionName: c.sessionName };
  if (c.durationSeconds !== undefined) request.durationSeconds = c.durationSeconds;
  if (c.externalId !== undefined) request.externalId = c.externalId;
  if (c.serialNumber !== undefined) {
    request.serialNumber = c.serialNumber;
    request.tokenCode = String(rng.int(0, 999_999)).padStart(6, '0');
  }
  if (c.sourceIdentity !== undefined) request.sourceIdentity = c.sourceIdentity;
  const response: CloudTrailRecord = {
    credentials: credentials(rng, c.timeMs, c.durationSeconds ?? 3600),
    assumedRoleUser: assumedRoleUser(c.roleArn, c.sessionName),
  };
  const sourceIdentity = c.sourceIdentity ?? c.inheritedSourceIdentity;
  if (sourceIdentity !== undefined) response.sourceIdentity = sourceIdentity;
  return placeCall(
    rng,
    { ...base, requestParameters: request, responseElements: response, resources: [roleResource(c.roleArn)] },
    roleAccount,
  );
}

/** An AWS service assuming a workload role: no account, the service host as source, session set by AWS. */
export function serviceAssumeRole(
  rng: Prng,
  caller: Caller,
  roleArn: string,
  sessionName: string,
  region: string,
  timeMs: number,
  grantedSeconds: number,
  withAssumedRoleUser: boolean,
): PlacedRecord[] {
  const response: CloudTrailRecord = { credentials: credentials(rng, timeMs, grantedSeconds) };
  if (withAssumedRoleUser) response.assumedRoleUser = assumedRoleUser(roleArn, sessionName);
  return placeCall(
    rng,
    {
      caller,
      eventSource: STS,
      eventName: 'AssumeRole',
      region,
      timeMs,
      readOnly: true,
      recipientAccountId: accountOf(roleArn),
      requestParameters: { roleArn, roleSessionName: sessionName },
      responseElements: response,
      resources: [roleResource(roleArn)],
      sharedEventID: rng.uuid(),
    },
    accountOf(roleArn),
  );
}

export interface SamlCall {
  readonly caller: Caller;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly region: string;
  readonly timeMs: number;
  readonly durationSeconds: number;
  readonly sourceIdentity?: string;
}

export function assumeRoleWithSaml(rng: Prng, c: SamlCall): PlacedRecord[] {
  const request: CloudTrailRecord = {
    sAMLAssertionID: `_${rng.bytes(16).toString('hex')}`,
    roleSessionName: c.sessionName,
    durationSeconds: c.durationSeconds,
    roleArn: c.roleArn,
    principalArn: OKTA_PROVIDER_ARN,
  };
  if (c.sourceIdentity !== undefined) request.sourceIdentity = c.sourceIdentity;
  const response: CloudTrailRecord = {
    credentials: credentials(rng, c.timeMs, c.durationSeconds),
    assumedRoleUser: assumedRoleUser(c.roleArn, c.sessionName),
    subject: c.sessionName,
    subjectType: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    issuer: 'http://www.okta.com/exk1acmeexample0h8',
    audience: 'https://signin.aws.amazon.com/saml',
    nameQualifier: c.caller.userIdentity.identityProvider,
  };
  if (c.sourceIdentity !== undefined) response.sourceIdentity = c.sourceIdentity;
  const account = accountOf(c.roleArn);
  return placeCall(
    rng,
    {
      caller: c.caller,
      eventSource: STS,
      eventName: 'AssumeRoleWithSAML',
      region: c.region,
      timeMs: c.timeMs,
      readOnly: true,
      recipientAccountId: account,
      requestParameters: request,
      responseElements: response,
      resources: [
        roleResource(c.roleArn),
        { accountId: account, type: 'AWS::IAM::SAMLProvider', ARN: OKTA_PROVIDER_ARN },
      ],
    },
    account,
  );
}

export interface WebIdentityCall {
  readonly caller: Caller;
  readonly providerArn: string;
  readonly subject: string;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly region: string;
  readonly timeMs: number;
  readonly durationSeconds: number;
}

export function assumeRoleWithWebIdentity(rng: Prng, c: WebIdentityCall): PlacedRecord[] {
  const account = accountOf(c.roleArn);
  return placeCall(
    rng,
    {
      caller: c.caller,
      eventSource: STS,
      eventName: 'AssumeRoleWithWebIdentity',
      region: c.region,
      timeMs: c.timeMs,
      readOnly: true,
      recipientAccountId: account,
      requestParameters: {
        roleArn: c.roleArn,
        roleSessionName: c.sessionName,
        durationSeconds: c.durationSeconds,
      },
      responseElements: {
        credentials: credentials(rng, c.timeMs, c.durationSeconds),
        subjectFromWebIdentityToken: c.subject,
        assumedRoleUser: assumedRoleUser(c.roleArn, c.sessionName),
        provider: c.providerArn,
        audience: 'sts.amazonaws.com',
      },
      resources: [
        roleResource(c.roleArn),
        { accountId: account, type: 'AWS::IAM::OIDCProvider', ARN: c.providerArn },
      ],
    },
    account,
  );
}

export function assumeRoot(
  rng: Prng,
  caller: Caller,
  targetAccount: string,
  region: string,
  timeMs: number,
): PlacedRecord[] {
  return placeCall(
    rng,
    {
      caller,
      eventSource: STS,
      eventName: 'AssumeRoot',
      eventVersion: '1.10',
      region,
      timeMs,
      readOnly: true,
      recipientAccountId: caller.accountId ?? ACCOUNTS.identity,
      requestParameters: {
        targetPrincipal: targetAccount,
        taskPolicyArn: { arn: `arn:${PARTITION}:iam::aws:policy/root-task/IAMDeleteRootUserCredentials` },
        durationSeconds: 900,
      },
      responseElements: { credentials: credentials(rng, timeMs, 900) },
    },
    caller.accountId ?? ACCOUNTS.identity,
  );
}

export function getSessionToken(
  rng: Prng,
  caller: Caller,
  region: string,
  timeMs: number,
  durationSeconds: number,
  serialNumber?: string,
): PlacedRecord[] {
  const request: CloudTrailRecord = { durationSeconds };
  if (serialNumber !== undefined) {
    request.serialNumber = serialNumber;
    request.tokenCode = String(rng.int(0, 999_999)).padStart(6, '0');
  }
  const account = caller.accountId ?? '';
  return placeCall(
    rng,
    {
      caller,
      eventSource: STS,
      eventName: 'GetSessionToken',
      region,
      timeMs,
      readOnly: true,
      recipientAccountId: account,
      requestParameters: request,
      responseElements: { credentials: credentials(rng, timeMs, durationSeconds) },
    },
    account,
  );
}

export function getFederationToken(
  rng: Prng,
  caller: Caller,
  name: string,
  region: string,
  timeMs: number,
  durationSeconds: number,
): PlacedRecord[] {
  const account = caller.accountId ?? '';
  return placeCall(
    rng,
    {
      caller,
      eventSource: STS,
      eventName: 'GetFederationToken',
      region,
      timeMs,
      readOnly: true,
      recipientAccountId: account,
      requestParameters: {
        name,
        durationSeconds,
        policy:
          '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
      },
      responseElements: {
        credentials: credentials(rng, timeMs, durationSeconds),
        federatedUser: {
          federatedUserId: `${account}:${name}`,
          arn: `arn:${PARTITION}:sts::${account}:federated-user/${name}`,
        },
        packedPolicySize: 9,
      },
    },
    account,
  );
}

export function getCallerIdentity(rng: Prng, caller: Caller, region: string, timeMs: number): PlacedRecord[] {
  const account = caller.accountId ?? '';
  return placeCall(
    rng,
    {
      caller,
      eventSource: STS,
      eventName: 'GetCallerIdentity',
      region,
      timeMs,
      readOnly: true,
      recipientAccountId: account,
      requestParameters: null,
      responseElements: null,
    },
    account,
  );
}
