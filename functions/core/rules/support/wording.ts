import type { CredentialEvent, TargetRole } from '../../model/credential-event.ts';

/** `role Deploy (111122223333)` when the ARN could be split, else the ARN as written. */
export function roleLabel(role: TargetRole): string {
  if (role.from === 'targetPrincipal') return `the root user of ${role.accountId ?? role.arn}`;
  return role.name !== undefined && role.accountId !== undefined
    ? `role ${role.name} (${role.accountId})`
    : `role ${role.arn}`;
}

const VERBS: Record<CredentialEvent['eventName'], string> = {
  AssumeRole: 'assumed',
  AssumeRoleWithSAML: 'assumed (via SAML)',
  AssumeRoleWithWebIdentity: 'assumed (via web identity)',
  AssumeRoot: 'obtained root credentials for',
  GetSessionToken: 'obtained a session token',
  GetFederationToken: 'obtained a federation token',
};

/** `alice (IAM user, 444455556666) assumed role Deploy (111122223333)`: the start of most titles. */
export function whoDidWhat(event: CredentialEvent, role: TargetRole | undefined): string {
  const verb = VERBS[event.eventName];
  return role === undefined
    ? `${event.actor.display} ${verb}`
    : `${event.actor.display} ${verb} ${roleLabel(role)}`;
}

/** Plain text for a value a record may lack. */
export const orMissing = (value: string | number | undefined, what: string): string =>
  value === undefined ? `no ${what} in the record` : String(value);
