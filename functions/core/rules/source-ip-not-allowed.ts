import type { Rule } from '../model/rule.ts';
import { entrySettingGate, NO_MATCH, notApplicable } from './support/applicability.ts';
import { titleValue } from './support/title-text.ts';
import { whoDidWhat } from './support/wording.ts';

// Reasons that do not depend on the event: one outcome object serves every event.
const SERVICE_CALLER = notApplicable('an AWS service made the call');
const NO_SOURCE_IP = notApplicable('the record has no sourceIPAddress');

export const rule: Rule = {
  id: 'source-ip-not-allowed',
  defaultSeverity: 'high',
  title: "A role was assumed from an address outside the role's allowed ranges.",
  description:
    'A successful call on a role whose entry sets `sourceCidrs`, from a `sourceIPAddress` in none of them. ' +
    'AWS service callers (a service host name of any partition, such as `ec2.amazonaws.com`, ' +
    '`ec2.amazonaws.com.cn` or `ec2.amazonaws.eu`, or `AWS Internal` as the address, or an `AWSService` ' +
    'actor) are not judged. An address that is not a valid IPv4/IPv6 address (e.g. a zero-padded octet such as ' +
    '`06.237.252.245`) is in no range, so it fires, and the evidence says it is not a valid address. An ' +
    'entry for an account root (`arn:…:iam::ID:root`) sets the ranges AssumeRoot may be called from.',
  remediation:
    'Check where the call came from; if the network is legitimate add its range to `sourceCidrs`, ' +
    'otherwise restrict the role trust policy with `aws:SourceIp` and revoke the session.',
  references: [
    'MITRE ATT&CK T1078.004 Valid Accounts: Cloud Accounts',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-ip.html',
  ],
  stateful: false,
  judgesGrant: true,
  noMatchReason: "the caller's address is in one of the role entry's sourceCidrs",
  evaluate(event, ctx) {
    const gate = entrySettingGate(event, ctx, 'sourceCidrs');
    if ('outcome' in gate) return gate.outcome;
    if (event.actor.type === 'AWSService' || event.sourceIpIsService) {
      return SERVICE_CALLER;
    }
    const ip = event.sourceIp;
    if (ip === undefined) return NO_SOURCE_IP;
    const allowedIp = gate.entry.sourceIpAllowed(ip);
    if (allowedIp === true) return NO_MATCH;
    const invalid = allowedIp === undefined;
    const allowed = gate.entry.sourceCidrs?.map((c) => c.raw).join(', ') || '(none)';
    return {
      status: 'match',
      title: `${whoDidWhat(event, gate.role)} from ${titleValue(ip)}, outside its allowed ranges.`,
      evidence: {
        expected: `an address in: ${allowed}`,
        actual: ip,
        ...(invalid && { note: `${ip} is not a valid IP address, so it is in no allowed range` }),
      },
    };
  },
};
