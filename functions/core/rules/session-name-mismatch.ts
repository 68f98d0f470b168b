import type { Rule } from '../model/rule.ts';
import { NO_MATCH, notApplicable, roleGrant } from './support/applicability.ts';
import { titleValue } from './support/title-text.ts';
import { whoDidWhat } from './support/wording.ts';

// The trust file compiles the pattern once; a copy without g/y keeps test() free of lastIndex state.
const stateless = (re: RegExp): RegExp =>
  re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, '')) : re;

// STS accepts role session names of 2 to 64 characters. A longer name cannot come from STS as is, and
// the pattern is not run over it: the name is record content, and a pattern that backtracks (even an
// ordinary unanchored one) takes time that grows with the square of its length or worse.
const MAX_SESSION_NAME_CHARS = 64;

// Reasons that do not depend on the event: one outcome object serves every event.
const NO_SESSION_NAME_PATTERN = notApplicable('the role entry sets no sessionNamePattern');
const NO_SESSION_NAME = notApplicable('the record carries no session name');

export const rule: Rule = {
  id: 'session-name-mismatch',
  defaultSeverity: 'low',
  title: "A role session name does not follow the role's naming pattern.",
  description:
    'A successful call on a role whose entry sets `sessionNamePattern` (a regular expression), where ' +
    '`roleSessionName` does not match it. A record without a session name is not judged; a name longer ' +
    'than the 64 characters STS allows is a mismatch without running the pattern (a forged record ' +
    'cannot make the pattern backtrack for seconds).',
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
    const tooLong = name.length > MAX_SESSION_NAME_CHARS;
    if (!tooLong && stateless(pattern).test(name)) return NO_MATCH;
    return {
      status: 'match',
      title: `${whoDidWhat(event, gate.role)} with session name "${titleValue(name)}", which does not match ${titleValue(pattern.source)}.`,
      evidence: {
        expected: `a session name matching ${pattern.source}`,
        actual: name,
        ...(tooLong
          ? {
              note:
                `the session name is ${name.length} characters long, more than the ${MAX_SESSION_NAME_CHARS} ` +
                'STS accepts; it was not tested against the pattern',
            }
          : {}),
      },
    };
  },
};
