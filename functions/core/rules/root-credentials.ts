import type { Rule } from '../model/rule.ts';
import { NO_MATCH, notApplicable } from './support/applicability.ts';
import { titleValue } from './support/title-text.ts';
import { actorLabel } from './support/wording.ts';

// Reasons that do not depend on the event: one outcome object serves every event.
const ROOT_CALL_FAILED = notApplicable('failed call by the root user: assume-denied reports it');

export const rule: Rule = {
  id: 'root-credentials',
  defaultSeverity: 'high',
  title: 'Root-user credentials were requested.',
  description:
    "An AssumeRoot call (successful or not: asking for a member account's root session is itself worth a " +
    'look), or a successful credential-issuing call by a `Root` actor (e.g. GetSessionToken with the ' +
    "root user's access keys).",
  remediation:
    'Confirm the root access was planned and approved. Remove root access keys, and limit AssumeRoot to ' +
    'the task policies and principals your organisation allows.',
  references: [
    'MITRE ATT&CK T1078.004 Valid Accounts: Cloud Accounts',
    'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
  ],
  stateful: false,
  judgesGrant: false,
  noMatchReason: 'the caller is not the root user',
  evaluate(event) {
    if (event.eventName === 'AssumeRoot') {
      const target =
        event.role === undefined
          ? 'a member account'
          : `account ${event.role.accountId ?? titleValue(event.role.arn)}`;
      const outcome = event.success ? 'granted' : `denied (${titleValue(event.errorCode ?? 'error')})`;
      return {
        status: 'match',
        title: event.success
          ? `${actorLabel(event)} obtained root credentials for ${target} with AssumeRoot.`
          : `${actorLabel(event)} asked for root credentials for ${target} with AssumeRoot and was ${outcome}.`,
        evidence: {
          expected: 'no AssumeRoot outside planned, approved root tasks',
          actual: `AssumeRoot on ${target}: ${outcome}`,
        },
      };
    }
    if (event.actor.type !== 'Root') return NO_MATCH;
    if (!event.success) return ROOT_CALL_FAILED;
    return {
      status: 'match',
      title: `The root user of ${event.actor.accountId ?? 'an account'} obtained credentials with ${event.eventName}.`,
      evidence: {
        expected: 'no credentials issued to the root user',
        actual: `${event.eventName} by ${event.actor.display}`,
      },
    };
  },
};
