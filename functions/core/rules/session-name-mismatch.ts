import type { Rule } from '../model/rule.ts';
import { NO_MATCH, notApplicable, roleGrant } from './support/applicability.ts';
import { titleValue } from './support/title-text.ts';
import { whoDidWhat } from './support/wording.ts';

// The trust file compiles the pattern once; a copy without g/y keeps test() free of lastIndex state.
const stateless = (re: RegExp): RegExp =>
  re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, '')) : re;

// Reasons that do not depend on the event: one outcome object serves every event.
const NO_SESSION_NAME_PATTERN = notApplicable('the role entry sets no sessionNamePattern');
const NO_SESSION_NAME = notApplicable('the record carries no session name');

export const rule: Rule = {
  id: 'session-name-mismatch',
  defaultSeverity: 'low',
  title: "A role session name does not follow the role's naming pattern.",
  description:
    'A successful call on a role whose entry sets `sessionNamePattern` (a regular expression), where ' +
    '`roleSessionName` does not match it. A record without a session name is not judged.',
  remediation:
    'Find out who chose the session name; make callers use the agreed format (e.g. their e-mail address), ' +
    'enforced with an `sts:RoleSessionName` condition in the role trust policy.',
  references: [
    'MITRE ATT&CK T1078.004 Valid Accounts: Cloud Accounts',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_rolesessionname',
  ],
  stateful: false,
  judgesGrant: true,
  evaluate(event, ctx) {
    const gate = roleGrant(event);
    if ('outcome' in gate) return gate.outcome;
    const pattern = ctx.roleEntry?.sessionNamePattern;
    if (pattern === undefined) return NO_SESSION_NAME_PATTERN;
    const name = event.session.name;
    if (name === undefined) return NO_SESSION_NAME;
    if (stateless(pattern).test(name)) return NO_MATCH;
    return {
      status: 'match',
      title: `${whoDidWhat(event, gate.role)} with session name "${titleValue(name)}", which does not match ${titleValue(pattern.source)}.`,
      evidence: { expected: `a session name matching ${pattern.source}`, actual: name },
    };
  },
};
