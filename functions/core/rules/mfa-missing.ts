import type { Rule } from '../model/rule.ts';
import { entrySettingGate, NO_MATCH, requirer } from './support/applicability.ts';
import { whoDidWhat } from './support/wording.ts';

export const rule: Rule = {
  id: 'mfa-missing',
  defaultSeverity: 'high',
  title: 'A role that requires MFA was assumed without MFA.',
  description:
    'A successful call on a role whose entry sets `requireMfa`, where the request carried no `serialNumber` ' +
    "and the caller's own session was not MFA-authenticated. For the role owner's copy of a cross-account " +
    "call (`AWSAccount` actor) the caller's session is not visible: it fires unless the request carries MFA, " +
    "and the caller's copy of the same call, when it is read too, decides instead. An entry for an account " +
    'root (`arn:…:iam::ID:root`) sets it for AssumeRoot: the caller must have signed in with MFA.',
  remediation:
    'Add an `aws:MultiFactorAuthPresent` condition to the role trust policy and make callers pass ' +
    'SerialNumber and TokenCode (or sign in with MFA) before assuming the role.',
  references: [
    'MITRE ATT&CK T1078.004 Valid Accounts: Cloud Accounts',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html',
  ],
  stateful: false,
  judgesGrant: true,
  noMatchReason: "the request carried a serialNumber, or the caller's session was MFA-authenticated",
  evaluate(event, ctx) {
    const gate = entrySettingGate(event, ctx, 'requireMfa');
    if ('outcome' in gate) return gate.outcome;
    if (event.mfa.serialNumber !== undefined || event.actor.mfaAuthenticated === true) return NO_MATCH;
    let sessionState = "the caller's credentials carry no MFA context";
    if (event.actor.mfaAuthenticated === false)
      sessionState = "the caller's session was not MFA-authenticated";
    else if (event.actor.type === 'AWSAccount') {
      sessionState = "the caller's session is not visible in the role owner's copy of the call";
    }
    return {
      status: 'match',
      title: `${whoDidWhat(event, gate.role)} without MFA, which ${requirer(gate.role)} requires.`,
      evidence: {
        expected: 'serialNumber on the request, or an MFA-authenticated caller session',
        actual: `no serialNumber on the request; ${sessionState}`,
      },
    };
  },
};
