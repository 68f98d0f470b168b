import {
  type Actor,
  CREDENTIAL_EVENT_NAMES,
  type CredentialEvent,
  type CredentialEventName,
  type MfaFacts,
  type SamlFacts,
  type SessionFacts,
  type WebIdentityFacts,
} from '../model/credential-event.ts';
import type { InputError } from '../model/input-error.ts';
import type { SourceLocation } from '../model/location.ts';
import { cleanArn, isAccountId, parseAssumedRoleArn } from './arn.ts';
import { defaultDurationSeconds } from './default-duration.ts';
import { oidcHostOf } from './describe-actor.ts';
import { normalizeActor } from './normalize-actor.ts';
import { parseExpiration, toIsoUtc } from './parse-expiration.ts';
import { hasValue, integerAt, isObject, type JsonObject, objectAt, stringAt } from './record-fields.ts';
import { classifySourceIp } from './source-ip.ts';
import { targetRole } from './target-role.ts';

export type NormalizeOutcome =
  | { readonly kind: 'event'; readonly event: CredentialEvent }
  /** Not an STS credential-issuing call: counted, not judged. */
  | { readonly kind: 'skipped'; readonly eventSource: string; readonly eventName: string }
  /** Not a CloudTrail record at all. */
  | { readonly kind: 'error'; readonly error: InputError };

const STS_SOURCE = 'sts.amazonaws.com';
const CREDENTIAL_NAMES: ReadonlySet<string> = new Set<string>(CREDENTIAL_EVENT_NAMES);
const OIDC_MARKER = 'oidc-provider/';
const SAML_PROVIDER_RESOURCE_TYPE = 'AWS::IAM::SAMLProvider';

type Draft<T> = { -readonly [K in keyof T]?: T[K] };

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
    return { kind: 'skipped', eventSource, eventName };
  }
  try {
    return { kind: 'event', event: buildEvent(r, eventName as CredentialEventName, location) };
  } catch (e) {
    // A bug, not bad input: keep the run going and say where, without echoing record content.
    const name = e instanceof Error ? e.name : 'error';
    return shapeError(`record could not be normalised (internal ${name})`, location);
  }
}

function eventTimeOf(r: JsonObject): number | undefined {
  const t = parseExpiration(r.eventTime);
  return t !== undefined ? t : parseExpiration(r['@timestamp']);
}

function errorCodeOf(r: JsonObject): string | undefined {
  const v = r.errorCode;
  if (typeof v === 'string') return v === '' ? undefined : v;
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
  const name = stringAt(request, 'roleSessionName');
  if (name !== undefined) return name;
  const issued = stringAt(objectAt(response, 'assumedRoleUser'), 'arn');
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
  const s: Draft<SessionFacts> = { requestedSecondsDefaulted: false };
  const name = sessionNameOf(eventName, request, response);
  if (name !== undefined) s.name = name;

  if (request !== undefined) {
    const raw = request.durationSeconds;
    const requested = integerAt(request, 'durationSeconds');
    if (requested !== undefined) {
      s.requestedSeconds = requested;
    } else if (raw === undefined || raw === null) {
      // Only a request we can see can be said to have omitted it; a null request tells us nothing.
      s.requestedSeconds = defaultDurationSeconds(eventName, actor.type);
      s.requestedSecondsDefaulted = true;
    } else {
      gaps.push('durationSeconds');
    }
  }

  const expirationRaw = objectAt(response, 'credentials')?.expiration;
  const expirationMs = parseExpiration(expirationRaw);
  if (expirationMs !== undefined) {
    s.expiration = toIsoUtc(expirationMs);
    if (eventTimeMs !== undefined) s.grantedSeconds = Math.round((expirationMs - eventTimeMs) / 1000);
  } else if (success || (expirationRaw !== undefined && expirationRaw !== null)) {
    gaps.push('expiration');
  }

  const sourceIdentity = stringAt(request, 'sourceIdentity') ?? stringAt(response, 'sourceIdentity');
  if (sourceIdentity !== undefined) s.sourceIdentity = sourceIdentity;
  return s as SessionFacts;
}

/** The host of a web identity provider from the response, the caller's identity, or its principal id. */
function webIdentityFacts(
  actor: Actor,
  request: JsonObject | undefined,
  response: JsonObject | undefined,
): WebIdentityFacts {
  const w: Draft<WebIdentityFacts> = {};
  const provider = stringAt(response, 'provider');
  const candidates = [provider, actor.identityProvider, stringAt(request, 'providerId')];
  for (const c of candidates) {
    if (c === undefined) continue;
    if (w.providerArn === undefined && c.startsWith('arn:') && c.includes(OIDC_MARKER)) w.providerArn = c;
    if (w.providerHost === undefined) {
      const host = oidcHostOf(c);
      if (host !== undefined) w.providerHost = host;
    }
  }
  const pid = actor.principalId;
  if (w.providerHost === undefined && pid !== undefined) {
    // `arn:…:oidc-provider/HOST:AUD:SUB` or `HOST:APP:USER` (Google, Cognito).
    const at = pid.indexOf(OIDC_MARKER);
    const rest = at >= 0 ? pid.slice(at + OIDC_MARKER.length) : pid.startsWith('arn:') ? '' : pid;
    const colon = rest.indexOf(':');
    const host = colon < 0 ? rest : rest.slice(0, colon);
    if (host !== '') w.providerHost = host;
  }
  const subject = stringAt(response, 'subjectFromWebIdentityToken') ?? actor.userName;
  if (subject !== undefined) w.subject = subject;
  const audience = stringAt(response, 'audience');
  if (audience !== undefined) w.audience = audience;
  return w as WebIdentityFacts;
}

function samlProviderFromResources(resources: unknown): string | undefined {
  if (!Array.isArray(resources)) return undefined;
  for (const res of resources) {
    if (!isObject(res) || res.type !== SAML_PROVIDER_RESOURCE_TYPE) continue;
    const arn = stringAt(res, 'ARN') ?? stringAt(res, 'arn');
    if (arn !== undefined) return arn;
  }
  return undefined;
}

function samlFacts(
  actor: Actor,
  r: JsonObject,
  request: JsonObject | undefined,
  response: JsonObject | undefined,
): SamlFacts {
  const f: Draft<SamlFacts> = {};
  const provider = stringAt(request, 'principalArn') ?? samlProviderFromResources(r.resources);
  if (provider !== undefined) f.providerArn = cleanArn(provider);
  const subject = stringAt(response, 'subject') ?? actor.userName;
  if (subject !== undefined) f.subject = subject;
  const issuer = stringAt(response, 'issuer');
  if (issuer !== undefined) f.issuer = issuer;
  return f as SamlFacts;
}

function buildEvent(
  r: JsonObject,
  eventName: CredentialEventName,
  location: SourceLocation,
): CredentialEvent {
  const gaps: string[] = [];
  const e: Draft<CredentialEvent> = { eventName };

  const eventId = stringAt(r, 'eventID');
  if (eventId !== undefined) e.eventId = eventId;
  else gaps.push('eventID');
  const sharedEventId = stringAt(r, 'sharedEventID');
  if (sharedEventId !== undefined) e.sharedEventId = sharedEventId;
  const requestId = stringAt(r, 'requestID');
  if (requestId !== undefined) e.requestId = requestId;

  const eventTimeMs = eventTimeOf(r);
  if (eventTimeMs !== undefined) {
    e.eventTimeMs = eventTimeMs;
    e.eventTime = toIsoUtc(eventTimeMs);
  } else {
    gaps.push('eventTime');
  }

  const region = stringAt(r, 'awsRegion');
  if (region !== undefined) e.awsRegion = region;
  else gaps.push('awsRegion');
  const recipient = stringAt(r, 'recipientAccountId');
  if (isAccountId(recipient)) e.recipientAccountId = recipient;
  else gaps.push('recipientAccountId');

  const errorCode = errorCodeOf(r);
  const success = errorCode === undefined;
  e.success = success;
  if (errorCode !== undefined) e.errorCode = errorCode;
  const errorMessage = stringAt(r, 'errorMessage');
  if (errorMessage !== undefined) e.errorMessage = errorMessage;

  const actor = normalizeActor(r.userIdentity, gaps);
  e.actor = actor;

  const request = objectAt(r, 'requestParameters');
  if (request === undefined) gaps.push('requestParameters');
  const response = objectAt(r, 'responseElements');
  if (response === undefined && success) gaps.push('responseElements');

  const role = targetRole({
    isAssumeRoot: eventName === 'AssumeRoot',
    record: r,
    request,
    response,
    actorArn: actor.arn,
    region,
  });
  if (role !== undefined) e.role = role;
  else if (eventName !== 'GetSessionToken' && eventName !== 'GetFederationToken') gaps.push('roleArn');

  const sourceIp = stringAt(r, 'sourceIPAddress');
  e.sourceIpIsService = false;
  if (sourceIp === undefined) {
    gaps.push('sourceIPAddress');
  } else {
    e.sourceIp = sourceIp;
    const kind = classifySourceIp(sourceIp);
    if (kind === 'service') e.sourceIpIsService = true;
    else if (kind === 'invalid') gaps.push('sourceIPAddress');
  }
  const userAgent = stringAt(r, 'userAgent');
  if (userAgent !== undefined) e.userAgent = userAgent;

  e.session = sessionFacts(eventName, actor, request, response, eventTimeMs, success, gaps);

  const mfa: Draft<MfaFacts> = { tokenCodePresent: hasValue(request, 'tokenCode') };
  const serialNumber = stringAt(request, 'serialNumber');
  if (serialNumber !== undefined) mfa.serialNumber = serialNumber;
  e.mfa = mfa as MfaFacts;
  e.externalIdPresent = hasValue(request, 'externalId');

  if (eventName === 'AssumeRoleWithWebIdentity' || actor.type === 'WebIdentityUser') {
    e.webIdentity = webIdentityFacts(actor, request, response);
  }
  if (eventName === 'AssumeRoleWithSAML' || actor.type === 'SAMLUser') {
    e.saml = samlFacts(actor, r, request, response);
  }

  e.gaps = gaps;
  e.location = location;
  return e as CredentialEvent;
}
