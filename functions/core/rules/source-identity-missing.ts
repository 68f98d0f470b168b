import type { Rule } from '../model/rule.ts';
import { NO_MATCH, NO_ROLE_ENTRY, notApplicable, roleGrant } from './support/applicability.ts';
import { whoDidWhat } from './support/wording.ts';

// Reasons that do not depend on the event: one outcome object serves every event.
const SOURCE_IDENTITY_NOT_REQUIRED = notApplicable('the role entry does not set requireSourceIdentity');

export const rule: Rule = {
  id: 'source-identity-missing',
  defaultSeverity: 'medium',
  title: 'A role that requires a source identity was assumed without one.',
  description:
    'A successful call on a role whose entry sets `requireSourceIdentity`, where neither the request ' +
    "(or response) nor the caller's own session carries a source identity.",
  remediation:
    'Add an `sts:SourceIdentity` condition to the role trust policy and make callers (or the identity ' +
    'provider) set SourceIdentity, so actions taken with the role can be traced to a person.',
  references: [
    'MITRE ATT&CK T1078.004 Valid Accounts: Cloud Accounts',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html',
  ],
  stateful: false,
  judgesGrant: true,
  evaluate(event, ctx) {
    const gate = roleGrant(event);
    if ('outcome' in gate) return gate.outcome;
    const entry = ctx.roleEntry;
    if (entry === undefined) return NO_ROLE_ENTRY;
    if (!entry.requireSourceIdentity) return SOURCE_IDENTITY_NOT_REQUIRED;
    if (event.session.sourceIdentity !== undefined || event.actor.sourceIdentity !== undefined)
      return NO_MATCH;
    return {
      status: 'match',
      title: `${whoDidWhat(event, gate.role)} without a source identity, which the role requires.`,
      evidence: {
        expected: "a sourceIdentity on the request or on the caller's session",
        actual: 'no source identity',
      },
    };
  },
};
