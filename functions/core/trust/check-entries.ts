import type { PrincipalMatcher, RoleEntry, TrustConfig } from '../model/trust-config.ts';
import { rule as externalIdMissing } from '../rules/external-id-missing.ts';
import { rule as mfaMissing } from '../rules/mfa-missing.ts';
import { rule as oidcSubjectUnexpected } from '../rules/oidc-subject-unexpected.ts';
import { rule as roleChaining } from '../rules/role-chaining.ts';
import { rule as sessionNameMismatch } from '../rules/session-name-mismatch.ts';
import { rule as sessionTooLong } from '../rules/session-too-long.ts';
import { rule as sourceIdentityMissing } from '../rules/source-identity-missing.ts';
import { rule as sourceIpNotAllowed } from '../rules/source-ip-not-allowed.ts';
import { ROOT_ENTRY_SETTINGS } from '../rules/support/applicability.ts';
import { rule as untrustedPrincipal } from '../rules/untrusted-principal.ts';
import { quoted } from './quote-value.ts';
import { shadowedEntries } from './shadowed-entries.ts';

/*
 * Checks of a trust file's `roles` entries that need the whole validated file: what the rules will and will
 * not judge. A condition no rule can judge for the kind of entry it stands on is an error (the file would
 * promise what the scan never checks); an entry that never applies, or a condition that cannot hold for the
 * principals the entry trusts or whose rule is disabled, is a warning.
 */

/** A problem at a key of the file, positioned by the parser. */
export interface EntryIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface EntryChecks {
  readonly errors: readonly EntryIssue[];
  readonly warnings: readonly EntryIssue[];
}

/** The conditions of an entry: the keys that restrict who may assume the role, and how. */
type Condition =
  | 'trustedPrincipals'
  | 'maxSessionSeconds'
  | 'requireMfa'
  | 'requireExternalId'
  | 'requireSourceIdentity'
  | 'sessionNamePattern'
  | 'sourceCidrs'
  | 'oidcSubjects'
  | 'allowChaining';

/** The rule that judges each condition (its id lives in the rule's file). */
const RULE_OF: Readonly<Record<Condition, string>> = {
  trustedPrincipals: untrustedPrincipal.id,
  maxSessionSeconds: sessionTooLong.id,
  requireMfa: mfaMissing.id,
  requireExternalId: externalIdMissing.id,
  requireSourceIdentity: sourceIdentityMissing.id,
  sessionNamePattern: sessionNameMismatch.id,
  sourceCidrs: sourceIpNotAllowed.id,
  oidcSubjects: oidcSubjectUnexpected.id,
  allowChaining: roleChaining.id,
};

/** The conditions an entry sets, in the order of the file format. */
function conditionsOf(entry: RoleEntry): Condition[] {
  const set: Condition[] = ['trustedPrincipals'];
  if (entry.maxSessionSeconds !== undefined) set.push('maxSessionSeconds');
  if (entry.requireMfa) set.push('requireMfa');
  if (entry.requireExternalId) set.push('requireExternalId');
  if (entry.requireSourceIdentity) set.push('requireSourceIdentity');
  if (entry.sessionNamePattern !== undefined) set.push('sessionNamePattern');
  if (entry.sourceCidrs !== undefined) set.push('sourceCidrs');
  if (entry.oidcSubjects !== undefined) set.push('oidcSubjects');
  if (entry.allowChaining === false) set.push('allowChaining');
  return set;
}

/** An entry for an account root (`arn:PARTITION:iam::ID:root`): what AssumeRoot targets. */
const isRootEntry = (entry: RoleEntry): boolean => entry.arn.endsWith(':root');

/** Why each condition outside ROOT_ENTRY_SETTINGS has nothing to judge on AssumeRoot. */
const NOT_ON_ASSUME_ROOT: Partial<Record<Condition, string>> = {
  maxSessionSeconds: 'AssumeRoot sessions last at most 900 s, the least maxSessionSeconds allows',
  requireExternalId: 'AssumeRoot carries no ExternalId',
  sessionNamePattern: 'AssumeRoot names no session',
  oidcSubjects: 'AssumeRoot takes no web identity token',
  allowChaining: `${roleChaining.id} judges calls that assume a role, not AssumeRoot`,
};

const ROOT_KEYS = ['trustedPrincipals', ...ROOT_ENTRY_SETTINGS, 'severity'].join(', ');

function rootEntryErrors(entry: RoleEntry, index: number): EntryIssue[] {
  return conditionsOf(entry).flatMap((condition) => {
    const why = NOT_ON_ASSUME_ROOT[condition];
    if (why === undefined) return [];
    return [
      {
        path: ['roles', index, condition],
        message:
          `${why}, so no rule can judge ${condition} on an entry for an account root; such an entry ` +
          `(AssumeRoot) takes ${ROOT_KEYS}`,
      },
    ];
  });
}

const only = (principals: readonly PrincipalMatcher[], kinds: readonly PrincipalMatcher['kind'][]) =>
  principals.every((p) => kinds.includes(p.kind));

/** Conditions that cannot hold, or are never judged, for the principals a role entry trusts. */
function principalWarnings(entry: RoleEntry, index: number): EntryIssue[] {
  const p = entry.trustedPrincipals;
  const out: EntryIssue[] = [];
  const at = (condition: Condition, message: string) =>
    out.push({ path: ['roles', index, condition], message });
  if (entry.requireExternalId && only(p, ['saml', 'oidc'])) {
    at(
      'requireExternalId',
      'the entry trusts only SAML and OIDC providers, whose calls cannot carry an ExternalId: every call ' +
        `they make fires ${externalIdMissing.id}`,
    );
  }
  if (entry.oidcSubjects !== undefined && !p.some((m) => m.kind === 'oidc')) {
    at(
      'oidcSubjects',
      `the entry trusts no oidc: provider, so a web identity call already fires ${untrustedPrincipal.id} ` +
        'and the subjects are never checked for a trusted caller',
    );
  }
  if (entry.requireMfa && only(p, ['service'])) {
    at(
      'requireMfa',
      `the entry trusts only AWS services, which never carry MFA: every call they make fires ${mfaMissing.id}`,
    );
  }
  if (entry.requireMfa && only(p, ['saml', 'oidc'])) {
    at(
      'requireMfa',
      'the entry trusts only SAML and OIDC providers, whose callers authenticate (and use MFA) at the ' +
        `identity provider: STS records no MFA for them, so every call they make fires ${mfaMissing.id}`,
    );
  }
  if (entry.sourceCidrs !== undefined && only(p, ['service'])) {
    at(
      'sourceCidrs',
      `the entry trusts only AWS services, whose calls ${sourceIpNotAllowed.id} does not judge: the ranges ` +
        'never apply',
    );
  }
  return out;
}

/** Conditions whose rule the `rules:` section switches off. */
function disabledRuleWarnings(config: TrustConfig, entry: RoleEntry, index: number): EntryIssue[] {
  return conditionsOf(entry).flatMap((condition) => {
    const setting = config.rules[RULE_OF[condition]];
    if (setting === undefined || setting.enabled) return [];
    const where = setting.line === undefined ? '' : ` (line ${setting.line})`;
    return [
      {
        path: ['roles', index, condition],
        message: `${RULE_OF[condition]} is disabled in rules:${where}, so nothing enforces ${condition} here`,
      },
    ];
  });
}

const lineOf = (entry: RoleEntry | undefined): string =>
  entry?.line === undefined ? '' : ` (line ${entry.line})`;

function shadowWarnings(roles: readonly RoleEntry[]): EntryIssue[] {
  return shadowedEntries(roles).map(({ index, by, duplicate }) => {
    const entry = roles[index] as RoleEntry;
    const earlier = roles[by] as RoleEntry;
    const unenforced = conditionsOf(entry).join(', ');
    const fix = `move it above roles[${by}], or merge the two`;
    return {
      path: ['roles', index, 'arn'],
      message: duplicate
        ? `roles[${index}]${lineOf(entry)} repeats the arn ${quoted(entry.arn)} of roles[${by}]${lineOf(earlier)}: ` +
          `the first matching entry applies, so this one never does and its ${unenforced} are not enforced; merge them`
        : `roles[${index}]${lineOf(entry)} never applies: roles[${by}]${lineOf(earlier)}, ${quoted(earlier.arn)}, ` +
          `matches every role that ${quoted(entry.arn)} matches and the first matching entry applies, so its ` +
          `${unenforced} are not enforced; ${fix}`,
    };
  });
}

/**
 * What the rules can and cannot judge of a validated file's `roles` entries: errors for conditions no rule
 * judges on the kind of entry they stand on (an account root's entry: only caller facts of AssumeRoot), and
 * warnings for entries an earlier entry shadows (or repeats), conditions that cannot hold for the
 * principals the entry trusts, and conditions whose rule is disabled.
 */
export function checkEntries(config: TrustConfig): EntryChecks {
  const errors: EntryIssue[] = [];
  const warnings: EntryIssue[] = shadowWarnings(config.roles);
  config.roles.forEach((entry, index) => {
    const disabled = disabledRuleWarnings(config, entry, index);
    // A condition whose rule is off fires nothing: one warning says so, not also what it would fire.
    const off = new Set(disabled.map((w) => w.path[2]));
    if (isRootEntry(entry)) errors.push(...rootEntryErrors(entry, index));
    else warnings.push(...principalWarnings(entry, index).filter((w) => !off.has(w.path[2])));
    warnings.push(...disabled);
  });
  return { errors, warnings };
}
