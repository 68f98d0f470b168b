import { compileArnLike } from '../arn/arn-like.ts';
import { splitArn } from '../arn/parse-arn.ts';
import { parseAssumedRoleArn, parseRoleArn } from '../arn/role-arn.ts';
import { compileWildcard } from '../arn/wildcard.ts';
import type { Actor, CredentialEvent } from '../model/credential-event.ts';
import type { CompiledRoleEntry, PrincipalMatch, PrincipalMatcher } from '../model/trust-config.ts';

/** Judges the actor of an event against one `trustedPrincipals` entry. */
export type PrincipalTest = (event: CredentialEvent) => PrincipalMatch;

type ValueTest = (value: string) => boolean;

const glob = (pattern: string): ValueTest => compileWildcard(pattern, { questionMark: true });

/** The account part of an ARN pattern as a glob (a pattern such as `arn:aws:iam::*:role/x` names every account). */
function accountGlob(arnPattern: string): ValueTest | undefined {
  const account = splitArn(arnPattern)?.[4];
  return account === undefined ? undefined : glob(account);
}

/**
 * Whether the call was made in the partition an `arn:PARTITION:iam::ID:root` entry names: by the caller's
 * ARN, else by the role's (a role trusts principals of its own partition only); true when the entry names
 * no partition or the record names neither ARN. Compares a prefix, so it allocates nothing.
 */
function partitionTest(partition: string | undefined): (event: CredentialEvent) => boolean {
  if (partition === undefined) return () => true;
  const prefix = `arn:${partition}:`;
  return ({ actor, role }) => {
    const arn = actor.arn ?? actor.sessionIssuerArn ?? role?.arn;
    return arn === undefined || arn.startsWith(prefix);
  };
}

/** An `AWSAccount` actor: only its account is known, so an entry naming that account is all we can say. */
function accountActorTest(m: PrincipalMatcher): (event: CredentialEvent) => PrincipalMatch {
  if (m.kind === 'account') {
    const inPartition = partitionTest(m.partition);
    return (event) =>
      event.actor.accountId !== undefined && event.actor.accountId === m.accountId && inPartition(event)
        ? 'match'
        : 'no-match';
  }
  const account = m.kind === 'role' || m.kind === 'principal' ? accountGlob(m.arnPattern) : undefined;
  if (account === undefined) return () => 'no-match';
  return ({ actor }) =>
    actor.accountId !== undefined && account(actor.accountId) ? 'account-only' : 'no-match';
}

/**
 * A session of the role the pattern names. The session issuer ARN decides when the record gives it
 * (`sessionContext.sessionIssuer.arn` carries the role's path, the root path included: a role at `/` is not
 * under `role/ci/*`) or when it has a path. Otherwise only the role name is known (assumed-role ARNs leave
 * the path out, and the normaliser derives a path-less issuer from them); role names are unique within an
 * account whatever their path, so partition, account and name identify the role. A wildcard in the
 * pattern's path cannot be checked in that case.
 */
function roleSessionTest(arnPattern: string): (actor: Actor) => boolean {
  const whole = compileArnLike(arnPattern);
  const parts = splitArn(arnPattern);
  const resource = parts?.[5] ?? '';
  const partition = glob(parts?.[1] ?? '');
  const account = glob(parts?.[4] ?? '');
  const name = glob(resource.slice(resource.lastIndexOf('/') + 1));
  return (actor) => {
    if (actor.type !== 'AssumedRole') return false;
    const issuerArn = actor.sessionIssuerArn;
    if (issuerArn !== undefined && whole(issuerArn)) return true;
    const issuer = issuerArn === undefined ? undefined : parseRoleArn(issuerArn);
    if (actor.sessionIssuerRecorded === true || issuer?.hasPath === true || parts === undefined) return false;
    const session = (actor.arn === undefined ? undefined : parseAssumedRoleArn(actor.arn)) ?? issuer;
    return (
      session !== undefined &&
      partition(session.partition) &&
      account(session.account) &&
      name(session.roleName)
    );
  };
}

function samlProviderArn(event: CredentialEvent): string | undefined {
  const fromIdentity = event.actor.identityProvider;
  return event.saml?.providerArn ?? (fromIdentity?.startsWith('arn:') ? fromIdentity : undefined);
}

const OIDC_PROVIDER = ':oidc-provider/';

/**
 * The text with its host name in lower case: the part before the first `/`, or (in a pattern) before the
 * first wildcard if that comes sooner. Host names are case-insensitive; the path of providers such as EKS
 * (`/id/EXAMPLED539D…`) names one cluster and is compared as it is written.
 */
function lowerHost(text: string, stopAtWildcard: boolean): string {
  let end = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '/' || (stopAtWildcard && (c === '*' || c === '?'))) {
      end = i;
      break;
    }
  }
  const host = text.slice(0, end);
  const lower = host.toLowerCase();
  return lower === host ? text : lower + text.slice(end);
}

function normaliseHost(host: string): string {
  return lowerHost(host.replace(/^https:\/\//, '').replace(/\/+$/, ''), false);
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

function oidcTest(m: Extract<PrincipalMatcher, { kind: 'oidc' }>): (event: CredentialEvent) => boolean {
  const providerArn = m.providerArnPattern === undefined ? undefined : compileArnLike(m.providerArnPattern);
  // Both sides have their host name in lower case (see lowerHost), so the comparison is exact.
  const host = glob(lowerHost(m.providerHost, true));
  return (event) => {
    if (event.actor.type !== 'WebIdentityUser' && event.eventName !== 'AssumeRoleWithWebIdentity')
      return false;
    const provider = oidcProvider(event);
    if (providerArn !== undefined) {
      if (provider.arn !== undefined) return providerArn(provider.arn);
      if (provider.host === undefined) return false;
      // An OIDC provider lives in the account of the role that trusts it, so its ARN can be rebuilt.
      const role = event.role?.arn === undefined ? undefined : splitArn(event.role.arn);
      if (role !== undefined)
        return providerArn(`arn:${role[1]}:iam::${role[4]}:oidc-provider/${provider.host}`);
    }
    return provider.host !== undefined && host(provider.host);
  };
}

/** The test of one entry for actors other than `AWSAccount`. */
function principalTest(m: PrincipalMatcher): (event: CredentialEvent) => boolean {
  switch (m.kind) {
    case 'account': {
      const inPartition = partitionTest(m.partition);
      return (event) => event.actor.accountId === m.accountId && inPartition(event);
    }
    case 'role': {
      const session = roleSessionTest(m.arnPattern);
      return (event) => session(event.actor);
    }
    case 'principal': {
      const arn = compileArnLike(m.arnPattern);
      return (event) => event.actor.arn !== undefined && arn(event.actor.arn);
    }
    case 'service': {
      const service = glob(m.service);
      return ({ actor }) =>
        actor.type === 'AWSService' && actor.invokedBy !== undefined && service(actor.invokedBy);
    }
    case 'saml': {
      const provider = compileArnLike(m.providerArnPattern);
      return (event) => {
        const samlCall = event.actor.type === 'SAMLUser' || event.eventName === 'AssumeRoleWithSAML';
        const arn = samlCall ? samlProviderArn(event) : undefined;
        return arn !== undefined && provider(arn);
      };
    }
    case 'oidc':
      return oidcTest(m);
  }
}

/**
 * Compiles one `trustedPrincipals` entry (CONTRACT §2) into a test of an event's actor.
 *
 * @example compilePrincipalTest({ kind: 'account', raw: '111122223333', accountId: '111122223333' })(event)
 */
export function compilePrincipalTest(m: PrincipalMatcher): PrincipalTest {
  const ofAccountActor = accountActorTest(m);
  const ofOtherActor = principalTest(m);
  return (event) =>
    event.actor.type === 'AWSAccount' ? ofAccountActor(event) : ofOtherActor(event) ? 'match' : 'no-match';
}

/**
 * Compiles a role entry's `trustedPrincipals`: the first `match` wins; otherwise `account-only` (with the
 * first entry that gave it) when any entry gave it; else `no-match`.
 */
export function compileTrustedPrincipals(
  matchers: readonly PrincipalMatcher[],
): CompiledRoleEntry['matchActor'] {
  const tests = matchers.map((matcher) => ({ matcher, test: compilePrincipalTest(matcher) }));
  return (event) => {
    let accountOnly: PrincipalMatcher | undefined;
    for (const { matcher, test } of tests) {
      const result = test(event);
      if (result === 'match') return { result, matcher };
      if (result === 'account-only' && accountOnly === undefined) accountOnly = matcher;
    }
    return accountOnly === undefined
      ? { result: 'no-match' }
      : { result: 'account-only', matcher: accountOnly };
  };
}

/** Whether `trustedPrincipals` names an account or any principal in it (the external-account exemption). */
export function compileTrustsAccount(matchers: readonly PrincipalMatcher[]): (accountId: string) => boolean {
  const tests = matchers.flatMap((m): ValueTest[] => {
    if (m.kind === 'account') return [(id) => id === m.accountId];
    if (m.kind !== 'role' && m.kind !== 'principal') return [];
    if (m.accountId !== undefined) {
      const literal = m.accountId;
      return [(id) => id === literal];
    }
    const account = accountGlob(m.arnPattern);
    return account === undefined ? [] : [account];
  });
  return (accountId) => tests.some((t) => t(accountId));
}
