import type { Rule } from '../model/rule.ts';
import { entrySettingGate, NO_MATCH, notApplicable } from './support/applicability.ts';
import { titleValue } from './support/title-text.ts';
import { whoDidWhat } from './support/wording.ts';

// STS accepts role session names of 2 to 64 characters. A longer name cannot come from STS as is, so it is
// a mismatch whatever the pattern says (and the pattern, linear as it is, is not run over a forged megabyte).
const MAX_SESSION_NAME_CHARS = 64;

const NO_SESSION_NAME = notApplicable('the record carries no session name');

export const rule: Rule = {
  id: 'session-name-mismatch',
  defaultSeverity: 'low',
  title: "A role session name does not follow the role's naming pattern.",
  description:
    'A successful call on a role whose entry sets `sessionNamePattern` (a regular expression in RE2 ' +
    'syntax, matched in time linear in the name), where `roleSessionName` does not match it. A record ' +
    'without a session name is not judged; a name longer than the 64 characters STS allows is a mismatch ' +
    'without running the pattern.',
  remediation:
    'Find out who chose the session name; make callers use the agreed format (e.g. their e-mail address), ' +
    'enforced with an `sts:RoleSessionName` condition in the role trust policy.',
  references: [
    'MITRE ATT&CK T1078.004 Valid Accounts: Cloud Accounts',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_rolesessionname',
  ],
  stateful: false,
  judgesGrant: true,
  noMatchReason: "the session name matches the role entry's sessionNamePattern",
  evaluate(event, ctx) {
    const gate = entrySettingGate(event, ctx, 'sessionNamePattern');
    if ('outcome' in gate) return gate.outcome;
    const pattern = gate.entry.sessionNamePattern ?? '';
    const name = event.session.name;
    if (name === undefined) return NO_SESSION_NAME;
    const tooLong = name.length > MAX_SESSION_NAME_CHARS;
    if (!tooLong && gate.entry.sessionNameMatches(name)) return NO_MATCH;
    return {
      status: 'match',
      title: `${whoDidWhat(event, gate.role)} with session name "${titleValue(name)}", which does not match ${titleValue(pattern)}.`,
      evidence: {
        expected: `a session name matching ${pattern}`,
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
