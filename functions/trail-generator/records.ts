import { ACCOUNTS, PARTITION, TRAIL_ACCOUNTS, userArn } from './org.ts';
import { type Prng, stableId, UPPER_DIGITS } from './prng.ts';

/** A raw CloudTrail record, exactly as it would appear in `{"Records":[...]}`. */
export type CloudTrailRecord = { [key: string]: unknown };

/** A record plus the trail (account, region) whose log files hold it. */
export interface PlacedRecord {
  readonly account: string;
  readonly region: string;
  readonly timeMs: number;
  readonly record: CloudTrailRecord;
}

/** Who makes a call, as the caller's own trail records it. */
export interface Caller {
  readonly userIdentity: CloudTrailRecord;
  /** Absent for AWS services and federated callers (they belong to no account). */
  readonly accountId?: string;
  readonly arn?: string;
  readonly principalId?: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** TLS is recorded for calls that reach a public endpoint, not for service-internal ones. */
  readonly tls: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const isoSeconds = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** `credentials.expiration` as CloudTrail writes it: `Nov 29, 2026, 10:07:39 AM` (UTC). */
export function formatExpiration(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  const month = MONTHS[d.getUTCMonth()] ?? 'Jan';
  return `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h12}:${mm}:${ss} ${h < 12 ? 'AM' : 'PM'}`;
}

/** The last segment of a role name with path: AWS drops the path in `assumed-role/` ARNs. */
const bareName = (nameWithPath: string): string => nameWithPath.slice(nameWithPath.lastIndexOf('/') + 1);

export function iamUser(account: string, name: string, sourceIp: string, userAgent: string): Caller {
  const arn = userArn(account, name);
  const principalId = stableId('AIDA', arn);
  return {
    userIdentity: {
      type: 'IAMUser',
      principalId,
      arn,
      accountId: account,
      accessKeyId: stableId('AKIA', `${arn}#key`, 16),
      userName: name,
    },
    accountId: account,
    arn,
    principalId,
    sourceIp,
    userAgent,
    tls: true,
  };
}

export interface RoleSessionOptions {
  readonly mfaAuthenticated?: boolean;
  readonly sourceIdentity?: string;
  /** When the caller's session was issued. */
  readonly creationMs: number;
  /** The OIDC provider ARN when the session came from AssumeRoleWithWebIdentity. */
  readonly webIdentityProvider?: string;
}

/** A caller using a role session (`AssumedRole`), e.g. after SAML sign-in or inside a workload. */
export function roleSession(
  rng: Prng,
  account: string,
  roleName: string,
  sessionName: string,
  options: RoleSessionOptions,
  sourceIp: string,
  userAgent: string,
): Caller {
  const roleArn = `arn:${PARTITION}:iam::${account}:role/${roleName}`;
  const roleId = stableId('AROA', roleArn);
  const arn = `arn:${PARTITION}:sts::${account}:assumed-role/${bareName(roleName)}/${sessionName}`;
  const principalId = `${roleId}:${sessionName}`;
  const sessionContext: CloudTrailRecord = {
    sessionIssuer: {
      type: 'Role',
      principalId: roleId,
      arn: roleArn,
      accountId: account,
      userName: bareName(roleName),
    },
    webIdFederationData:
      options.webIdentityProvider === undefined
        ? {}
        : { federatedProvider: options.webIdentityProvider, attributes: {} },
    attributes: {
      creationDate: isoSeconds(options.creationMs),
      mfaAuthenticated: options.mfaAuthenticated === true ? 'true' : 'false',
    },
  };
  if (options.sourceIdentity !== undefined) sessionContext.sourceIdentity = options.sourceIdentity;
  return {
    userIdentity: {
      type: 'AssumedRole',
      principalId,
      arn,
      accountId: account,
      accessKeyId: `ASIA${rng.chars(16, UPPER_DIGITS)}`,
      sessionContext,
    },
    accountId: account,
    arn,
    principalId,
    sourceIp,
    userAgent,
    tls: true,
  };
}

export function awsService(service: string): Caller {
  return {
    userIdentity: { type: 'AWSService', invokedBy: service },
    sourceIp: service,
    userAgent: service,
    tls: false,
  };
}

/** Okta's SAML name qualifier: a stable base64 digest, as AWS computes one per issuer/account/provider. */
export const OKTA_NAME_QUALIFIER = `${stableId('', 'okta-name-qualifier', 27).replace(/[0-9]/g, 'x')}=`;

export function samlUser(email: string, sourceIp: string, userAgent: string): Caller {
  return {
    userIdentity: {
      type: 'SAMLUser',
      principalId: `${OKTA_NAME_QUALIFIER}:${email}`,
      userName: email,
      identityProvider: OKTA_NAME_QUALIFIER,
    },
    sourceIp,
    userAgent,
    tls: true,
  };
}

export function webIdentityUser(
  providerArn: string,
  subject: string,
  sourceIp: string,
  userAgent: string,
): Caller {
  return {
    userIdentity: {
      type: 'WebIdentityUser',
      principalId: `${providerArn}:sts.amazonaws.com:${subject}`,
      userName: subject,
      identityProvider: providerArn,
    },
    sourceIp,
    userAgent,
    tls: true,
  };
}

/**
 * Issued credentials. The session token is obviously fake (real ones start with `IQoJb3JpZ2lu`) but has
 * a realistic length, because record size drives the benchmark.
 */
export function credentials(rng: Prng, eventMs: number, grantedSeconds: number): CloudTrailRecord {
  return {
    accessKeyId: `ASIA${rng.chars(16, UPPER_DIGITS)}`,
    sessionToken: `FAKE0ROLEWATCH0SESSION0TOKEN/${rng.bytes(rng.int(200, 300)).toString('base64')}`,
    expiration: formatExpiration(eventMs + grantedSeconds * 1000),
  };
}

export interface RecordSpec {
  readonly caller: Caller;
  readonly eventSource: string;
  readonly eventName: string;
  readonly region: string;
  readonly timeMs: number;
  readonly requestParameters: CloudTrailRecord | null;
  readonly responseElements: CloudTrailRecord | null;
  readonly additionalEventData?: CloudTrailRecord;
  readonly resources?: readonly CloudTrailRecord[];
  readonly error?: { readonly code: string; readonly message?: string };
  readonly readOnly: boolean;
  readonly management?: boolean;
  readonly eventVersion?: string;
  /** Whose trail: defaults to the caller's account. */
  readonly recipientAccountId: string;
  readonly sharedEventID?: string;
  readonly requestID?: string;
}

/** One record, keys in the order CloudTrail writes them. */
export function buildRecord(
  rng: Prng,
  spec: RecordSpec,
  userIdentity = spec.caller.userIdentity,
): CloudTrailRecord {
  const management = spec.management ?? true;
  const r: CloudTrailRecord = {
    eventVersion: spec.eventVersion ?? '1.08',
    userIdentity,
    eventTime: isoSeconds(spec.timeMs),
    eventSource: spec.eventSource,
    eventName: spec.eventName,
    awsRegion: spec.region,
    sourceIPAddress: spec.caller.sourceIp,
    userAgent: spec.caller.userAgent,
  };
  if (spec.error !== undefined) {
    r.errorCode = spec.error.code;
    if (spec.error.message !== undefined) r.errorMessage = spec.error.message;
  }
  r.requestParameters = spec.requestParameters;
  r.responseElements = spec.responseElements;
  if (spec.additionalEventData !== undefined) r.additionalEventData = spec.additionalEventData;
  r.requestID = spec.requestID ?? rng.uuid();
  r.eventID = rng.uuid();
  r.readOnly = spec.readOnly;
  if (spec.resources !== undefined) r.resources = spec.resources;
  r.eventType = 'AwsApiCall';
  r.managementEvent = management;
  r.recipientAccountId = spec.recipientAccountId;
  if (spec.sharedEventID !== undefined) r.sharedEventID = spec.sharedEventID;
  r.eventCategory = management ? 'Management' : 'Data';
  if (spec.caller.tls) {
    const host = spec.eventSource.replace('.amazonaws.com', '');
    r.tlsDetails = {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${host}.${spec.region}.amazonaws.com`,
    };
  }
  return r;
}

const isTrailAccount = (account: string): boolean => (TRAIL_ACCOUNTS as readonly string[]).includes(account);

/**
 * Places a call in the trails that record it: the caller's account always; for a successful call
 * across accounts also the target's, whose copy knows the caller only as `AWSAccount` and shares
 * the `sharedEventID`. Accounts whose trails we do not hold (outsiders) get nothing.
 */
export function placeCall(rng: Prng, spec: RecordSpec, targetAccount: string): PlacedRecord[] {
  const out: PlacedRecord[] = [];
  const callerAccount = spec.caller.accountId;
  const crossAccount =
    callerAccount !== undefined && callerAccount !== targetAccount && spec.error === undefined;
  const shared = crossAccount
    ? { sharedEventID: spec.sharedEventID ?? rng.uuid(), requestID: rng.uuid() }
    : {};
  const s: RecordSpec = { ...spec, ...shared };
  if (isTrailAccount(spec.recipientAccountId)) {
    out.push({
      account: spec.recipientAccountId,
      region: spec.region,
      timeMs: spec.timeMs,
      record: buildRecord(rng, s),
    });
  }
  if (crossAccount && isTrailAccount(targetAccount)) {
    const copyIdentity: CloudTrailRecord = {
      type: 'AWSAccount',
      principalId: spec.caller.principalId,
      accountId: callerAccount,
    };
    const copy = buildRecord(rng, { ...s, recipientAccountId: targetAccount }, copyIdentity);
    out.push({ account: targetAccount, region: spec.region, timeMs: spec.timeMs, record: copy });
  }
  return out;
}

export const roleResource = (arn: string): CloudTrailRecord => ({
  accountId: accountOf(arn),
  type: 'AWS::IAM::Role',
  ARN: arn,
});

/** The account id field of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:...`). */
export const accountOf = (arn: string): string => arn.split(':')[4] ?? '';

export const OUTSIDER = ACCOUNTS.outsider;
