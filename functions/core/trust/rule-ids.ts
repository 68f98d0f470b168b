/**
 * The rule ids of CONTRACT §3, which a suppression may name. Kept here rather than read from the rule
 * registry so that the trust file can be validated without loading the rules (the registry imports trust
 * matching); a test checks that the two agree.
 */
export const KNOWN_RULE_IDS = [
  'untrusted-principal',
  'unlisted-role',
  'external-account',
  'session-too-long',
  'mfa-missing',
  'external-id-missing',
  'source-identity-missing',
  'session-name-mismatch',
  'source-ip-not-allowed',
  'oidc-subject-unexpected',
  'role-chaining',
  'assume-denied',
  'denied-burst',
  'root-credentials',
  'federation-token',
  'first-seen-pair',
] as const;
export type KnownRuleId = (typeof KNOWN_RULE_IDS)[number];
