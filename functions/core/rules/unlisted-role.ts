import type { Rule } from '../model/rule.ts';
import { NO_MATCH, notApplicable, roleGrant } from './support/applicability.ts';
import { whoDidWhat } from './support/wording.ts';

// Reasons that do not depend on the event: one outcome object serves every event.
const UNLISTED_ROLES_IGNORED = notApplicable('defaults.unlistedRoles is ignore');
const ROLE_ACCOUNT_UNKNOWN = notApplicable("the record does not name the role's account");

export const rule: Rule = {
  id: 'unlisted-role',
  defaultSeverity: 'medium',
  title: 'A role that no trust-file entry lists was assumed.',
  description:
    'A successful AssumeRole, AssumeRoleWithSAML or AssumeRoleWithWebIdentity on a role that matches no ' +
    '`roles` entry, when `defaults.unlistedRoles` is `alert`. With a non-empty `accounts` list, only roles ' +
    'in those accounts are judged: a role in an account you do not own (an AWS service session of a ' +
    "vendor's account, a partner's role your principals assume) is not yours to list; `external-account` " +
    'and the role entries judge who crosses into your accounts.',
  remediation:
    'Add an entry for the role (with the principals it should trust) to the trust file, or remove the role ' +
    'if nobody owns it.',
  references: [
    'MITRE ATT&CK T1078.004 Valid Accounts: Cloud Accounts',
    'MITRE ATT&CK T1098.003 Account Manipulation: Additional Cloud Roles',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html',
  ],
  stateful: false,
  judgesGrant: true,
  noMatchReason: 'a roles entry matches the role',
  evaluate(event, ctx) {
    const gate = roleGrant(event);
    if ('outcome' in gate) return gate.outcome;
    if (ctx.config.defaults.unlistedRoles !== 'alert') return UNLISTED_ROLES_IGNORED;
    if (ctx.roleEntry !== undefined) return NO_MATCH;
    const { accounts } = ctx.config;
    if (accounts.length > 0) {
      const owner = gate.role.accountId;
      if (owner === undefined) return ROLE_ACCOUNT_UNKNOWN;
      if (!accounts.includes(owner)) {
        return notApplicable(`the role is in account ${owner}, outside accounts (the zone of trust)`);
      }
    }
    return {
      status: 'match',
      title: `${whoDidWhat(event, gate.role)}, which no trust-file entry lists.`,
      evidence: {
        expected: 'a roles entry whose arn matches the role',
        actual: `no entry matches ${gate.role.arn}`,
      },
    };
  },
};
