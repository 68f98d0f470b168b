import { cleanArn, isAccountId, parseArn } from '../arn/parse-arn.ts';
import { parseAssumedRoleArn } from '../arn/role-arn.ts';
import { ACTOR_TYPES, type Actor, type ActorType } from '../model/credential-event.ts';
import { describeActor } from './describe-actor.ts';
import { keyFingerprint } from './key-fingerprint.ts';
import { booleanOf, isObject, type JsonObject, objectOf, stringOf } from './record-fields.ts';

type MutableActor = { -readonly [K in keyof Actor]: Actor[K] };

const KNOWN_TYPES: ReadonlySet<string> = new Set<string>(ACTOR_TYPES.filter((t) => t !== 'Unknown'));

/** The account an ARN belongs to, when the ARN names one (service and provider ARNs may not). */
function accountFromArn(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const account = parseArn(arn)?.account;
  return isAccountId(account) ? account : undefined;
}

/**
 * An actor with every field present (absent ones `undefined`): all actors share one object shape, which
 * keeps the rules' reads of them fast. `display` is filled in last, from the other fields.
 */
function emptyActor(type: ActorType): MutableActor {
  return {
    type,
    rawType: undefined,
    arn: undefined,
    accountId: undefined,
    principalId: undefined,
    userName: undefined,
    invokedBy: undefined,
    sessionIssuerArn: undefined,
    sessionName: undefined,
    mfaAuthenticated: undefined,
    sourceIdentity: undefined,
    identityProvider: undefined,
    keyFingerprint: undefined,
    display: '',
  };
}

/**
 * Reads `userIdentity` into an {@link Actor}. Missing or malformed parts are recorded in `gaps` and the
 * rest is still used: an `AWSAccount` copy has only `accountId` and `principalId`, a minimal export may
 * have only `type` and `userName`.
 */
export function normalizeActor(userIdentity: unknown, gaps: string[]): Actor {
  if (!isObject(userIdentity)) {
    gaps.push('userIdentity');
    const unknown = emptyActor('Unknown');
    unknown.display = describeActor(unknown);
    return unknown;
  }
  const ui: JsonObject = userIdentity;
  const rawType = stringOf(ui.type);
  const a = emptyActor('Unknown');
  if (rawType === undefined) gaps.push('userIdentity.type');
  else if (KNOWN_TYPES.has(rawType)) a.type = rawType as ActorType;
  else a.rawType = rawType;

  const arnRaw = stringOf(ui.arn);
  if (arnRaw !== undefined) a.arn = cleanArn(arnRaw);

  const accountRaw = stringOf(ui.accountId);
  if (accountRaw !== undefined) {
    if (isAccountId(accountRaw)) a.accountId = accountRaw;
    else gaps.push('accountId');
  }
  // Federated principals have no account of their own; their provider ARN's account is the role owner's.
  if (a.accountId === undefined && a.type !== 'SAMLUser' && a.type !== 'WebIdentityUser') {
    a.accountId = accountFromArn(a.arn);
  }

  const principalId = stringOf(ui.principalId);
  a.principalId = principalId;
  a.userName = stringOf(ui.userName);
  a.invokedBy = stringOf(ui.invokedBy);
  a.identityProvider = stringOf(ui.identityProvider);

  const ctx = objectOf(ui.sessionContext);
  if (ctx !== undefined) {
    const issuerArn = stringOf(objectOf(ctx.sessionIssuer)?.arn);
    if (issuerArn !== undefined) {
      a.sessionIssuerArn = cleanArn(issuerArn);
      a.sessionIssuerRecorded = true;
    }
    a.mfaAuthenticated = booleanOf(objectOf(ctx.attributes)?.mfaAuthenticated);
    a.sourceIdentity = stringOf(ctx.sourceIdentity);
  }

  if (a.type === 'AssumedRole') {
    const key = stringOf(ui.accessKeyId);
    if (key !== undefined) a.keyFingerprint = keyFingerprint(key);
    const assumed = a.arn === undefined ? undefined : parseAssumedRoleArn(a.arn);
    if (assumed !== undefined) {
      if (a.sessionIssuerArn === undefined) a.sessionIssuerArn = assumed.roleArn;
      if (assumed.sessionName !== undefined) a.sessionName = assumed.sessionName;
    } else if (principalId !== undefined) {
      // `AROA…:session` carries the session name even when the ARN is missing.
      const colon = principalId.indexOf(':');
      if (colon >= 0 && colon < principalId.length - 1) a.sessionName = principalId.slice(colon + 1);
    }
  }

  if (a.type === 'IdentityCenterUser' && a.principalId === undefined) {
    // Identity Center users have no IAM principal id; the identity store user id identifies them.
    a.principalId = stringOf(objectOf(ui.onBehalfOf)?.userId);
  }

  a.display = describeActor(a);
  return a;
}
