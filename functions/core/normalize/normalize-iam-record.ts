import { cleanArn, isAccountId, partitionFor } from '../arn/parse-arn.ts';
import type { SourceLocation } from '../model/location.ts';
import type { TrustPolicyEvent, TrustPolicyEventName } from '../model/trust-policy-event.ts';
import { parseTrustPolicy } from '../trust-policy/parse-trust-policy.ts';
import { normalizeActor } from './normalize-actor.ts';
import { parseExpiration, toIsoUtc } from './parse-expiration.ts';
import { type JsonObject, objectAt, objectOf, stringOf, toInteger } from './record-fields.ts';
import { classifySourceIp } from './source-ip.ts';

/** IAM's default MaxSessionDuration for a role created without one. */
const IAM_DEFAULT_MAX_SESSION_SECONDS = 3600;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** `/` or `/a/b/`: printable ASCII between slashes (IAM's path syntax). */
const ROLE_PATH = /^\/(?:[\x21-\x7e]+\/)?$/;
const ROLE_ARN = /^arn:[a-z0-9-]+:iam::([0-9]{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/;

function eventTimeOf(r: JsonObject): { ms: number; iso: string } | undefined {
  const ms = parseExpiration(r.eventTime) ?? parseExpiration(r['@timestamp']);
  return ms === undefined ? undefined : { ms, iso: toIsoUtc(ms) };
}

function errorCodeOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

/**
 * The role the call created or changed. CreateRole's response names it with its path; otherwise it is
 * built from `roleName` (and CreateRole's `path`) in the account whose trail logged the call, in the
 * partition of the caller.
 */
function roleOf(
  eventName: TrustPolicyEventName,
  request: JsonObject | undefined,
  response: JsonObject | undefined,
  accountId: string | undefined,
  partition: string,
  gaps: string[],
): TrustPolicyEvent['role'] {
  const created = stringOf(objectAt(response, 'role')?.arn);
  const fromResponse = created === undefined ? undefined : ROLE_ARN.exec(cleanArn(created));
  if (fromResponse !== null && fromResponse !== undefined && created !== undefined) {
    const arn = cleanArn(created);
    return {
      arn,
      accountId: fromResponse[1],
      name: arn.slice(arn.indexOf(':role/') + 6),
      from: 'responseElements',
      pathKnown: true,
    };
  }
  const name = stringOf(request?.roleName);
  if (name === undefined || !ROLE_NAME.test(name)) {
    gaps.push('roleName');
    return undefined;
  }
  if (accountId === undefined) {
    gaps.push('roleArn');
    return undefined;
  }
  const rawPath = eventName === 'CreateRole' ? (stringOf(request?.path) ?? '/') : undefined;
  const path = rawPath !== undefined && ROLE_PATH.test(rawPath) ? rawPath : '/';
  return {
    arn: `arn:${partition}:iam::${accountId}:role${path}${name}`,
    accountId,
    name: `${path.slice(1)}${name}`,
    from: 'requestParameters',
    pathKnown: rawPath !== undefined,
  };
}

/**
 * Turns an IAM CreateRole, UpdateAssumeRolePolicy or UpdateRole record into a {@link TrustPolicyEvent}.
 * Never throws for bad input; what the record lacks is listed in `gaps`. The new trust policy is read
 * with the one trust-policy parser (as `trust import` and `trust diff` read IAM's).
 */
export function normalizeIamRecord(
  r: JsonObject,
  eventName: TrustPolicyEventName,
  location: SourceLocation,
): TrustPolicyEvent {
  const gaps: string[] = [];
  const eventId = stringOf(r.eventID);
  if (eventId === undefined) gaps.push('eventID');
  const time = eventTimeOf(r);
  if (time === undefined) gaps.push('eventTime');
  const awsRegion = stringOf(r.awsRegion);
  if (awsRegion === undefined) gaps.push('awsRegion');
  const recipient = stringOf(r.recipientAccountId);
  const recipientAccountId = isAccountId(recipient) ? recipient : undefined;
  if (recipientAccountId === undefined) gaps.push('recipientAccountId');
  const errorCode = errorCodeOf(r.errorCode);
  const success = errorCode === undefined;
  const actor = normalizeActor(r.userIdentity, gaps);
  const request = objectOf(r.requestParameters);
  if (request === undefined) gaps.push('requestParameters');
  const response = objectOf(r.responseElements);

  const role = roleOf(
    eventName,
    request,
    response,
    recipientAccountId ?? actor.accountId,
    partitionFor(actor.arn, awsRegion),
    gaps,
  );

  let policy: TrustPolicyEvent['policy'];
  if (eventName !== 'UpdateRole') {
    const key = eventName === 'CreateRole' ? 'assumeRolePolicyDocument' : 'policyDocument';
    const document = request?.[key] ?? objectAt(response, 'role')?.assumeRolePolicyDocument;
    // Read here, once, so that the event never holds the document (and an ExternalId value in it).
    if (document !== undefined && document !== null) policy = parseTrustPolicy(document);
    else if (success) gaps.push('policyDocument');
  }

  let maxSessionSeconds = toInteger(request?.maxSessionDuration);
  let maxSessionSecondsDefaulted = false;
  if (maxSessionSeconds === undefined && eventName === 'CreateRole') {
    maxSessionSeconds = toInteger(objectAt(response, 'role')?.maxSessionDuration);
    if (maxSessionSeconds === undefined && request !== undefined) {
      maxSessionSeconds = IAM_DEFAULT_MAX_SESSION_SECONDS;
      maxSessionSecondsDefaulted = true;
    }
  }

  const sourceIp = stringOf(r.sourceIPAddress);
  if (sourceIp === undefined) gaps.push('sourceIPAddress');
  const ipKind = sourceIp === undefined ? undefined : classifySourceIp(sourceIp);
  if (ipKind === 'invalid') gaps.push('sourceIPAddress');

  return {
    kind: 'trust-policy',
    eventName,
    eventId,
    sharedEventId: stringOf(r.sharedEventID),
    requestId: stringOf(r.requestID),
    eventTime: time?.iso,
    eventTimeMs: time?.ms,
    awsRegion,
    recipientAccountId,
    success,
    errorCode,
    errorMessage: stringOf(r.errorMessage),
    role,
    actor,
    sourceIp,
    sourceIpIsService: ipKind === 'service',
    userAgent: stringOf(r.userAgent),
    policy,
    maxSessionSeconds,
    maxSessionSecondsDefaulted,
    gaps,
    location,
  };
}
