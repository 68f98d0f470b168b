import type { Actor, CredentialEvent } from '../model/credential-event.ts';
import type { PrincipalMatcher, RoleEntry, Suppression, TrustConfig } from '../model/trust-config.ts';
import { arnLike, globToRegExp, splitArn } from './arn-like.ts';

/**
 * - `match`: the actor is the principal the entry names;
 * - `account-only`: the actor is an `AWSAccount` (the role owner's copy of a cross-account call) whose
 *   account the entry names, but the principal within it could not be resolved further;
 * - `no-match`: the entry does not name the actor.
 */
export type PrincipalMatch = 'match' | 'account-only' | 'no-match';

type GlobTest = (value: string) => boolean;

/** A literal pattern is compared as a string; only patterns with wildcards (or flags) need a RegExp. */
function compileGlob(pattern: string, flags: string): GlobTest {
  if (flags === '' && !pattern.includes('*') && !pattern.includes('?')) return (v) => v === pattern;
  const re = globToRegExp(pattern, flags);
  return (v) => re.test(v);
}

// By flags, then pattern: patterns come from the trust file, so these stay small.
const globCaches = new Map<string, Map<string, GlobTest>>();

function globMatches(pattern: string, value: string, flags = ''): boolean {
  let cache = globCaches.get(flags);
  if (cache === undefined) {
    cache = new Map();
    globCaches.set(flags, cache);
  }
  let test = cache.get(pattern);
  if (test === undefined) {
    test = compileGlob(pattern, flags);
    cache.set(pattern, test);
  }
  return test(value);
}

interface RoleSession {
  readonly partition: string;
  readonly accountId: string;
  readonly roleName: string;
}

/** `arn:P:sts::ACCT:assumed-role/NAME/SESSION` → its partition, account and role name. */
function parseAssumedRoleArn(arn: string | undefined): RoleSession | undefined {
  const parts = arn === undefined ? undefined : splitArn(arn);
  if (parts === undefined || parts[2] !== 'sts') return undefined;
  const [, partition = '', , , accountId = '', resource = ''] = parts;
  const segments = resource.split('/');
  if (segments[0] !== 'assumed-role' || segments.length < 3 || segments[1] === '') return undefined;
  return { partition, accountId, roleName: segments[1] ?? '' };
}

/** `arn:P:iam::ACCT:role/PATH/NAME` → its parts, and whether a path was present. */
function parseRoleArn(arn: string | undefined): (RoleSession & { hasPath: boolean }) | undefined {
  const parts = arn === undefined ? undefined : splitArn(arn);
  if (parts === undefined || parts[2] !== 'iam') return undefined;
  const [, partition = '', , , accountId = '', resource = ''] = parts;
  const segments = resource.split('/');
  if (segments[0] !== 'role' || segments.length < 2) return undefined;
  return { partition, accountId, roleName: segments.at(-1) ?? '', hasPath: segments.length > 2 };
}

/**
 * A session of the role the pattern names. The session issuer ARN decides when it carries the role's path.
 * Otherwise only the role name is known (assumed-role ARNs leave the path out, and the normaliser derives a
 * path-less issuer from them); role names are unique within an account whatever their path, so partition,
 * account and name identify the role. A wildcard in the pattern's path cannot be checked in that case.
 */
function matchRole(pattern: string, actor: Actor): PrincipalMatch {
  if (actor.type !== 'AssumedRole') return 'no-match';
  const issuer = parseRoleArn(actor.sessionIssuerArn);
  if (actor.sessionIssuerArn !== undefined && arnLike(pattern)(actor.sessionIssuerArn)) return 'match';
  if (issuer?.hasPath === true) return 'no-match';
  const session = parseAssumedRoleArn(actor.arn) ?? issuer;
  const patternParts = splitArn(pattern);
  if (session === undefined || patternParts === undefined) return 'no-match';
  const [, partition = '', , , account = '', resource = ''] = patternParts;
  const lastSegment = resource.slice(resource.lastIndexOf('/') + 1);
  const same =
    globMatches(partition, session.partition) &&
    globMatches(account, session.accountId) &&
    globMatches(lastSegment, session.roleName);
  return same ? 'match' : 'no-match';
}

function samlProviderArn(event: CredentialEvent): string | undefined {
  const fromIdentity = event.actor.identityProvider;
  return event.saml?.providerArn ?? (fromIdentity?.startsWith('arn:') ? fromIdentity : undefined);
}

const OIDC_PROVIDER = ':oidc-provider/';

function normaliseHost(host: string): string {
  return host.replace(/^https:\/\//, '').replace(/\/+$/, '');
}

function oidcProvider(event: CredentialEvent): { host?: string; arn?: string } {
  const identity = event.actor.identityProvider;
  const arn = event.webIdentity?.providerArn ?? (identity?.startsWith('arn:') ? identity : undefined);
  const fromArn = arn?.includes(OIDC_PROVIDER)
    ? arn.slice(arn.indexOf(OIDC_PROVIDER) + OIDC_PROVIDER.length)
    : undefined;
  const fromIdentity = identity !== undefined && !identity.startsWith('arn:') ? identity : undefined;
  const host = event.webIdentity?.providerHost ?? fromArn ?? fromIdentity;
  return {
    ...(host === undefined ? {} : { host: normaliseHost(host) }),
    ...(arn === undefined ? {} : { arn }),
  };
}

function matchOidc(m: Extract<PrincipalMatcher, { kind: 'oidc' }>, event: CredentialEvent): boolean {
  if (event.actor.type !== 'WebIdentityUser' && event.eventName !== 'AssumeRoleWithWebIdentity') return false;
  const provider = oidcProvider(event);
  if (m.providerArnPattern !== undefined) {
    if (provider.arn !== undefined) return arnLike(m.providerArnPattern)(provider.arn);
    if (provider.host === undefined) return false;
    // An OIDC provider lives in the account of the role that trusts it, so its ARN can be rebuilt.
    const role = event.role?.arn === undefined ? undefined : splitArn(event.role.arn);
    if (role !== undefined) {
      const candidate = `arn:${role[1] ?? ''}:iam::${role[4] ?? ''}:oidc-provider/${provider.host}`;
      return arnLike(m.providerArnPattern)(candidate);
    }
  }
  // Host names are case-insensitive; the path of providers such as EKS (`/id/ABC...`) is compared as is.
  return provider.host !== undefined && globMatches(m.providerHost, provider.host, 'i');
}

/** An `AWSAccount` actor: only its account is known, so an entry naming that account is all we can say. */
function matchAccountActor(m: PrincipalMatcher, actor: Actor): PrincipalMatch {
  const accountId = actor.accountId;
  if (accountId === undefined) return 'no-match';
  if (m.kind === 'account') return m.accountId === accountId ? 'match' : 'no-match';
  if (m.kind !== 'role' && m.kind !== 'principal') return 'no-match';
  const account = splitArn(m.arnPattern)?.[4];
  return account !== undefined && globMatches(account, accountId) ? 'account-only' : 'no-match';
}

/** Whether one `trustedPrincipals` entry names the actor of `event` (CONTRACT §2). */
export function matchPrincipal(m: PrincipalMatcher, event: CredentialEvent): PrincipalMatch {
  const actor = event.actor;
  if (actor.type === 'AWSAccount') return matchAccountActor(m, actor);
  let matched: boolean;
  switch (m.kind) {
    case 'account':
      matched = actor.accountId === m.accountId;
      break;
    case 'role':
      return matchRole(m.arnPattern, actor);
    case 'principal':
      matched = actor.arn !== undefined && arnLike(m.arnPattern)(actor.arn);
      break;
    case 'service':
      matched =
        actor.type === 'AWSService' &&
        actor.invokedBy !== undefined &&
        globMatches(m.service, actor.invokedBy);
      break;
    case 'saml': {
      const provider = samlProviderArn(event);
      const samlCall = actor.type === 'SAMLUser' || event.eventName === 'AssumeRoleWithSAML';
      matched = samlCall && provider !== undefined && arnLike(m.providerArnPattern)(provider);
      break;
    }
    case 'oidc':
      matched = matchOidc(m, event);
      break;
  }
  return matched ? 'match' : 'no-match';
}

/**
 * Judges the actor of `event` against every `trustedPrincipals` entry of a role: the first `match` wins;
 * otherwise `account-only` (with the first entry that gave it) when any entry gave it; else `no-match`.
 */
export function matchTrustedPrincipals(
  entry: RoleEntry,
  event: CredentialEvent,
): { result: PrincipalMatch; matcher?: PrincipalMatcher } {
  let accountOnly: PrincipalMatcher | undefined;
  for (const m of entry.trustedPrincipals) {
    const result = matchPrincipal(m, event);
    if (result === 'match') return { result, matcher: m };
    if (result === 'account-only' && accountOnly === undefined) accountOnly = m;
  }
  return accountOnly === undefined
    ? { result: 'no-match' }
    : { result: 'account-only', matcher: accountOnly };
}

/** The first `roles` entry whose `arn` pattern matches `roleArn` (order in the file decides). */
export function findRoleEntry(config: TrustConfig, roleArn: string): RoleEntry | undefined {
  return config.roles.find((entry) => arnLike(entry.arn)(roleArn));
}

/** A role pattern whose account and resource are both `*` also covers findings that have no role. */
function coversRoleless(rolePattern: string): boolean {
  const parts = splitArn(rolePattern);
  return parts !== undefined && parts[4] === '*' && parts[5] === '*';
}

/**
 * The first active suppression for a finding: same rule, role pattern matching `roleArn`, and (when the
 * suppression names an actor) an actor pattern matching one of `actorArns` (pass the actor's ARN and its
 * session issuer). A suppression applies through the end of its `expires` day (UTC).
 */
export function findSuppression(
  config: TrustConfig,
  q: { rule: string; roleArn?: string; actorArns: readonly string[] },
  nowMs: number,
): Suppression | undefined {
  return config.suppressions.find((s) => {
    if (s.rule !== q.rule || nowMs > s.expiresMs) return false;
    const roleOk = q.roleArn === undefined ? coversRoleless(s.role) : arnLike(s.role)(q.roleArn);
    if (!roleOk) return false;
    if (s.actor === undefined) return true;
    const actorPattern = arnLike(s.actor);
    return q.actorArns.some((a) => actorPattern(a));
  });
}
