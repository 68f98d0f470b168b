import type { Rule } from '../model/rule.ts';
import { NO_MATCH, targetRole } from './support/applicability.ts';
import { titleValue } from './support/title-text.ts';
import { actorLabel, roleLabel } from './support/wording.ts';

export const rule: Rule = {
  id: 'assume-denied',
  defaultSeverity: 'medium',
  title: 'A call for credentials was denied.',
  description:
    'Any failed credential-issuing call (the record has an `errorCode`): a caller tried to get credentials ' +
    'it is not allowed to have, or probed which roles exist.',
  remediation:
    'Check whether the caller should have access: fix its permissions or the role trust policy if so; ' +
    'otherwise find out why it is trying (misconfigured automation, or role enumeration).',
  references: [
    'MITRE ATT&CK T1078.004 Valid Accounts: Cloud Accounts',
    'MITRE ATT&CK T1087.004 Account Discovery: Cloud Account',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_roles.html',
  ],
  stateful: false,
  judgesGrant: false,
  noMatchReason: 'the call succeeded (the record has no errorCode)',
  evaluate(event) {
    if (event.success) return NO_MATCH;
    const role = targetRole(event) ?? event.role;
    const what = role === undefined ? event.eventName : `${event.eventName} on ${roleLabel(role)}`;
    const error = event.errorCode ?? 'an error';
    return {
      status: 'match',
      title: `${actorLabel(event)} was denied ${what} (${titleValue(error)}).`,
      evidence: {
        expected: 'a successful call',
        actual: event.errorMessage === undefined ? error : `${error}: ${event.errorMessage}`,
      },
    };
  },
};
