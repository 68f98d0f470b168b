import type { CredentialEvent } from '../model/credential-event.ts';
import type { Rule } from '../model/rule.ts';
import { NO_MATCH, notApplicable, roleGrant } from './support/applicability.ts';
import { whoDidWhat } from './support/wording.ts';

/**
 * Whether the caller is a role session. The role owner's copy of a cross-account call keeps only the
 * caller's principalId, which for a role session is `AROA…:SESSION` (the role's unique id).
 */
export function callerIsRoleSession(event: CredentialEvent): 'yes' | 'inferred' | 'no' {
  const { actor } = event;
  if (actor.type === 'AssumedRole') return 'yes';
  if (actor.type === 'AWSAccount' && actor.principalId?.startsWith('AROA') === true) return 'inferred';
  return 'no';
}

// Reasons that do not depend on the event: one outcome object serves every event.
const CHAINING_ALLOWED_BY_ENTRY = notApplicable('the role entry sets allowChaining: true');
const CHAINING_ALLOWED_BY_DEFAULT = notApplicable('defaults.allowChaining is true');

export const rule: Rule = {
  id: 'role-chaining',
  defaultSeverity: 'medium',
  title: 'A role session assumed a role that must not be reached by role chaining.',
  description:
    'A successful call by a role session (`AssumedRole` actor) on a role whose `allowChaining` is false ' +
    "(the role entry's, else `defaults.allowChaining`). In the role owner's copy of a cross-account call " +
    'the caller is taken to be a role session when its principalId is a role id (`AROA…`).',
  remediation:
    'Find which session assumed the role; have the principal assume the role directly, or set ' +
    '`allowChaining: true` on the role entry if the chain is intended.',
  references: [
    'MITRE ATT&CK T1550.001 Use Alternate Authentication Material: Application Access Token',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html#iam-term-role-chaining',
  ],
  stateful: false,
  judgesGrant: true,
  noMatchReason: 'the caller is not a role session, so no role chaining happened',
  evaluate(event, ctx) {
    const gate = roleGrant(event);
    if ('outcome' in gate) return gate.outcome;
    const fromEntry = ctx.roleEntry?.allowChaining;
    if (fromEntry === true) return CHAINING_ALLOWED_BY_ENTRY;
    if (fromEntry === undefined && ctx.config.defaults.allowChaining) return CHAINING_ALLOWED_BY_DEFAULT;
    const chained = callerIsRoleSession(event);
    if (chained === 'no') return NO_MATCH;
    const from = fromEntry === undefined ? 'defaults' : 'the role entry';
    return {
      status: 'match',
      title: `${whoDidWhat(event, gate.role)} from a role session, but the role does not allow chaining.`,
      evidence: {
        expected: `no role session as caller (allowChaining is false in ${from})`,
        actual: `a session of ${event.actor.sessionIssuerArn ?? event.actor.arn ?? event.actor.principalId ?? 'a role'}`,
        ...(chained === 'inferred' && {
          note: `inferred from the caller's principalId ${event.actor.principalId ?? ''}, a role id`,
        }),
      },
    };
  },
};
