import { cleanArn, isAccountId } from '../arn/parse-arn.ts';
import { parseAssumedRoleArn } from '../arn/role-arn.ts';
import {
  type Actor,
  CREDENTIAL_EVENT_NAMES,
  type CredentialEvent,
  type CredentialEventName,
  type IssuedCredentials,
  type MfaFacts,
  type SamlFacts,
  type SessionFacts,
  type WebIdentityFacts,
} from '../model/credential-event.ts';
import type { InputError } from '../model/input-error.ts';
import type { SourceLocation } from '../model/location.ts';
import {
  TRUST_POLICY_EVENT_NAMES,
  type TrustPolicyEvent,
  type TrustPolicyEventName,
} from '../model/trust-policy-event.ts';
import { defaultDurationSeconds } from './default-duration.ts';
import { oidcHostOf } from './describe-actor.ts';
import { keyFingerprint } from './key-fingerprint.ts';
import { normalizeActor } from './normalize-actor.ts';
import { normalizeIamRecord } from './normalize-iam-record.ts';
import { parseCanonicalUtc, parseExpiration, toIsoUtc } from './parse-expiration.ts';
import {
  isPresent,
  type JsonObject,
  objectAt,
  objectOf,
  resourceArnOfType,
  stringAt,
  stringOf,
  takeTruncations,
  toInteger,
} from './record-fields.ts';
import { classifySourceIp } from './source-ip.ts';
import { targetRole } from './target-role.ts';

export type NormalizeOutcome =
  | { readonly kind: 'event'; readonly event: CredentialEvent }
  /** An IAM call that sets a role's trust (CreateRole, UpdateAssumeRolePolicy, UpdateRole). */
  | { readonly kind: 'trust-policy'; readonly event: TrustPolicyEvent }
  /** Not an STS credential-issuing call: counted, not judged. */
  | { readonly kind: 'skipped'; readonly eventSource: string; readonly eventName: string }
  /** Not a CloudTrail record at all. */
  | { readonly kind: 'error'; readonly error: InputError };

const STS_SOURCE = 'sts.amazonaws.com';
const IAM_SOURCE = 'iam.amazonaws.com';
const CREDENTIAL_NAMES: ReadonlySet<string> = new Set<string>(CREDENTIAL_EVENT_NAMES);
const TRUST_POLICY_NAMES: ReadonlySet<string> = new Set<string>(TRUST_POLICY_EVENT_NAMES);
const OIDC_MARKER = 'oidc-provider/';
const SAML_PROVIDER_RESOURCE_TYPE = 'AWS::IAM::SAMLProvider';

/**
 * The longest session STS issues (GetSessionToken and GetFederationToken: 36 hours), with a day to spare
 * for clock skew: a granted duration beyond it, or below zero, is a broken record.
 */
const MAX_GRANTED_SECONDS = 129_600 + 86_400;

/** The gap of a credentials expiration that gives no plausible duration (see sessionFacts). */
export const IMPLAUSIBLE_EXPIRATION = 'expiration (before eventTime, or implausibly late)';

/** The gap of a record some of whose strings were cut to MAX_FIELD_CHARS. */
export const TRUNCATED_FIELDS = 'fields truncated';

const shapeError = (message: string, location: SourceLocation): NormalizeOutcome => ({
  kind: 'error',
  error: { kind: 'shape', message, location },
});

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/**
 * Turns one CloudTrail record into a {@link CredentialEvent}, skips records that issue no credentials, and
 * reports values that are not CloudTrail records at all. Never throws: a record missing fields is still
 * normalised as far as possible and the missing parts are listed in `gaps`.
 *
 * Classification runs first and allocates nothing beyond the `skipped` outcome, because most records in
 * a trail are not STS credential calls.
 */
export function normalizeRecord(record: unknown, location: SourceLocation): NormalizeOutcome {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return shapeError(`record is ${describeType(record)}, not a JSON object`, location);
  }
  const r = record as JsonObject;
  const eventSource = r.eventSource;
  const eventName = r.eventName;
  if (typeof eventSource !== 'string' || typeof eventName !== 'string') {
    return shapeError('record has no string eventSource and eventName', location);
  }
  if (eventSource !== STS_SOURCE || !CREDENTIAL_NAMES.has(eventName)) {
    if (eventSource === IAM_SOURCE && TRUST_POLICY_NAMES.has(eventName) && !isNetworkActivity(r)) {
      return trustPolicyOutcome(r, eventName as TrustPolicyEventName, location);
    }
    return { kind: 'skipped', eventSource, eventName };
  }
  // A network activity event (a VPC endpoint's view of the call: `eventCategory` NetworkActivity,
  // `eventType` AwsVpceEvent) records the endpoint policy's decision, not the call: no request, no response,
  // no errorCode when IAM denies it later, and the management event of the same call is in the trail too.
  if (isNetworkActivity(r)) return { kind: 'skipped', eventSource, eventName };
  try {
    takeTruncations();
    const event = buildEvent(r, eventName as CredentialEventName, location);
    if (takeTruncations() > 0) (event.gaps as string[]).push(TRUNCATED_FIELDS);
    return { kind: 'event', event };
  } catch (e) {
    return internalError(e, location);
  }
}

const isNetworkActivity = (r: JsonObject): boolean =>
  r.eventCategory === 'NetworkActivity' || r.eventType === 'AwsVpceEvent';

/** A bug, not bad input: keep the run going and say where, without echoing record content. */
function internalError(e: unknown, location: SourceLocation): NormalizeOutcome {
  const name = e instanceof Error ? e.name : 'error';
  return shapeError(`record could not be normalised (internal ${name})`, location);
}

function trustPolicyOutcome(
  r: JsonObject,
  eventName: TrustPolicyEventName,
  location: SourceLocation,
): NormalizeOutcome {
  try {
    return { kind: 'trust-policy', event: normalizeIamRecord(r, eventName, location) };
  } catch (e) {
    return internalError(e, location);
  }
}

/** `eventTime` (or Logstash's `@timestamp`) as epoch ms and as ISO 8601 text. */
function eventTimeOf(r: JsonObject): { ms: number; iso: string } | undefined {
  const raw = r.eventTime;
  // The canonical form CloudTrail writes is kept as it is: formatting it again would give the same text.
  const canonical = parseCanonicalUtc(raw);
  if (canonical !== undefined) return { ms: canonical, iso: raw as string };
  const t = parseExpiration(raw);
  const ms = t !== undefined ? t : parseExpiration(r['@timestamp']);
  return ms === undefined ? undefined : { ms, iso: toIsoUtc(ms) };
}

function errorCodeOf(r: JsonObject): string | undefined {
  const v = r.errorCode;
  if (typeof v === 'string') return stringOf(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function sessionNameOf(
  eventName: CredentialEventName,
  request: JsonObject | undefined,
  response: JsonObject | undefined,
): string | undefined {
  if (eventName === 'GetFederationToken') {
    const name = stringAt(request, 'name');
    if (name !== undefined) return name;
    const fed = stringAt(objectAt(response, 'federatedUser'), 'arn');
    const slash = fed === undefined ? -1 : fed.lastIndexOf('/');
    return fed === undefined || slash < 0 || slash === fed.length - 1 ? undefined : fed.slice(slash + 1);
  }
  const name = stringOf(request?.roleSessionName);
  if (name !== undefined) return name;
  const issued = stringOf(objectOf(response?.assumedRoleUser)?.arn);
  return issued === undefined ? undefined : parseAssumedRoleArn(cleanArn(issued))?.sessionName;
}

function sessionFacts(
  eventName: CredentialEventName,
  actor: Actor,
  request: JsonObject | undefined,
  response: JsonObject | undefined,
  eventTimeMs: number | undefined,
  success: boolean,
  gaps: string[],
): SessionFacts {
  const name = sessionNameOf(eventName, request, response);

  let requestedSeconds: number | undefined;
  let requestedSecondsDefaulted = false;
  if (request !== undefined) {
    const raw = request.durationSeconds;
    const requested = toInteger(raw);
    if (requested !== undefined) {
      requestedSeconds = requested;
    } else if (raw === undefined || raw === null) {
      // Only a request we can see can be said to have omitted it; a null request tells us nothing.
      requestedSeconds = defaultDurationSeconds(eventName, actor.type);
      requestedSecondsDefaulted = true;
    } else {
      gaps.push('durationSeconds');
    }
  }

  let expiration: string | undefined;
  let grantedSeconds: number | undefined;
  const expirationRaw = objectOf(response?.credentials)?.expiration;
  const expirationMs = parseExpiration(expirationRaw);
  if (expirationMs !== undefined) {
    expiration = toIsoUtc(expirationMs);
    if (eventTimeMs !== undefined) {
      const granted = Math.round((expirationMs - eventTimeMs) / 1000);
      // Expired before it was issued, or longer than STS ever grants: a broken record, not a duration.
      if (granted >= 0 && granted <= MAX_GRANTED_SECONDS) grantedSeconds = granted;
      else gaps.push(IMPLAUSIBLE_EXPIRATION);
    }
  } else if (success || (expirationRaw !== undefined && expirationRaw !== null)) {
    gaps.push('expiration');
  }

  const sourceIdentity = stringOf(request?.sourceIdentity) ?? stringOf(response?.sourceIdentity);
  return { name, requestedSeconds, requestedSecondsDefaulted, grantedSeconds, expiration, sourceIdentity };
}

/** The host of a web identity provider from the response, the caller's identity, or its principal id. */
function webIdentityFacts(
  actor: Actor,
  request: JsonObject | undefined,
  response: JsonObject | undefined,
): WebIdentityFacts {
  let providerHost: string | undefined;
  let providerArn: string | undefined;
  const provider = stringAt(response, 'provider');
  const candidates = [provider, actor.identityProvider, stringAt(request, 'providerId')];
  for (const c of candidates) {
    if (c === undefined) continue;
    if (providerArn === undefined && c.startsWith('arn:') && c.includes(OIDC_MARKER)) providerArn = c;
    if (providerHost === undefined) providerHost = oidcHostOf(c);
  }
  const pid = actor.principalId;
  if (providerHost === undefined && pid !== undefined) {
    // `arn:…:oidc-provider/HOST:AUD:SUB` or `HOST:APP:USER` (Google, Cognito).
    const at = pid.indexOf(OIDC_MARKER);
    const rest = at >= 0 ? pid.slice(at + OIDC_MARKER.length) : pid.startsWith('arn:') ? '' : pid;
    const colon = rest.indexOf(':');
    const host = colon < 0 ? rest : rest.slice(0, colon);
    if (host !== '') providerHost = host;
  }
  const subject = stringAt(response, 'subjectFromWebIdentityToken') ?? actor.userName;
  const audience = stringAt(response, 'audience');
  return { providerHost, providerArn, subject, audience };
}

const ROLE_SESSION_CALLS: ReadonlySet<string> = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
]);

/**
 * What a successful role-session call handed out, for session lineage. AWS services' own sessions
 * (instance profiles, Lambda execution roles) are left out: they start no chain a person is behind, and
 * they are most of a trail.
 */
function issuedOf(
  eventName: CredentialEventName,
  actor: Actor,
  response: JsonObject | undefined,
): IssuedCredentials | undefined {
  if (response === undefined || actor.type === 'AWSService' || !ROLE_SESSION_CALLS.has(eventName)) {
    return undefined;
  }
  const key = stringOf(objectOf(response.credentials)?.accessKeyId);
  const sessionRaw = stringOf(objectOf(response.assumedRoleUser)?.arn);
  const sessionArn = sessionRaw === undefined ? undefined : cleanArn(sessionRaw);
  if (key === undefined && sessionArn === undefined) return undefined;
  return { keyFingerprint: key === undefined ? undefined : keyFingerprint(key), sessionArn };
}

function samlFacts(
  actor: Actor,
  r: JsonObject,
  request: JsonObject | undefined,
  response: JsonObject | undefined,
): SamlFacts {
  const provider =
    stringAt(request, 'principalArn') ?? resourceArnOfType(r.resources, SAML_PROVIDER_RESOURCE_TYPE);
  return {
    providerArn: provider === undefined ? undefined : cleanArn(provider),
    subject: stringAt(response, 'subject') ?? actor.userName,
    issuer: stringAt(response, 'issuer'),
  };
}

/**
 * The event is built as one object literal with every field present (absent values `undefined`) rather
 * than by adding fields as they are found: all events then share one hidden class, and the rules' many
 * reads of them stay monomorphic. The order of the statements is the order `gaps` is listed in.
 */
function buildEvent(
  r: JsonObject,
  eventName: CredentialEventName,
  location: SourceLocation,
): CredentialEvent {
  const gaps: string[] = [];

  const eventId = stringOf(r.eventID);
  if (eventId === undefined) gaps.push('eventID');
  const sharedEventId = stringOf(r.sharedEventID);
  const requestId = stringOf(r.requestID);

  const time = eventTimeOf(r);
  if (time === undefined) gaps.push('eventTime');

  const region = stringOf(r.awsRegion);
  if (region === undefined) gaps.push('awsRegion');
  const recipient = stringOf(r.recipientAccountId);
  const recipientAccountId = isAccountId(recipient) ? recipient : undefined;
  if (recipientAccountId === undefined) gaps.push('recipientAccountId');

  const errorCode = errorCodeOf(r);
  const success = errorCode === undefined;
  const errorMessage = stringOf(r.errorMessage);

  const actor = normalizeActor(r.userIdentity, gaps);

  const request = objectOf(r.requestParameters);
  if (request === undefined) gaps.push('requestParameters');
  const response = objectOf(r.responseElements);
  if (response === undefined && success) gaps.push('responseElements');

  const role = targetRole({
    isAssumeRoot: eventName === 'AssumeRoot',
    record: r,
    request,
    response,
    actorArn: actor.arn,
    region,
    gaps,
  });
  if (
    role === undefined &&
    eventName !== 'GetSessionToken' &&
    eventName !== 'GetFederationToken' &&
    !gaps.includes('roleArn')
  ) {
    gaps.push('roleArn');
  }

  const sourceIp = stringOf(r.sourceIPAddress);
  let sourceIpIsService = false;
  if (sourceIp === undefined) {
    gaps.push('sourceIPAddress');
  } else {
    const kind = classifySourceIp(sourceIp);
    if (kind === 'service') sourceIpIsService = true;
    else if (kind === 'invalid') gaps.push('sourceIPAddress');
  }
  const userAgent = stringOf(r.userAgent);

  const eventTimeMs = time?.ms;
  const session = sessionFacts(eventName, actor, request, response, eventTimeMs, success, gaps);
  const mfa: MfaFacts = {
    serialNumber: stringOf(request?.serialNumber),
    tokenCodePresent: isPresent(request?.tokenCode),
  };

  return {
    eventName,
    eventId,
    sharedEventId,
    requestId,
    eventTime: time?.iso,
    eventTimeMs,
    awsRegion: region,
    recipientAccountId,
    success,
    errorCode,
    errorMessage,
    role,
    actor,
    sourceIp,
    sourceIpIsService,
    userAgent,
    session,
    mfa,
    externalIdPresent: isPresent(request?.externalId),
    webIdentity:
      eventName === 'AssumeRoleWithWebIdentity' || actor.type === 'WebIdentityUser'
        ? webIdentityFacts(actor, request, response)
        : undefined,
    saml:
      eventName === 'AssumeRoleWithSAML' || actor.type === 'SAMLUser'
        ? samlFacts(actor, r, request, response)
        : undefined,
    issued: success ? issuedOf(eventName, actor, response) : undefined,
    gaps,
    location,
  };
}
