import type { Rule } from '../model/rule.ts';
import { rule as assumeDenied } from './assume-denied.ts';
import { rule as externalAccount } from './external-account.ts';
import { rule as externalIdMissing } from './external-id-missing.ts';
import { rule as federationToken } from './federation-token.ts';
import { rule as mfaMissing } from './mfa-missing.ts';
import { rule as oidcSubjectUnexpected } from './oidc-subject-unexpected.ts';
import { rule as roleChaining } from './role-chaining.ts';
import { rule as rootCredentials } from './root-credentials.ts';
import { rule as sessionNameMismatch } from './session-name-mismatch.ts';
import { rule as sessionTooLong } from './session-too-long.ts';
import { rule as sourceIdentityMissing } from './source-identity-missing.ts';
import { rule as sourceIpNotAllowed } from './source-ip-not-allowed.ts';
import { rule as unlistedRole } from './unlisted-role.ts';
import { rule as untrustedPrincipal } from './untrusted-principal.ts';

/** Every stateless rule, in the order of the contract's rule table (the README catalogue follows it). */
export const RULES: readonly Rule[] = Object.freeze([
  untrustedPrincipal,
  unlistedRole,
  externalAccount,
  sessionTooLong,
  mfaMissing,
  externalIdMissing,
  sourceIdentityMissing,
  sessionNameMismatch,
  sourceIpNotAllowed,
  oidcSubjectUnexpected,
  roleChaining,
  assumeDenied,
  rootCredentials,
  federationToken,
]);

const BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}
