import type { ActorType } from '../model/credential-event.ts';
import type { Rule, RuleOutcome } from '../model/rule.ts';
import { failedCall, NO_MATCH, notApplicable, targetRole } from './support/applicability.ts';
import { whoDidWhat } from './support/wording.ts';

// Federated identities and AWS services act for no AWS account of their own; the outcome says so.
const ACCOUNTLESS: ReadonlyMap<ActorType, RuleOutcome> = new Map(
  (['AWSService', 'SAMLUser', 'WebIdentityUser'] as const).map((t) => [
    t,
    notApplicable(`a ${t} actor has no AWS account`),
  ]),
);

// Reasons that do not depend on the event: one outcome object serves every event.
const NO_ZONE_OF_TRUST = notApplicable('the trust file lists no accounts, so the zone of trust is unknown');
const ACTOR_ACCOUNT_UNKNOWN = notApplicable("the record does not name the actor's account");

export const rule: Rule = {
  id: 'external-account',
  defaultSeverity: 'high',
  title: 'Credentials were issued to a principal from an account outside the zone of trust.',
  description:
    'A successful AssumeRole-family or AssumeRoot call by an actor whose account is not in `accounts`, where ' +
    "the role's entry (if any) trusts neither that account nor a principal in it. SAML, web identity and " +
    'AWS service actors have no account and are excluded. GetSessionToken and GetFederationToken are not ' +
    "judged: they issue credentials for the caller's own identity and cross no trust boundary. A trust file " +
    'with an empty `accounts` list declares no zone of trust, so the rule does not judge.',
  remediation:
    'Identify who owns the external account. If the access is expected, add the account to `accounts` or ' +
    'trust it on the role entry; otherwise remove it from the role trust policy and revoke the session.',
  references: [
    'MITRE ATT&CK T1078.004 Valid Accounts: Cloud Accounts',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings.html',
  ],
  stateful: false,
  judgesGrant: true,
  noMatchReason:
    "the caller's account is in accounts, or the role entry trusts that account or a principal in it",
  evaluate(event, ctx) {
    const failed = failedCall(event);
    if (failed !== undefined) return failed;
    if (event.eventName === 'GetSessionToken' || event.eventName === 'GetFederationToken') {
      return notApplicable(`${event.eventName} issues credentials for the caller's own identity`);
    }
    if (ctx.config.accounts.length === 0) {
      return NO_ZONE_OF_TRUST;
    }
    const { actor } = event;
    const accountless = ACCOUNTLESS.get(actor.type);
    if (accountless !== undefined) return accountless;
    if (actor.accountId === undefined) return ACTOR_ACCOUNT_UNKNOWN;
    if (ctx.config.accounts.includes(actor.accountId)) return NO_MATCH;
    const entry = ctx.roleEntry;
    if (entry?.trustsAccount(actor.accountId) === true) return NO_MATCH;
    return {
      status: 'match',
      title: `${whoDidWhat(event, targetRole(event) ?? event.role)}, from account ${actor.accountId} outside the zone of trust.`,
      evidence: {
        expected:
          entry === undefined
            ? `an account in: ${ctx.config.accounts.join(', ')}`
            : `an account in: ${ctx.config.accounts.join(', ')}, or one the role entry trusts`,
        actual: actor.accountId,
      },
    };
  },
};
