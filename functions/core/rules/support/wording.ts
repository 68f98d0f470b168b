import type { CredentialEvent, TargetRole } from '../../model/credential-event.ts';
import { printable, TITLE_VALUE_MAX, titleValue } from './title-text.ts';

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

// `NAME (KIND, ACCOUNT)`: the bracketed end says what kind of caller and whose it is.
const LABEL_SUFFIX = /^(.*)( \([^()]*\))$/;

/**
 * The actor's display label, clipped for a title (it holds user and session names from the record): a long
 * name is clipped, never the bracketed kind and account after it.
 */
export function actorLabel(event: CredentialEvent): string {
  const display = printable(event.actor.display);
  const m = LABEL_SUFFIX.exec(display);
  const [head, suffix] = [m?.[1], m?.[2]];
  if (head === undefined || suffix === undefined || suffix.length > TITLE_VALUE_MAX / 2) {
    return titleValue(display);
  }
  return `${titleValue(head, TITLE_VALUE_MAX - suffix.length)}${suffix}`;
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
    ? `${actorLabel(event)} ${verb}`
    : `${actorLabel(event)} ${verb} ${roleLabel(role)}`;
}
