import type { Rule } from '../model/rule.ts';
import { listedGrant, NO_MATCH } from './support/applicability.ts';
import { whoDidWhat } from './support/wording.ts';

export const rule: Rule = {
  id: 'untrusted-principal',
  defaultSeverity: 'high',
  title: 'A listed role was assumed by a principal none of its trustedPrincipals names.',
  description:
    'A successful AssumeRole, AssumeRoleWithSAML or AssumeRoleWithWebIdentity on a role that has an entry ' +
    'in the trust file (or a successful AssumeRoot on an account root listed as `arn:…:iam::ID:root`), ' +
    "by an actor that none of its `trustedPrincipals` matches. The role owner's copy of " +
    'a cross-account call (actor type `AWSAccount`, only the account known) does not fire when an entry ' +
    'names that account or a principal in it; the principal could not be resolved further.',
  remediation:
    'Confirm who made the call. If the access is expected, add the principal to the role entry; ' +
    'otherwise tighten the role trust policy and revoke the issued session (revoke older sessions on the role).',
  references: [
    'MITRE ATT&CK T1078.004 Valid Accounts: Cloud Accounts',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html',
  ],
  stateful: false,
  judgesGrant: true,
  noMatchReason:
    "one of the role entry's trustedPrincipals names the caller (for the role owner's copy of a cross-account call: its account)",
  evaluate(event, ctx) {
    const gate = listedGrant(event, ctx);
    if ('outcome' in gate) return gate.outcome;
    const { entry } = gate;
    if (entry.matchActor(event).result !== 'no-match') return NO_MATCH;
    const trusted = entry.trustedPrincipals.map((m) => m.raw);
    return {
      status: 'match',
      title: `${whoDidWhat(event, gate.role)}, which does not trust this principal.`,
      evidence: {
        expected:
          trusted.length > 0 ? `one of: ${trusted.join(', ')}` : 'no principal (the entry trusts none)',
        actual: event.actor.arn ?? event.actor.display,
      },
    };
  },
};
