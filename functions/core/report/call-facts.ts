import type { ActorType, CredentialEvent, CredentialEventName } from '../model/credential-event.ts';

/**
 * What the report keeps of one actor: enough to show it, and enough to judge it again against a trust
 * file's `trustedPrincipals` (see {@link asMatchableEvent}) without keeping the event.
 */
export interface ActorFacts {
  /** The actor's identity in tables, as finding groups name it: its ARN, else its display. */
  readonly key: string;
  readonly display: string;
  readonly type: ActorType;
  readonly arn?: string;
  readonly accountId?: string;
  readonly principalId?: string;
  readonly invokedBy?: string;
  readonly sessionIssuerArn?: string;
  readonly identityProvider?: string;
  /** SAML calls: the provider the request names. */
  readonly samlProviderArn?: string;
  /** Web identity calls: the OIDC provider. */
  readonly oidcProviderArn?: string;
  readonly oidcProviderHost?: string;
}

/** One credential-issuing call as the report's activity tables count it. */
export interface CallFacts {
  readonly eventName: CredentialEventName;
  readonly success: boolean;
  readonly errorCode?: string;
  readonly roleArn?: string;
  /** The account the credentials are for: the role's, else the recipient account. */
  readonly targetAccountId?: string;
  readonly actor: ActorFacts;
  readonly timeMs?: number;
  readonly grantedSeconds?: number;
}

/** Leaves out keys whose value is undefined (the facts cross threads and land in JSON). */
function defined<T extends object>(o: { readonly [K in keyof T]-?: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

export const actorKey = (actor: { readonly arn?: string | undefined; readonly display: string }): string =>
  actor.arn ?? actor.display;

export function callFacts(event: CredentialEvent): CallFacts {
  const a = event.actor;
  const actor = defined<ActorFacts>({
    key: actorKey(a),
    display: a.display,
    type: a.type,
    arn: a.arn,
    accountId: a.accountId,
    principalId: a.principalId,
    invokedBy: a.invokedBy,
    sessionIssuerArn: a.sessionIssuerArn,
    identityProvider: a.identityProvider,
    samlProviderArn: event.saml?.providerArn,
    oidcProviderArn: event.webIdentity?.providerArn,
    oidcProviderHost: event.webIdentity?.providerHost,
  });
  return defined<CallFacts>({
    eventName: event.eventName,
    success: event.success,
    errorCode: event.errorCode,
    roleArn: event.role?.arn,
    targetAccountId: event.role?.accountId ?? event.recipientAccountId,
    actor,
    timeMs: event.eventTimeMs,
    grantedSeconds: event.success ? event.session.grantedSeconds : undefined,
  });
}

/**
 * A credential event rebuilt from kept facts, carrying every field a `trustedPrincipals` matcher reads
 * (actor, event name, role, SAML and OIDC provider) and neutral values elsewhere.
 */
export function asMatchableEvent(
  eventName: CredentialEventName,
  roleArn: string | undefined,
  actor: ActorFacts,
): CredentialEvent {
  return {
    eventName,
    success: true,
    ...(roleArn === undefined ? {} : { role: { arn: roleArn, from: 'requestParameters' as const } }),
    actor: {
      type: actor.type,
      display: actor.display,
      arn: actor.arn,
      accountId: actor.accountId,
      principalId: actor.principalId,
      invokedBy: actor.invokedBy,
      sessionIssuerArn: actor.sessionIssuerArn,
      identityProvider: actor.identityProvider,
    },
    sourceIpIsService: false,
    session: { requestedSecondsDefaulted: false },
    mfa: { tokenCodePresent: false },
    externalIdPresent: false,
    saml: actor.samlProviderArn === undefined ? undefined : { providerArn: actor.samlProviderArn },
    webIdentity:
      actor.oidcProviderArn === undefined && actor.oidcProviderHost === undefined
        ? undefined
        : { providerArn: actor.oidcProviderArn, providerHost: actor.oidcProviderHost },
    gaps: [],
    location: {},
  };
}

/**
 * Which copy of a cross-account call an event is: CloudTrail logs such a call in the caller's account
 * (`caller`, full identity) and in the role owner's (`owner`, an `AWSAccount` actor), with one
 * `sharedEventID`. Undefined for every other call.
 */
export function crossAccountCopy(event: CredentialEvent): 'caller' | 'owner' | undefined {
  if (event.sharedEventId === undefined) return undefined;
  const { actor, role } = event;
  if (actor.type === 'AWSAccount') return 'owner';
  const target = role?.accountId ?? event.recipientAccountId;
  return actor.accountId !== undefined && target !== undefined && target !== actor.accountId
    ? 'caller'
    : undefined;
}
