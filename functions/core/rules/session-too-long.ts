import type { Rule } from '../model/rule.ts';
import { NO_MATCH, notApplicable, roleGrant } from './support/applicability.ts';
import { whoDidWhat } from './support/wording.ts';

/** Clock skew between STS issuing credentials and CloudTrail stamping the event. */
export const GRANTED_SLACK_SECONDS = 60;

function describeDurations(
  requested: number | undefined,
  defaulted: boolean,
  granted: number | undefined,
): string {
  const parts: string[] = [];
  if (requested !== undefined) parts.push(`requested ${requested} s${defaulted ? ' (default)' : ''}`);
  if (granted !== undefined) parts.push(`granted ${granted} s`);
  return parts.join(', ');
}

// Reasons that do not depend on the event: one outcome object serves every event.
const SERVICE_SESSION = notApplicable('AWS sets the sessions of AWS service actors');
const NO_SESSION_DURATION = notApplicable('the record shows no session duration');

export const rule: Rule = {
  id: 'session-too-long',
  defaultSeverity: 'medium',
  title: 'A role session was requested or granted for longer than the role allows.',
  description:
    'A successful AssumeRole, AssumeRoleWithSAML or AssumeRoleWithWebIdentity (calls that target a role) ' +
    'whose requested `durationSeconds` or granted duration (credentials expiration minus event time, with ' +
    `${GRANTED_SLACK_SECONDS} s of slack) exceeds \`maxSessionSeconds\` of the role entry, or of ` +
    '`defaults`. When the record has neither a requested value nor an expiration, the documented 3600 s ' +
    'default is judged. AWS service actors are excluded, since AWS sets their sessions.',
  remediation:
    'Lower the maximum session duration on the role (and the DurationSeconds callers request), or raise ' +
    '`maxSessionSeconds` in the trust file if the longer sessions are intended.',
  references: [
    'MITRE ATT&CK T1550.001 Use Alternate Authentication Material: Application Access Token',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-settings.html',
    'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html',
  ],
  stateful: false,
  judgesGrant: true,
  noMatchReason:
    "the requested and granted durations are within the role's maxSessionSeconds (granted with 60 s of slack)",
  evaluate(event, ctx) {
    const gate = roleGrant(event);
    if ('outcome' in gate) return gate.outcome;
    if (event.actor.type === 'AWSService') return SERVICE_SESSION;
    const limit = ctx.roleEntry?.maxSessionSeconds ?? ctx.config.defaults.maxSessionSeconds;
    const limitFrom = ctx.roleEntry?.maxSessionSeconds === undefined ? 'defaults' : 'the role entry';
    const { requestedSeconds, requestedSecondsDefaulted, grantedSeconds } = event.session;
    const over: string[] = [];
    const explicitRequest = requestedSecondsDefaulted ? undefined : requestedSeconds;
    if (explicitRequest !== undefined && explicitRequest > limit) over.push(`requested ${explicitRequest} s`);
    if (grantedSeconds !== undefined && grantedSeconds > limit + GRANTED_SLACK_SECONDS) {
      over.push(`granted ${grantedSeconds} s`);
    }
    let note: string | undefined;
    if (explicitRequest === undefined && grantedSeconds === undefined) {
      if (requestedSeconds === undefined) return NO_SESSION_DURATION;
      if (requestedSeconds > limit) {
        over.push(`requested ${requestedSeconds} s`);
        note = `the request omitted durationSeconds, so the ${requestedSeconds} s default is assumed`;
      }
    }
    if (over.length === 0) return NO_MATCH;
    return {
      status: 'match',
      title: `${whoDidWhat(event, gate.role)} for ${over.join(' and ')}, over its ${limit} s limit.`,
      evidence: {
        expected: `at most ${limit} s (maxSessionSeconds from ${limitFrom})`,
        actual: describeDurations(requestedSeconds, requestedSecondsDefaulted, grantedSeconds),
        ...(note !== undefined && { note }),
      },
    };
  },
};
