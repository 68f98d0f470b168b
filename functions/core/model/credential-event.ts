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
  readonly rawType?: string;
  /** The principal's ARN as CloudTrail wrote it (for `AssumedRole`: the `assumed-role/ROLE/SESSION` ARN). */
  readonly arn?: string;
  /** A 12-digit account id, or absent (placeholders and malformed ids are dropped and noted in `gaps`). */
  readonly accountId?: string;
  readonly principalId?: string;
  readonly userName?: string;
  /** `AWSService` actors: the service, e.g. `ecs-tasks.amazonaws.com`. */
  readonly invokedBy?: string;
  /**
   * `AssumedRole`: the role the caller's own session was issued for (`sessionContext.sessionIssuer.arn`,
   * or derived from the `assumed-role/NAME/` ARN as `arn:PARTITION:iam::ACCOUNT:role/NAME` — path unknown).
   * `FederatedUser`: the IAM user that called GetFederationToken.
   */
  readonly sessionIssuerArn?: string;
  /** `AssumedRole`: the caller's own session name. */
  readonly sessionName?: string;
  /** The caller's own session was MFA-authenticated (`sessionContext.attributes.mfaAuthenticated`). */
  readonly mfaAuthenticated?: boolean;
  /** `sessionContext.sourceIdentity` of the caller's session. */
  readonly sourceIdentity?: string;
  /** `SAMLUser` / `WebIdentityUser`: `userIdentity.identityProvider`. */
  readonly identityProvider?: string;
  /** A short label a person can read: `alice (IAM user, 444455556666)`. */
  readonly display: string;
}

/** The role (or, for AssumeRoot, the account root) the call asked for. */
export interface TargetRole {
  readonly arn: string;
  readonly accountId?: string;
  /** The role name with its path, e.g. `service-role/Deploy`. */
  readonly name?: string;
  /** Where the ARN came from: the request, the response, `resources[]`, or the error message of a denied call. */
  readonly from: 'requestParameters' | 'responseElements' | 'resources' | 'errorMessage' | 'targetPrincipal';
}

export interface SessionFacts {
  /** `roleSessionName` (AssumeRole*), or `name` of GetFederationToken. */
  readonly name?: string;
  /** `durationSeconds` of the request; 3600 when the request omitted it on an AssumeRole-family call. */
  readonly requestedSeconds?: number;
  /** True when `requestedSeconds` is the documented default rather than a value in the record. */
  readonly requestedSecondsDefaulted: boolean;
  /** `credentials.expiration − eventTime`, in whole seconds. */
  readonly grantedSeconds?: number;
  /** `credentials.expiration` as ISO 8601 (UTC). */
  readonly expiration?: string;
  /** The source identity set on the new session (request or response). */
  readonly sourceIdentity?: string;
}

export interface MfaFacts {
  /** `serialNumber` on the request (an MFA device ARN or serial). */
  readonly serialNumber?: string;
  /** A `tokenCode` was present on the request (its value is never kept). */
  readonly tokenCodePresent: boolean;
}

export interface WebIdentityFacts {
  /** The provider host, e.g. `token.actions.githubusercontent.com` or `accounts.google.com`. */
  readonly providerHost?: string;
  /** The provider ARN when the record names one (`responseElements.provider`). */
  readonly providerArn?: string;
  readonly subject?: string;
  readonly audience?: string;
}

export interface SamlFacts {
  /** `requestParameters.principalArn`: the SAML provider ARN. */
  readonly providerArn?: string;
  readonly subject?: string;
  readonly issuer?: string;
}

/**
 * One credential-issuing call, normalised from any CloudTrail variant.
 * Every field a record may lack is optional; `gaps` lists what was missing or unusable so that
 * reports can say what a judgement could not see.
 */
export interface CredentialEvent {
  readonly eventName: CredentialEventName;
  readonly eventId?: string;
  readonly sharedEventId?: string;
  readonly requestId?: string;
  /** ISO 8601 UTC (`eventTime`, or `@timestamp` in Logstash exports). */
  readonly eventTime?: string;
  /** `eventTime` in epoch milliseconds, for arithmetic. */
  readonly eventTimeMs?: number;
  readonly awsRegion?: string;
  readonly recipientAccountId?: string;
  /** False when the record has an `errorCode`. */
  readonly success: boolean;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly role?: TargetRole;
  readonly actor: Actor;
  /** `sourceIPAddress` as written (may be a service host name, `AWS Internal`, or a malformed address). */
  readonly sourceIp?: string;
  /** True when `sourceIp` is an AWS service host name or `AWS Internal` rather than an address. */
  readonly sourceIpIsService: boolean;
  readonly userAgent?: string;
  readonly session: SessionFacts;
  readonly mfa: MfaFacts;
  /** Whether the request carried an `externalId` (the value itself is a shared secret and is not kept). */
  readonly externalIdPresent: boolean;
  readonly webIdentity?: WebIdentityFacts;
  readonly saml?: SamlFacts;
  /** Names of fields that were missing or unusable, e.g. `eventID`, `eventTime`, `requestParameters`. */
  readonly gaps: readonly string[];
  readonly location: SourceLocation;
}
