import type { CredentialEvent } from '../model/credential-event.ts';
import type { Rule, RuleOutcome } from '../model/rule.ts';
import { notApplicable, targetRole } from './support/applicability.ts';
import { roleLabel, whoDidWhat } from './support/wording.ts';

export const rule: Rule = {
  id: 'first-seen-pair',
  defaultSeverity: 'low',
  title: 'A principal obtained credentials for a role for the first time.',
  description:
    'A successful call by an (actor, role) pair that is not in the baseline: the state store has not seen ' +
    'this actor obtain this role, or not in `thresholds.firstSeen.forgetAfterDays` (default 90). AWS ' +
    'service actors are keyed by service, role sessions by their role (not their session name), SAML ' +
    'and web identity users by provider and subject. Needs a state store (`--state FILE`, ' +
    '`ROLEWATCH_STATE=dynamodb:<table>`); without one it does not run. Learning mode (`--learn`, ' +
    '`ROLEWATCH_LEARN_UNTIL`) records pairs and reports none.',
  remediation:
    'Confirm that the principal is meant to use the role (a new team member, a new pipeline); if not, ' +
    'tighten the role trust policy and revoke the session. Seed the baseline with `--learn` so that ' +
    'only new pairs are reported.',
  references: [
    'MITRE ATT&CK T1078.004 Valid Accounts: Cloud Accounts',
    'MITRE ATT&CK T1098.003 Account Manipulation: Additional Cloud Roles',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html',
  ],
  stateful: true,
  judgesGrant: false,
  // Judged against the state store by the state stage (core/state), never one event at a time.
  evaluate: () => STATEFUL,
};

const STATEFUL: RuleOutcome = notApplicable('judged against the baseline by the state stage, not per call');

/** The finding's outcome for the first call of a pair the baseline does not hold. */
export function firstSeenOutcome(event: CredentialEvent, forgetAfterDays: number): RuleOutcome {
  const role = targetRole(event) ?? event.role;
  const what = role === undefined ? 'this role' : roleLabel(role);
  return {
    status: 'match',
    title: `${whoDidWhat(event, role)} for the first time.`,
    evidence: {
      expected: `a principal that has used ${what} within the last ${forgetAfterDays} days (the baseline)`,
      actual: `no earlier call by ${event.actor.display} on ${role?.arn ?? 'this role'} in the state store`,
    },
  };
}
