import { compileArnLike as arnLike } from '../arn/arn-like.ts';
import { splitArn } from '../arn/parse-arn.ts';
import { compileWildcard } from '../arn/wildcard.ts';
import type { PrincipalMatcher, RoleEntry } from '../model/trust-config.ts';
import type { TrustPrincipal } from '../trust-policy/trust-policy.ts';

const globMatches = (pattern: string, value: string, flags = ''): boolean =>
  compileWildcard(pattern, { questionMark: true, ignoreCase: flags.includes('i') })(value);

/** `arn:P:sts::ACCT:assumed-role/NAME/SESSION` → the role it is a session of (path unknown). */
function sessionRole(arn: string): { partition: string; accountId: string; name: string } | undefined {
  const parts = splitArn(arn);
  const segments = parts?.[5]?.split('/') ?? [];
  if (parts === undefined || segments[0] !== 'assumed-role' || segments[1] === undefined) return undefined;
  return { partition: parts[1] ?? '', accountId: parts[4] ?? '', name: segments[1] };
}

/**
 * A role pattern covers a session of the role it names. The session ARN drops the role's path, so a pattern
 * that names a path (`role/ci/*`) cannot be shown to cover it: a session of `role/Admin` at the root would
 * pass for one under `/ci/`. Only a pattern whose path is any path (`role/NAME`, `role/*`, `role/*\/NAME`)
 * covers it by partition, account and name.
 */
function roleCoversSession(pattern: string, sessionArn: string): boolean {
  const role = sessionRole(sessionArn);
  const p = splitArn(pattern);
  if (role === undefined || p === undefined) return false;
  const resource = p[5] ?? '';
  const path = resource.slice('role/'.length, Math.max('role/'.length, resource.lastIndexOf('/')));
  if (!/^\**$/.test(path)) return false;
  return (
    globMatches(p[1] ?? '', role.partition) &&
    globMatches(p[4] ?? '', role.accountId) &&
    globMatches(resource.slice(resource.lastIndexOf('/') + 1), role.name)
  );
}

function oidcCovers(
  m: Extract<PrincipalMatcher, { kind: 'oidc' }>,
  p: Extract<TrustPrincipal, { kind: 'oidc' }>,
  roleArn: string,
): boolean {
  if (m.providerArnPattern !== undefined) {
    // A provider named by host lives in the account of the role that trusts it (as the rules assume).
    const role = splitArn(roleArn);
    const arn =
      p.providerArn ?? `arn:${role?.[1] ?? 'aws'}:iam::${role?.[4] ?? ''}:oidc-provider/${p.providerHost}`;
    return arnLike(m.providerArnPattern)(arn);
  }
  return globMatches(m.providerHost, p.providerHost, 'i');
}

/**
 * Whether one `trustedPrincipals` entry covers everything an IAM principal stands for: an account is
 * covered only by that account (a role or user pattern covers part of it), a role by its account or a
 * role pattern, a session by its account, a pattern naming it, or its role; services, SAML and OIDC
 * providers by their own kind of entry.
 */
export function matcherCovers(m: PrincipalMatcher, p: TrustPrincipal, roleArn: string): boolean {
  switch (p.kind) {
    case 'account':
      return m.kind === 'account' && m.accountId === p.accountId;
    case 'role':
      return (
        (m.kind === 'account' && m.accountId === p.accountId) ||
        (m.kind === 'role' && arnLike(m.arnPattern)(p.arn))
      );
    case 'user':
    case 'federated-user':
      return (
        (m.kind === 'account' && m.accountId === p.accountId) ||
        (m.kind === 'principal' && arnLike(m.arnPattern)(p.arn))
      );
    case 'assumed-role':
      return (
        (m.kind === 'account' && m.accountId === p.accountId) ||
        (m.kind === 'principal' && arnLike(m.arnPattern)(p.arn)) ||
        (m.kind === 'role' && roleCoversSession(m.arnPattern, p.arn))
      );
    case 'service':
      return m.kind === 'service' && globMatches(m.service, p.service);
    case 'saml':
      return m.kind === 'saml' && arnLike(m.providerArnPattern)(p.providerArn);
    case 'oidc':
      return m.kind === 'oidc' && oidcCovers(m, p, roleArn);
  }
}

/** The entry's first `trustedPrincipals` matcher that covers `p`, if any. */
export function coveringMatcher(
  entry: RoleEntry,
  p: TrustPrincipal,
  roleArn: string,
): PrincipalMatcher | undefined {
  return entry.trustedPrincipals.find((m) => matcherCovers(m, p, roleArn));
}
