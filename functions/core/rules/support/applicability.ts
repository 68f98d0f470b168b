import type { CredentialEvent, CredentialEventName, TargetRole } from '../../model/credential-event.ts';
import type { RuleContext, RuleOutcome } from '../../model/rule.ts';
import type { CompiledRoleEntry } from '../../model/trust-config.ts';

/*
 * The gates rules share: each returns what the rule needs to judge the event, or the not-applicable
 * outcome (with its reason) to return as it is. A reason names the one condition that was not met, since
 * `rolewatch explain` shows it to people.
 */

/** The calls that ask for a role's credentials (AssumeRoot targets an account root, not a role). */
export const ROLE_TARGET_EVENTS: ReadonlySet<CredentialEventName> = new Set<CredentialEventName>([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
]);

export const notApplicable = (reason: string): RuleOutcome => ({ status: 'not-applicable', reason });

export const NO_MATCH: RuleOutcome = { status: 'no-match' };

// Reasons that do not depend on the event: one outcome object serves every event.
const NO_ROLE_ENTRY = notApplicable('no roles entry matches the role');
const ROLE_NOT_NAMED = notApplicable('the record does not name the role');
const TARGET_ACCOUNT_NOT_NAMED = notApplicable('the record does not name the target account');

/** The role the event asked for, when it is a role (not an AssumeRoot target principal). */
export function targetRole(event: CredentialEvent): TargetRole | undefined {
  if (!ROLE_TARGET_EVENTS.has(event.eventName)) return undefined;
  const role = event.role;
  return role !== undefined && role.from !== 'targetPrincipal' ? role : undefined;
}

/** Why a grant rule does not concern a call: grant rules judge successful calls only. */
export function failedCall(event: CredentialEvent): RuleOutcome | undefined {
  return event.success
    ? undefined
    : notApplicable(`failed call (${event.errorCode ?? 'error'}): assume-denied reports it`);
}

type Gate<T> = T | { readonly outcome: RuleOutcome };

/**
 * The common gate of grant rules about a role: the call succeeded, asked for a role, and the record names
 * the role.
 */
export function roleGrant(event: CredentialEvent): Gate<{ role: TargetRole }> {
  const failed = failedCall(event);
  if (failed !== undefined) return { outcome: failed };
  if (!ROLE_TARGET_EVENTS.has(event.eventName)) {
    return { outcome: notApplicable(`${event.eventName} does not assume a role`) };
  }
  const role = targetRole(event);
  return role === undefined ? { outcome: ROLE_NOT_NAMED } : { role };
}

/**
 * The gate of grant rules about any target a `roles` entry may list: a role, or for AssumeRoot the
 * account root it targets (`arn:PARTITION:iam::ID:root`); the target must have an entry.
 */
export function listedGrant(
  event: CredentialEvent,
  ctx: RuleContext,
): Gate<{ role: TargetRole; entry: CompiledRoleEntry }> {
  let role: TargetRole | undefined;
  if (event.eventName === 'AssumeRoot') {
    const failed = failedCall(event);
    if (failed !== undefined) return { outcome: failed };
    role = event.role;
    if (role === undefined) return { outcome: TARGET_ACCOUNT_NOT_NAMED };
  } else {
    const gate = roleGrant(event);
    if ('outcome' in gate) return gate;
    role = gate.role;
  }
  const entry = ctx.roleEntry;
  return entry === undefined ? { outcome: NO_ROLE_ENTRY } : { role, entry };
}

/** The settings of a roles entry that switch a rule on. */
export type EntrySetting =
  | 'requireMfa'
  | 'requireExternalId'
  | 'requireSourceIdentity'
  | 'sessionNamePattern'
  | 'sourceCidrs'
  | 'oidcSubjects';

const SETTING_NOT_SET: Readonly<Record<EntrySetting, RuleOutcome>> = {
  requireMfa: notApplicable('the role entry does not set requireMfa'),
  requireExternalId: notApplicable('the role entry does not set requireExternalId'),
  requireSourceIdentity: notApplicable('the role entry does not set requireSourceIdentity'),
  sessionNamePattern: notApplicable('the role entry sets no sessionNamePattern'),
  sourceCidrs: notApplicable('the role entry sets no sourceCidrs'),
  oidcSubjects: notApplicable('the role entry sets no oidcSubjects'),
};

/**
 * The settings rules judge on an entry for an account root (`arn:PARTITION:iam::ID:root`, the target of
 * AssumeRoot): facts about the caller, which an AssumeRoot record carries as any other call does. Every
 * other condition of such an entry (session length, ExternalId, session name, OIDC subjects, chaining)
 * has nothing to judge on AssumeRoot, so the trust file refuses it there.
 */
export const ROOT_ENTRY_SETTINGS: readonly EntrySetting[] = Object.freeze([
  'requireMfa',
  'requireSourceIdentity',
  'sourceCidrs',
]);

/**
 * The gate of rules that enforce one setting of the role's entry: a successful call on a role (or, for the
 * {@link ROOT_ENTRY_SETTINGS}, an AssumeRoot on a listed account root), an entry for it, and the setting
 * set (`true`, or present) on it.
 */
export function entrySettingGate(
  event: CredentialEvent,
  ctx: RuleContext,
  setting: EntrySetting,
): Gate<{ role: TargetRole; entry: CompiledRoleEntry }> {
  let role: TargetRole;
  let entry: CompiledRoleEntry | undefined;
  if (event.eventName === 'AssumeRoot' && ROOT_ENTRY_SETTINGS.includes(setting)) {
    const gate = listedGrant(event, ctx);
    if ('outcome' in gate) return gate;
    ({ role, entry } = gate);
  } else {
    const gate = roleGrant(event);
    if ('outcome' in gate) return gate;
    role = gate.role;
    entry = ctx.roleEntry;
    if (entry === undefined) return { outcome: NO_ROLE_ENTRY };
  }
  const value = entry[setting];
  if (value === undefined || value === false) return { outcome: SETTING_NOT_SET[setting] };
  return { role, entry };
}

/** `the role` or, for an account root's entry (AssumeRoot), `its trust-file entry`: what requires a setting. */
export const requirer = (role: TargetRole): string =>
  role.from === 'targetPrincipal' ? 'its trust-file entry' : 'the role';
