import { parseArn } from '../arn/parse-arn.ts';
import { parseAssumedRoleArn, parseRoleArn } from '../arn/role-arn.ts';
import type { CredentialEvent } from '../model/credential-event.ts';

/**
 * The role an ARN names, without its path: `arn:P:iam::A:role/NAME`. Role names are unique within an
 * account whatever their path, and an assumed-role ARN drops the path, so this is the form every
 * record can agree on. Other ARNs (an account root for AssumeRoot) are returned as they are.
 */
export function roleKey(roleArn: string): string {
  // The same ARN is keyed several times per event (its actor, its pair, the session it issued): the last
  // answer is kept.
  if (roleArn === lastArn) return lastKey;
  const r = parseRoleArn(roleArn);
  lastArn = roleArn;
  lastKey = r === undefined ? roleArn : `arn:${r.partition}:iam::${r.account}:role/${r.roleName}`;
  return lastKey;
}

let lastArn: string | undefined;
let lastKey = '';

/**
 * Who made a call, as the stateful rules count it (CONTRACT §3; README "State"):
 * - an AWS service by the service (`service:ecs-tasks.amazonaws.com`);
 * - a role session by the role that issued it, not by its session name (`role:arn:…:role/Deploy`), so
 *   that a new session name is not a new principal;
 * - SAML and web identity users by provider and subject (`saml:PROVIDER:SUBJECT`, `oidc:HOST:SUBJECT`);
 * - the role owner's copy of a cross-account call by the account (`account:ID`): it names no more;
 * - users, federated users (by the IAM user that federated them), root and Identity Center users by
 *   who they are.
 * Undefined when the record names nobody.
 */
export function actorKey(event: CredentialEvent): string | undefined {
  const a = event.actor;
  switch (a.type) {
    case 'AWSService':
      return a.invokedBy === undefined ? undefined : `service:${a.invokedBy}`;
    case 'AssumedRole':
      return a.sessionIssuerArn === undefined ? undefined : `role:${roleKey(a.sessionIssuerArn)}`;
    case 'IAMUser':
      return a.arn === undefined ? undefined : `user:${a.arn}`;
    case 'Root':
      return a.accountId === undefined ? undefined : `root:${a.accountId}`;
    case 'AWSAccount':
      return a.accountId === undefined ? undefined : `account:${a.accountId}`;
    case 'FederatedUser': {
      const by = a.sessionIssuerArn ?? a.arn;
      return by === undefined ? undefined : `federated:${by}`;
    }
    case 'SAMLUser': {
      const provider = event.saml?.providerArn ?? a.identityProvider;
      const subject = event.saml?.subject ?? a.userName;
      return provider === undefined || subject === undefined ? undefined : `saml:${provider}:${subject}`;
    }
    case 'WebIdentityUser': {
      const provider = event.webIdentity?.providerHost ?? a.identityProvider;
      const subject = event.webIdentity?.subject ?? a.userName;
      return provider === undefined || subject === undefined ? undefined : `oidc:${provider}:${subject}`;
    }
    case 'IdentityCenterUser':
      return a.principalId === undefined ? undefined : `identity-center:${a.principalId}`;
    default: {
      const who = a.arn ?? a.principalId;
      return who === undefined ? undefined : `other:${who}`;
    }
  }
}

const KEY_PREFIXES = [
  'service:',
  'role:',
  'user:',
  'root:',
  'account:',
  'federated:',
  'saml:',
  'oidc:',
  'identity-center:',
  'other:',
];

/**
 * The actor key a person most likely means by `text` (for `rolewatch state --pairs`): an actor key as it
 * is, a role, assumed-role or user ARN, an account id, or an AWS service name; undefined otherwise.
 */
export function actorKeyOf(text: string): string | undefined {
  if (KEY_PREFIXES.some((p) => text.startsWith(p))) return text;
  if (/^[0-9]{12}$/.test(text)) return `account:${text}`;
  if (/^[a-z0-9.-]+\.amazonaws\.com$/.test(text)) return `service:${text}`;
  const assumed = parseAssumedRoleArn(text);
  if (assumed !== undefined) return `role:${assumed.roleArn}`;
  if (parseRoleArn(text) !== undefined) return `role:${roleKey(text)}`;
  const p = parseArn(text);
  if (p === undefined) return undefined;
  if (p.service === 'iam' && p.resource.startsWith('user/')) return `user:${text}`;
  if (p.service === 'iam' && p.resource === 'root') return `root:${p.account}`;
  return undefined;
}
