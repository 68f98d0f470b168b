import type { Rule } from '../model/rule.ts';
import { entrySettingGate, NO_MATCH, requirer } from './support/applicability.ts';
import { whoDidWhat } from './support/wording.ts';

export const rule: Rule = {
  id: 'source-identity-missing',
  defaultSeverity: 'medium',
  title: 'A role that requires a source identity was assumed without one.',
  description:
    'A successful call on a role whose entry sets `requireSourceIdentity`, where neither the request ' +
    "(or response) nor the caller's own session carries a source identity. An entry for an account root " +
    "(`arn:…:iam::ID:root`) sets it for AssumeRoot, where only the caller's session can carry one.",
  remediation:
    'Add an `sts:SourceIdentity` condition to the role trust policy and make callers (or the identity ' +
    'provider) set SourceIdentity, so actions taken with the role can be traced to a person.',
  references: [
    'MITRE ATT&CK T1078.004 Valid Accounts: Cloud Accounts',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html',
  ],
  stateful: false,
  judgesGrant: true,
  noMatchReason: "a source identity is on the request, the response or the caller's session",
  evaluate(event, ctx) {
    const gate = entrySettingGate(event, ctx, 'requireSourceIdentity');
    if ('outcome' in gate) return gate.outcome;
    if (event.session.sourceIdentity !== undefined || event.actor.sourceIdentity !== undefined)
      return NO_MATCH;
    return {
      status: 'match',
      title: `${whoDidWhat(event, gate.role)} without a source identity, which ${requirer(gate.role)} requires.`,
      evidence: {
        expected: "a sourceIdentity on the request or on the caller's session",
        actual: 'no source identity',
      },
    };
  },
};
