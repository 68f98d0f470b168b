import type { CredentialEvent } from '../model/credential-event.ts';
import { scrubSecrets } from '../text/scrub-secrets.ts';
import { principalProblem } from '../trust-draft/literal-entry.ts';

/** Whether a record value holds something shaped like a credential. */
export const hasSecret = (value: string): boolean => scrubSecrets(value) !== value;

/**
 * How `trust learn` writes the caller of a successful call as a `trustedPrincipals` entry (CONTRACT §2):
 * - `named`: an entry that names exactly this caller: a role session by its issuing role, an IAM user or
 *   federated user by its ARN, an AWS service as `service:NAME`, a SAML or OIDC provider, a root user by
 *   its account;
 * - `account`: the role owner's copy of a cross-account call (`AWSAccount`), where only the account is
 *   known; the draft lists the account unless a principal of that account is listed already;
 * - `unnamed`: a caller no entry can name (a record without the facts, or with values no entry accepts);
 *   it becomes a comment and a warning, never a guess.
 */
export type LearnedCaller =
  | { readonly kind: 'named'; readonly entry: string }
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'unnamed'; readonly label: string };

const ROLE_ARN = /^arn:[a-z0-9-]+:iam::[0-9]{12}:role\//;
const USER_ARN = /^arn:[a-z0-9-]+:iam::[0-9]{12}:user\//;
const FEDERATED_ARN = /^arn:[a-z0-9-]+:sts::[0-9]{12}:federated-user\//;
const SAML_PROVIDER = /^arn:[a-z0-9-]+:iam::[0-9]{12}:saml-provider\//;
const OIDC_MARKER = 'oidc-provider/';

/**
 * A value from a record becomes an entry only when it is one literally: the trust file reads it back as
 * the same principal (no `*` or `?`, which are wildcards there, no spaces around it, which it trims), and
 * nothing shaped like a credential (a forged ARN carrying a session token is never written out).
 */
function named(entry: string | undefined, label: string): LearnedCaller {
  if (entry === undefined || principalProblem(entry) !== undefined || hasSecret(entry)) {
    return { kind: 'unnamed', label };
  }
  return { kind: 'named', entry };
}

function oidcHost(event: CredentialEvent): string | undefined {
  const identity = event.actor.identityProvider;
  const arn = event.webIdentity?.providerArn ?? (identity?.startsWith('arn:') ? identity : undefined);
  const fromArn = arn?.includes(OIDC_MARKER)
    ? arn.slice(arn.indexOf(OIDC_MARKER) + OIDC_MARKER.length)
    : undefined;
  const host = event.webIdentity?.providerHost ?? fromArn ?? (arn === undefined ? identity : undefined);
  return host?.replace(/^https:\/\//, '').replace(/\/+$/, '');
}

/** The caller of `event` as `trust learn` lists it (see {@link LearnedCaller}). */
export function learnedCaller(event: CredentialEvent): LearnedCaller {
  const { actor } = event;
  const label = actor.arn ?? actor.display;
  if (event.eventName === 'AssumeRoleWithSAML' || actor.type === 'SAMLUser') {
    const provider =
      event.saml?.providerArn ??
      (actor.identityProvider?.startsWith('arn:') ? actor.identityProvider : undefined);
    return named(
      provider !== undefined && SAML_PROVIDER.test(provider) ? `saml:${provider}` : undefined,
      label,
    );
  }
  if (event.eventName === 'AssumeRoleWithWebIdentity' || actor.type === 'WebIdentityUser') {
    const host = oidcHost(event);
    return named(host === undefined ? undefined : `oidc:${host}`, label);
  }
  switch (actor.type) {
    case 'AssumedRole': {
      const issuer = actor.sessionIssuerArn;
      return named(issuer !== undefined && ROLE_ARN.test(issuer) ? issuer : undefined, label);
    }
    case 'IAMUser':
      return named(actor.arn !== undefined && USER_ARN.test(actor.arn) ? actor.arn : undefined, label);
    case 'FederatedUser':
      return named(actor.arn !== undefined && FEDERATED_ARN.test(actor.arn) ? actor.arn : undefined, label);
    case 'Root':
      return named(actor.accountId, label);
    case 'AWSService':
      return named(actor.invokedBy === undefined ? undefined : `service:${actor.invokedBy}`, label);
    case 'AWSAccount':
      return actor.accountId === undefined
        ? { kind: 'unnamed', label }
        : { kind: 'account', accountId: actor.accountId };
    default:
      return { kind: 'unnamed', label };
  }
}

/** The account a `trustedPrincipals` entry lies in, when it names one (an account id or an IAM/STS ARN). */
export function accountOfEntry(entry: string): string | undefined {
  return /^([0-9]{12})$/.exec(entry)?.[1] ?? /^arn:[^:]*:(?:iam|sts)::([0-9]{12}):/.exec(entry)?.[1];
}
