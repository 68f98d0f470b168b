import type { Rule } from '../model/rule.ts';
import { failedCall, NO_MATCH, notApplicable } from './support/applicability.ts';
import { titleValue } from './support/title-text.ts';
import { actorLabel } from './support/wording.ts';

export const rule: Rule = {
  id: 'federation-token',
  defaultSeverity: 'medium',
  title: 'An IAM user obtained a federation token.',
  description:
    "A successful GetFederationToken by an IAM user: the federated session outlives the user's access key " +
    'rotation and deactivation, a known persistence technique. Denied calls are reported by assume-denied.',
  remediation:
    'Confirm the IAM user needs GetFederationToken (usually a legacy broker); otherwise deny ' +
    '`sts:GetFederationToken` for it, and rotate its access keys if the call was not expected.',
  references: [
    'MITRE ATT&CK T1550.001 Use Alternate Authentication Material: Application Access Token',
    'MITRE ATT&CK T1078.004 Valid Accounts: Cloud Accounts',
    'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html',
  ],
  stateful: false,
  judgesGrant: false,
  noMatchReason: 'the caller of GetFederationToken is not an IAM user',
  evaluate(event) {
    if (event.eventName !== 'GetFederationToken') {
      return notApplicable(`${event.eventName} is not GetFederationToken`);
    }
    const failed = failedCall(event);
    if (failed !== undefined) return failed;
    if (event.actor.type !== 'IAMUser') return NO_MATCH;
    const name = event.session.name;
    return {
      status: 'match',
      title: `${actorLabel(event)} obtained a federation token${name === undefined ? '' : ` for "${titleValue(name)}"`}.`,
      evidence: {
        expected: 'no GetFederationToken by IAM users',
        actual: `GetFederationToken by ${event.actor.arn ?? event.actor.display}`,
      },
    };
  },
};
