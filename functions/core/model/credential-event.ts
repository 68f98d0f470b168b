import type { SourceLocation } from './location.ts';

/** The STS calls that issue credentials: the only records rolewatch judges. */
export const CREDENTIAL_EVENT_NAMES = [
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'AssumeRoot',
  'GetSessionToken',
  'GetFederationToken',
] as const;
export type CredentialEventName = (typeof CREDENTIAL_EVENT_NAMES)[number];

/** `userIdentity.type` values CloudTrail writes; anything else becomes `Unknown` (raw value kept). */
export const ACTOR_TYPES = [
  'AWSService',
  'AWSAccount',
  'IAMUser',
  'AssumedRole',
  'Root',
  'FederatedUser',
  'SAMLUser',
  'WebIdentityUser',
  'IdentityCenterUser',
  'Unknown',
] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** Who made the call, from `userIdentity` (and, for federation calls, the request/response). */
export interface Actor {
  readonly type: ActorType;
  /** `userIdentity.type` as written, when it is not one of {@link ACTOR_TYPES}. */
  readonly rawType?: string | undefined;
  /** The principal's ARN as CloudTrail wrote it (for `AssumedRole`: the `assumed-role/ROLE/SESSION` ARN). */
  readonly arn?: string | undefined;
  /** A 12-digit account id, or absent (placeholders and malformed ids are dropped and noted in `gaps`). */
  readonly accountId?: string | undefined;
  readonly principalId?: string | undefined;
  readonly userName?: string | undefined;
  /** `AWSService` actors: the service, e.g. `ecs-tasks.amazonaws.com`. */
  readonly invokedBy?: string | undefined;
  /**
   * `AssumedRole`: the role the caller's own session was issued for (`sessionContext.sessionIssuer.arn`,
   * or derived from the `assumed-role/NAME/` ARN as `arn:PARTITION:iam::ACCOUNT:role/NAME` — path unknown).
   * `FederatedUser`: the IAM user that called GetFederationToken.
   */
  readonly sessionIssuerArn?: string | undefined;
  /**
   * True when `sessionIssuerArn` is the record's `sessionContext.sessionIssuer.arn`, the role's ARN with its
   * path (at the root too), not one derived from the assumed-role ARN, whose path is unknown.
   */
  readonly sessionIssuerRecorded?: boolean | undefined;
  /** `AssumedRole`: the caller's own session name. */
  readonly sessionName?: string | undefined;
  /** The caller's own session was MFA-authenticated (`sessionContext.attributes.mfaAuthenticated`). */
  readonly mfaAuthenticated?: boolean | undefined;
  /** `sessionContext.sourceIdentity` of the caller's session. */
  readonly sourceIdentity?: string | undefined;
  /** `SAMLUser` / `WebIdentityUser`: `userIdentity.identityProvider`. */
  readonly identityProvider?: string | undefined;
  /**
   * `AssumedRole`: the fingerprint (see `keyFingerprint`) of `userIdentity.accessKeyId`, the key the call
   * was signed with. Session lineage follows it back to the call that issued the session; the key id
   * itself is not kept.
   */
  readonly keyFingerprint?: string | undefined;
  /** A short label a person can read: `alice (IAM user, 444455556666)`. */
  readonly display: string;
}

/** The role (or, for AssumeRoot, the account root) the call asked for. */
export interface TargetRole {
  readonly arn: string;
  readonly accountId?: string | undefined;
  /** The role name with its path, e.g. `service-role/Deploy`. */
  readonly name?: string | undefined;
  /** Where the ARN came from: the request, the response, `resources[]`, or the error message of a denied call. */
  readonly from: 'requestParameters' | 'responseElements' | 'resources' | 'errorMessage' | 'targetPrincipal';
}

export interface SessionFacts {
  /** `roleSessionName` (AssumeRole*), or `name` of GetFederationToken. */
  readonly name?: string | undefined;
  /** `durationSeconds` of the request; 3600 when the request omitted it on an AssumeRole-family call. */
  readonly requestedSeconds?: number | undefined;
  /** True when `requestedSeconds` is the documented default rather than a value in the record. */
  readonly requestedSecondsDefaulted: boolean;
  /** `credentials.expiration − eventTime`, in whole seconds. */
  readonly grantedSeconds?: number | undefined;
  /** `credentials.expiration` as ISO 8601 (UTC). */
  readonly expiration?: string | undefined;
  /** The source identity set on the new session (request or response). */
  readonly sourceIdentity?: string | undefined;
}

/**
 * What a successful AssumeRole-family call by a principal other than an AWS service handed out, as far
 * as the record names it: what session lineage follows (never a key id, secret key or session token).
 */
export interface IssuedCredentials {
  /** Fingerprint (see `keyFingerprint`) of `responseElements.credentials.accessKeyId`. */
  readonly keyFingerprint?: string | undefined;
  /** `responseElements.assumedRoleUser.arn`: the `assumed-role/ROLE/SESSION` ARN of the new session. */
  readonly sessionArn?: string | undefined;
}

export interface MfaFacts {
  /** `serialNumber` on the request (an MFA device ARN or serial). */
  readonly serialNumber?: string | undefined;
  /** A `tokenCode` was present on the request (its value is never kept). */
  readonly tokenCodePresent: boolean;
}

export interface WebIdentityFacts {
  /** The provider host, e.g. `token.actions.githubusercontent.com` or `accounts.google.com`. */
  readonly providerHost?: string | undefined;
  /** The provider ARN when the record names one (`responseElements.provider`). */
  readonly providerArn?: string | undefined;
  readonly subject?: string | undefined;
  readonly audience?: string | undefined;
}

export interface SamlFacts {
  /** `requestParameters.principalArn`: the SAML provider ARN. */
  readonly providerArn?: string | undefined;
  readonly subject?: string | undefined;
  readonly issuer?: string | undefined;
}

/** What every judged CloudTrail record carries (credential events and IAM trust-policy events alike). */
export interface RecordFields {
  readonly eventId?: string | undefined;
  readonly sharedEventId?: string | undefined;
  readonly requestId?: string | undefined;
  /** ISO 8601 UTC (`eventTime`, or `@timestamp` in Logstash exports). */
  readonly eventTime?: string | undefined;
  /** `eventTime` in epoch milliseconds, for arithmetic. */
  readonly eventTimeMs?: number | undefined;
  readonly awsRegion?: string | undefined;
  readonly recipientAccountId?: string | undefined;
  /** False when the record has an `errorCode`: the call did nothing. */
  readonly success: boolean;
  readonly errorCode?: string | undefined;
  readonly errorMessage?: string | undefined;
}

/**
 * One credential-issuing call, normalised from any CloudTrail variant.
 *
 * Optional fields here and in the nested facts may also hold `undefined`: the normaliser builds every
 * event with all fields present so that all events share one object shape (rules read them millions of
 * times in a scan), and an absent value is written as `undefined`, which JSON output leaves out.
 * Every field a record may lack is optional; `gaps` lists what was missing or unusable so that
 * reports can say what a judgement could not see.
 */
export interface CredentialEvent extends RecordFields {
  readonly eventName: CredentialEventName;
  readonly role?: TargetRole | undefined;
  readonly actor: Actor;
  /** `sourceIPAddress` as written (may be a service host name, `AWS Internal`, or a malformed address). */
  readonly sourceIp?: string | undefined;
  /** True when `sourceIp` is an AWS service host name or `AWS Internal` rather than an address. */
  readonly sourceIpIsService: boolean;
  readonly userAgent?: string | undefined;
  readonly session: SessionFacts;
  readonly mfa: MfaFacts;
  /** Whether the request carried an `externalId` (the value itself is a shared secret and is not kept). */
  readonly externalIdPresent: boolean;
  readonly webIdentity?: WebIdentityFacts | undefined;
  readonly saml?: SamlFacts | undefined;
  /** The identifiers of the credentials a successful call issued (absent when the record names none). */
  readonly issued?: IssuedCredentials | undefined;
  /** Names of fields that were missing or unusable, e.g. `eventID`, `eventTime`, `requestParameters`. */
  readonly gaps: readonly string[];
  readonly location: SourceLocation;
}
