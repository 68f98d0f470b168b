import type { Rule } from '../model/rule.ts';
import { entrySettingGate, NO_MATCH, notApplicable } from './support/applicability.ts';
import { titleValue } from './support/title-text.ts';
import { whoDidWhat } from './support/wording.ts';

export const rule: Rule = {
  id: 'oidc-subject-unexpected',
  defaultSeverity: 'high',
  title: 'A web identity token with an unexpected subject assumed a role.',
  description:
    'A successful AssumeRoleWithWebIdentity on a role whose entry sets `oidcSubjects`, where the token ' +
    'subject matches none of them (`*` matches any run of characters). A record without a subject fires: ' +
    'the role pins its subjects, so an unknown one is not accepted.',
  remediation:
    'Pin the `sub` claim in the role trust policy (e.g. `token.actions.githubusercontent.com:sub` to one ' +
    'repository and branch or environment) and find out which workload presented this token.',
  references: [
    'MITRE ATT&CK T1550.001 Use Alternate Authentication Material: Application Access Token',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html',
    'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services',
  ],
  stateful: false,
  judgesGrant: true,
  noMatchReason: "the token subject matches one of the role entry's oidcSubjects",
  evaluate(event, ctx) {
    if (event.eventName !== 'AssumeRoleWithWebIdentity') {
      return notApplicable(`${event.eventName} carries no web identity token`);
    }
    const gate = entrySettingGate(event, ctx, 'oidcSubjects');
    if ('outcome' in gate) return gate.outcome;
    const subjects = gate.entry.oidcSubjects ?? [];
    const subject = event.webIdentity?.subject;
    if (subject !== undefined && gate.entry.oidcSubjectExpected(subject)) return NO_MATCH;
    return {
      status: 'match',
      title:
        subject === undefined
          ? `${whoDidWhat(event, gate.role)} with a token whose subject the record does not show.`
          : `${whoDidWhat(event, gate.role)} with token subject "${titleValue(subject)}", which the role does not expect.`,
      evidence: {
        expected: `a subject matching one of: ${subjects.join(', ') || '(none)'}`,
        actual: subject ?? 'no subject in the record',
      },
    };
  },
};
