import type { CredentialEvent, CredentialEventName, TargetRole } from '../../model/credential-event.ts';
import type { RuleOutcome } from '../../model/rule.ts';

/** The calls that ask for a role's credentials (AssumeRoot targets an account root, not a role). */
export const ROLE_TARGET_EVENTS: ReadonlySet<CredentialEventName> = new Set<CredentialEventName>([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
]);

export const notApplicable = (reason: string): RuleOutcome => ({ status: 'not-applicable', reason });

export const NO_MATCH: RuleOutcome = { status: 'no-match' };

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
  return role === undefined
    ? { outcome: notApplicable('the record does not name the target account') }
    : { role };
}

/**
 * The common gate of grant rules about a role: the call succeeded, asked for a role, and the role is known.
 * Returns the role, or the not-applicable outcome to return as is.
 */
export function roleGrant(event: CredentialEvent): { role: TargetRole } | { outcome: RuleOutcome } {
  const failed = failedCall(event);
  if (failed !== undefined) return { outcome: failed };
  if (!ROLE_TARGET_EVENTS.has(event.eventName)) {
    return { outcome: notApplicable(`${event.eventName} does not assume a role`) };
  }
  const role = targetRole(event);
  if (role === undefined) return { outcome: notApplicable('the record does not name the role') };
  return { role };
}
