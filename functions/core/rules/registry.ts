import { type AnyRule, judgedKind, type Rule, type TrustPolicyRule } from '../model/rule.ts';
import { rule as assumeDenied } from './assume-denied.ts';
import { rule as deniedBurst } from './denied-burst.ts';
import { rule as externalAccount } from './external-account.ts';
import { rule as externalIdMissing } from './external-id-missing.ts';
import { rule as federationToken } from './federation-token.ts';
import { rule as firstSeenPair } from './first-seen-pair.ts';
import { rule as mfaMissing } from './mfa-missing.ts';
import { rule as oidcSubjectUnexpected } from './oidc-subject-unexpected.ts';
import { rule as roleChaining } from './role-chaining.ts';
import { rule as rootCredentials } from './root-credentials.ts';
import { rule as sessionNameMismatch } from './session-name-mismatch.ts';
import { rule as sessionTooLong } from './session-too-long.ts';
import { rule as sourceIdentityMissing } from './source-identity-missing.ts';
import { rule as sourceIpNotAllowed } from './source-ip-not-allowed.ts';
import { rule as trustPolicyChanged } from './trust-policy-changed.ts';
import { rule as unlistedRole } from './unlisted-role.ts';
import { rule as untrustedPrincipal } from './untrusted-principal.ts';

/*
 * The one list of rules: the engine runs it, the trust file validates rule ids against it, the README
 * catalogue and `rolewatch rules` are generated from it, and the tests walk it. A rule is its own file
 * (`<id>.ts`, exporting `rule`) plus one line here: the core may not read its own folder (no I/O) and
 * esbuild has no glob import, so the list is written out; it also fixes the catalogue's order (the
 * contract's). A test fails when a rule file is not listed here or has no scenario fixtures.
 */

/**
 * Every built rule, in the order of the contract's rule table. The stateful ones (`stateful: true`)
 * answer not-applicable per event; the state stage (core/state) judges them across events.
 */
export const RULES: readonly AnyRule[] = Object.freeze([
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
  deniedBurst,
  rootCredentials,
  federationToken,
  firstSeenPair,
  trustPolicyChanged,
]);

/** The rules over credential-issuing calls, and over IAM trust-policy changes (each kind's own events). */
export const CREDENTIAL_RULES: readonly Rule[] = RULES.filter(
  (r): r is Rule => judgedKind(r) === 'credential',
);
export const TRUST_POLICY_RULES: readonly TrustPolicyRule[] = RULES.filter(
  (r): r is TrustPolicyRule => judgedKind(r) === 'trust-policy',
);

/**
 * Contract rules whose files are not built yet. A trust file may already name them (suppressions), so that
 * it need not change when they land; remove an id here when its rule joins {@link RULES}.
 */
export const PLANNED_RULE_IDS: readonly string[] = Object.freeze([]);

/** Every id a trust file may name: the built rules, then the planned ones. */
export const RULE_IDS: readonly string[] = Object.freeze([...RULES.map((r) => r.id), ...PLANNED_RULE_IDS]);

const BY_ID: ReadonlyMap<string, AnyRule> = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): AnyRule | undefined {
  return BY_ID.get(id);
}
