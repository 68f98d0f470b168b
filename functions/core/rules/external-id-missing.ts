import type { Rule } from '../model/rule.ts';
import { entrySettingGate, NO_MATCH } from './support/applicability.ts';
import { whoDidWhat } from './support/wording.ts';

export const rule: Rule = {
  id: 'external-id-missing',
  defaultSeverity: 'high',
  title: 'A role that requires an ExternalId was assumed without one.',
  description:
    'A successful call on a role whose entry sets `requireExternalId`, where the request carried no ' +
    '`externalId`. Only AssumeRole can carry one, so a SAML or web identity call on such a role also fires. ' +
    'The ExternalId value is never read into findings.',
  remediation:
    'Add an `sts:ExternalId` condition to the role trust policy and give the third party its ExternalId; ' +
    'find out how the call succeeded without it.',
  references: [
    'MITRE ATT&CK T1078.004 Valid Accounts: Cloud Accounts',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
  ],
  stateful: false,
  judgesGrant: true,
  noMatchReason: 'the request carried an externalId',
  evaluate(event, ctx) {
    const gate = entrySettingGate(event, ctx, 'requireExternalId');
    if ('outcome' in gate) return gate.outcome;
    if (event.externalIdPresent) return NO_MATCH;
    return {
      status: 'match',
      title: `${whoDidWhat(event, gate.role)} without the ExternalId the role requires.`,
      evidence: {
        expected: 'an externalId on the request',
        actual: 'no externalId on the request',
        ...(event.eventName !== 'AssumeRole' && { note: `${event.eventName} cannot carry an ExternalId` }),
      },
    };
  },
};
