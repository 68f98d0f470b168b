import { lastResourceSegment, parseArn } from '../arn/parse-arn.ts';
import { parseAssumedRoleArn } from '../arn/role-arn.ts';
import type { Actor } from '../model/credential-event.ts';

const OIDC_MARKER = 'oidc-provider/';

/** `arn:…:oidc-provider/HOST[/path]` → `HOST[/path]`; a bare host is returned as is. */
export function oidcHostOf(provider: string): string | undefined {
  const at = provider.indexOf(OIDC_MARKER);
  if (at >= 0) {
    const host = provider.slice(at + OIDC_MARKER.length);
    return host === '' ? undefined : host;
  }
  return provider.startsWith('arn:') ? undefined : provider;
}

const account = (a: Omit<Actor, 'display'>): string => a.accountId ?? 'account unknown';

function roleSessionLabel(a: Omit<Actor, 'display'>): string {
  const assumed = a.arn === undefined ? undefined : parseAssumedRoleArn(a.arn);
  const role =
    assumed?.roleName ??
    (a.sessionIssuerArn === undefined ? undefined : lastResourceSegment(a.sessionIssuerArn)) ??
    'unknown role';
  const session = a.sessionName ?? assumed?.sessionName;
  return session === undefined ? role : `${role}/${session}`;
}

function federatedName(a: Omit<Actor, 'display'>): string {
  if (a.arn !== undefined) {
    const p = parseArn(a.arn);
    if (p?.resource.startsWith('federated-user/')) return p.resource.slice('federated-user/'.length);
  }
  if (a.principalId !== undefined) {
    const colon = a.principalId.indexOf(':');
    return colon < 0 ? a.principalId : a.principalId.slice(colon + 1);
  }
  return a.userName ?? 'unknown federated user';
}

/**
 * A short label a person can read, for reports and alert titles. It names the principal and says what
 * kind it is, because `AWSAccount` copies and service callers look alike in a table.
 *
 * @example
 * describeActor({ type: 'IAMUser', userName: 'alice', accountId: '444455556666' })
 * // 'alice (IAM user, 444455556666)'
 */
export function describeActor(a: Omit<Actor, 'display'>): string {
  switch (a.type) {
    case 'IAMUser': {
      const name = a.userName ?? (a.arn === undefined ? undefined : lastResourceSegment(a.arn));
      return `${name ?? a.principalId ?? 'unknown user'} (IAM user, ${account(a)})`;
    }
    case 'AssumedRole':
      return `${roleSessionLabel(a)} (role session, ${account(a)})`;
    case 'AWSService':
      return `${a.invokedBy ?? 'unknown service'} (AWS service)`;
    case 'AWSAccount':
      return a.accountId === undefined
        ? 'unknown account (cross-account caller; principal not resolved)'
        : `account ${a.accountId} (cross-account caller; principal not resolved)`;
    case 'Root':
      return `root user (account root, ${account(a)})`;
    case 'FederatedUser':
      return `${federatedName(a)} (federated user, ${account(a)})`;
    case 'SAMLUser':
      return `${a.userName ?? a.principalId ?? 'unknown user'} (SAML user)`;
    case 'WebIdentityUser': {
      const host = a.identityProvider === undefined ? undefined : oidcHostOf(a.identityProvider);
      const who = a.userName ?? a.principalId ?? 'unknown subject';
      return host === undefined ? `${who} (web identity)` : `${who} (web identity, ${host})`;
    }
    case 'IdentityCenterUser':
      return `${a.userName ?? a.principalId ?? 'unknown user'} (Identity Center user, ${account(a)})`;
    default: {
      const who = a.arn ?? a.principalId ?? a.userName ?? a.invokedBy ?? 'unknown principal';
      return `${who} (${a.rawType ?? 'unknown identity type'})`;
    }
  }
}
