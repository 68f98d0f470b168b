import type { CredentialEvent, TargetRole } from '../../model/credential-event.ts';
import { titleValue } from './title-text.ts';

/**
 * `role Deploy (111122223333)` when the ARN could be split, else the ARN as written; clipped for titles
 * (a role path may be 512 characters, and an ARN from an error message is free text).
 */
export function roleLabel(role: TargetRole): string {
  if (role.from === 'targetPrincipal') return `the root user of ${titleValue(role.accountId ?? role.arn)}`;
  return role.name !== undefined && role.accountId !== undefined
    ? `role ${titleValue(role.name)} (${role.accountId})`
    : `role ${titleValue(role.arn)}`;
}

/** The actor's display label, clipped for a title (it holds user and session names from the record). */
export const actorLabel = (event: CredentialEvent): string => titleValue(event.actor.display);

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
    ? `${actorLabel(event)} ${verb}`
    : `${actorLabel(event)} ${verb} ${roleLabel(role)}`;
}
