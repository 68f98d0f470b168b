import type { Rule } from '../model/rule.ts';
import { NO_MATCH, notApplicable, perEventName, roleGrant } from './support/applicability.ts';
import { titleValue } from './support/title-text.ts';
import { whoDidWhat } from './support/wording.ts';

/** `oidcSubjects` entries: `*` is any run of characters; everything else is literal. */
function subjectMatches(pattern: string, subject: string): boolean {
  if (!pattern.includes('*')) return pattern === subject;
  const parts = pattern.split('*');
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (!subject.startsWith(first) || subject.length < first.length + last.length) return false;
  if (!subject.endsWith(last)) return false;
  let at = first.length;
  const end = subject.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = subject.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}

// Reasons that do not depend on the event: one outcome object serves every event.
const NO_TOKEN = perEventName((name) => `${name} carries no web identity token`);
const NO_OIDC_SUBJECTS = notApplicable('the role entry sets no oidcSubjects');

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
  evaluate(event, ctx) {
    if (event.eventName !== 'AssumeRoleWithWebIdentity') {
      return NO_TOKEN(event.eventName);
    }
    const gate = roleGrant(event);
    if ('outcome' in gate) return gate.outcome;
    const subjects = ctx.roleEntry?.oidcSubjects;
    if (subjects === undefined) return NO_OIDC_SUBJECTS;
    const subject = event.webIdentity?.subject;
    if (subject !== undefined && subjects.some((p) => subjectMatches(p, subject))) return NO_MATCH;
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
