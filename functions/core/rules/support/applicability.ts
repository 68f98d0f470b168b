import {
  CREDENTIAL_EVENT_NAMES,
  type CredentialEvent,
  type CredentialEventName,
  type TargetRole,
} from '../../model/credential-event.ts';
import type { RuleOutcome } from '../../model/rule.ts';

/** The calls that ask for a role's credentials (AssumeRoot targets an account root, not a role). */
export const ROLE_TARGET_EVENTS: ReadonlySet<CredentialEventName> = new Set<CredentialEventName>([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
]);

export const notApplicable = (reason: string): RuleOutcome => ({ status: 'not-applicable', reason });

export const NO_MATCH: RuleOutcome = { status: 'no-match' };

/**
 * One not-applicable outcome per event name, built once: rules run for every credential event of a
 * trail, and a reason that depends only on the event name need not be formatted each time.
 */
export function perEventName(
  reason: (eventName: CredentialEventName) => string,
): (eventName: CredentialEventName) => RuleOutcome {
  const outcomes = new Map<CredentialEventName, RuleOutcome>();
  for (const name of CREDENTIAL_EVENT_NAMES) outcomes.set(name, notApplicable(reason(name)));
  return (name) => outcomes.get(name) ?? notApplicable(reason(name));
}

/** Reasons shared by several rules; outcomes are immutable, so one object serves every event. */
export const NO_ROLE_ENTRY = notApplicable('no roles entry matches the role');
const ROLE_NOT_NAMED = notApplicable('the record does not name the role');
const TARGET_ACCOUNT_NOT_NAMED = notApplicable('the record does not name the target account');
const NOT_A_ROLE_CALL = perEventName((name) => `${name} does not assume a role`);

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

/**
 * The gate of grant rules about any target a `roles` entry may list: a role, or for AssumeRoot the
 * account root it targets (`arn:PARTITION:iam::ID:root`).
 */
export function listableGrant(event: CredentialEvent): { role: TargetRole } | { outcome: RuleOutcome } {
  if (event.eventName !== 'AssumeRoot') return roleGrant(event);
  const failed = failedCall(event);
  if (failed !== undefined) return { outcome: failed };
  const role = event.role;
  return role === undefined ? { outcome: TARGET_ACCOUNT_NOT_NAMED } : { role };
}

/**
 * The common gate of grant rules about a role: the call succeeded, asked for a role, and the role is known.
 * Returns the role, or the not-applicable outcome to return as is.
 */
export function roleGrant(event: CredentialEvent): { role: TargetRole } | { outcome: RuleOutcome } {
  const failed = failedCall(event);
  if (failed !== undefined) return { outcome: failed };
  if (!ROLE_TARGET_EVENTS.has(event.eventName)) {
    return { outcome: NOT_A_ROLE_CALL(event.eventName) };
  }
  const role = targetRole(event);
  if (role === undefined) return { outcome: ROLE_NOT_NAMED };
  return { role };
}
