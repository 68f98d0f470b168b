import { MAX_PATTERN_CHARS } from '../arn/wildcard.ts';
import { err, ok, type Result } from '../model/result.ts';
import type { PrincipalMatcher } from '../model/trust-config.ts';
import { checkArnPattern } from './arn-pattern.ts';
import { quoted } from './quote-value.ts';

const ACCOUNT_ID = /^[0-9]{12}$/;
const SERVICE_NAME = /^[a-z0-9*?][a-z0-9.*?-]*$/;
const OIDC_HOST = /^[A-Za-z0-9*?][A-Za-z0-9.*?:/_-]*$/;
const OIDC_PROVIDER = 'oidc-provider/';

const EXPECTED =
  'expected a 12-digit account id, an IAM/STS principal ARN, service:NAME, saml:PROVIDER_ARN or oidc:HOST';

function parseArnPrincipal(raw: string): Result<PrincipalMatcher, string> {
  const checked = checkArnPattern(raw, {
    services: ['iam', 'sts'],
    resourceTypes: ['root', 'role', 'user', 'assumed-role', 'federated-user'],
  });
  if (!checked.ok) return err(checked.message);
  const { service, account, resource } = checked.parts;
  const type = resource === 'root' ? 'root' : resource.split('/')[0];
  const literalAccount = ACCOUNT_ID.test(account) ? { accountId: account } : {};
  const expectedService = type === 'assumed-role' || type === 'federated-user' ? 'sts' : 'iam';
  if (service !== expectedService) {
    return err(
      `${quoted(type ?? '')} principals are ${expectedService} ARNs (arn:PARTITION:${expectedService}::...)`,
    );
  }
  if (type === 'root') {
    if (!ACCOUNT_ID.test(account))
      return err(`a root ARN needs a literal 12-digit account id, not ${quoted(account)}`);
    // Trust never crosses partitions: the root ARN's partition, when literal, is part of what it names.
    const partition = /[*?]/.test(checked.parts.partition) ? {} : { partition: checked.parts.partition };
    return ok({ kind: 'account', raw, accountId: account, ...partition });
  }
  if (type === 'role') return ok({ kind: 'role', raw, arnPattern: raw, ...literalAccount });
  return ok({ kind: 'principal', raw, arnPattern: raw, ...literalAccount });
}

function parseOidc(raw: string, rest: string): Result<PrincipalMatcher, string> {
  if (rest.startsWith('arn:')) {
    const checked = checkArnPattern(rest, { services: ['iam'], resourceTypes: ['oidc-provider'] });
    if (!checked.ok) return err(checked.message);
    const providerHost = checked.parts.resource.slice(OIDC_PROVIDER.length);
    return ok({ kind: 'oidc', raw, providerHost, providerArnPattern: rest });
  }
  // Tolerate a pasted issuer URL: IAM names providers by the URL without its scheme.
  const host = rest.replace(/^https:\/\//, '').replace(/\/+$/, '');
  if (!OIDC_HOST.test(host)) return err(`${quoted(rest)} is not an OIDC provider host or oidc-provider ARN`);
  return ok({ kind: 'oidc', raw, providerHost: host });
}

/**
 * Compiles one `trustedPrincipals` entry (CONTRACT §2). Never throws; an entry that is none of the
 * accepted forms gives a message saying which forms are accepted.
 *
 * @example parsePrincipalMatcher('service:ecs-tasks.amazonaws.com') // ok({ kind: 'service', ... })
 */
export function parsePrincipalMatcher(raw: string): Result<PrincipalMatcher, string> {
  const text = raw.trim();
  if (text === '') return err(`an empty entry; ${EXPECTED}`);
  if (text.length > MAX_PATTERN_CHARS) {
    return err(`an entry of ${text.length} characters; at most ${MAX_PATTERN_CHARS} are allowed`);
  }
  if (text === '*') return err(`'*' would trust every principal; ${EXPECTED}`);
  if (/^[0-9]+$/.test(text)) {
    return ACCOUNT_ID.test(text)
      ? ok({ kind: 'account', raw: text, accountId: text })
      : err(`${quoted(text)} has ${text.length} digits; an account id has 12`);
  }
  if (text.startsWith('service:')) {
    const service = text.slice('service:'.length);
    if (!SERVICE_NAME.test(service))
      return err(`${quoted(service)} is not a service principal such as ec2.amazonaws.com`);
    return ok({ kind: 'service', raw: text, service });
  }
  if (text.startsWith('saml:')) {
    const provider = text.slice('saml:'.length);
    const checked = checkArnPattern(provider, { services: ['iam'], resourceTypes: ['saml-provider'] });
    if (!checked.ok) return err(checked.message);
    return ok({ kind: 'saml', raw: text, providerArnPattern: provider });
  }
  if (text.startsWith('oidc:')) return parseOidc(text, text.slice('oidc:'.length));
  if (text.startsWith('arn:')) return parseArnPrincipal(text);
  return err(`${quoted(text)} is not a principal; ${EXPECTED}`);
}
