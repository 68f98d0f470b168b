import { ACTOR_TYPES, type Actor, type ActorType } from '../model/credential-event.ts';
import { cleanArn, isAccountId, parseArn, parseAssumedRoleArn } from './arn.ts';
import { describeActor } from './describe-actor.ts';
import { booleanAt, isObject, type JsonObject, objectAt, stringAt } from './record-fields.ts';

type ActorDraft = { -readonly [K in keyof Actor]?: Actor[K] } & { type: ActorType };

const KNOWN_TYPES: ReadonlySet<string> = new Set<string>(ACTOR_TYPES.filter((t) => t !== 'Unknown'));

/** The account an ARN belongs to, when the ARN names one (service and provider ARNs may not). */
function accountFromArn(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const account = parseArn(arn)?.account;
  return isAccountId(account) ? account : undefined;
}

/**
 * Reads `userIdentity` into an {@link Actor}. Missing or malformed parts are recorded in `gaps` and the
 * rest is still used: an `AWSAccount` copy has only `accountId` and `principalId`, a minimal export may
 * have only `type` and `userName`.
 */
export function normalizeActor(userIdentity: unknown, gaps: string[]): Actor {
  if (!isObject(userIdentity)) {
    gaps.push('userIdentity');
    const unknown: Omit<Actor, 'display'> = { type: 'Unknown' };
    return { ...unknown, display: describeActor(unknown) };
  }
  const ui: JsonObject = userIdentity;
  const rawType = stringAt(ui, 'type');
  const a: ActorDraft = { type: 'Unknown' };
  if (rawType === undefined) gaps.push('userIdentity.type');
  else if (KNOWN_TYPES.has(rawType)) a.type = rawType as ActorType;
  else a.rawType = rawType;

  const arnRaw = stringAt(ui, 'arn');
  if (arnRaw !== undefined) a.arn = cleanArn(arnRaw);

  const accountRaw = stringAt(ui, 'accountId');
  if (accountRaw !== undefined) {
    if (isAccountId(accountRaw)) a.accountId = accountRaw;
    else gaps.push('accountId');
  }
  // Federated principals have no account of their own; their provider ARN's account is the role owner's.
  if (a.accountId === undefined && a.type !== 'SAMLUser' && a.type !== 'WebIdentityUser') {
    const fromArn = accountFromArn(a.arn);
    if (fromArn !== undefined) a.accountId = fromArn;
  }

  const principalId = stringAt(ui, 'principalId');
  if (principalId !== undefined) a.principalId = principalId;
  const userName = stringAt(ui, 'userName');
  if (userName !== undefined) a.userName = userName;
  const invokedBy = stringAt(ui, 'invokedBy');
  if (invokedBy !== undefined) a.invokedBy = invokedBy;
  const identityProvider = stringAt(ui, 'identityProvider');
  if (identityProvider !== undefined) a.identityProvider = identityProvider;

  const ctx = objectAt(ui, 'sessionContext');
  const issuerArn = stringAt(objectAt(ctx, 'sessionIssuer'), 'arn');
  if (issuerArn !== undefined) a.sessionIssuerArn = cleanArn(issuerArn);
  const mfa = booleanAt(objectAt(ctx, 'attributes'), 'mfaAuthenticated');
  if (mfa !== undefined) a.mfaAuthenticated = mfa;
  const sourceIdentity = stringAt(ctx, 'sourceIdentity');
  if (sourceIdentity !== undefined) a.sourceIdentity = sourceIdentity;

  if (a.type === 'AssumedRole') {
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
    const userId = stringAt(objectAt(ui, 'onBehalfOf'), 'userId');
    if (userId !== undefined) a.principalId = userId;
  }

  const actor = a as Omit<Actor, 'display'>;
  return { ...actor, display: describeActor(actor) };
}
