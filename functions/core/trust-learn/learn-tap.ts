import type { CredentialEvent } from '../model/credential-event.ts';
import type { Tap } from '../pipeline/tap.ts';
import { callerIsRoleSession } from '../rules/role-chaining.ts';
import { GRANTED_SLACK_SECONDS } from '../rules/session-too-long.ts';
import { ROLE_TARGET_EVENTS } from '../rules/support/applicability.ts';
import {
  DEFAULT_SESSION_SECONDS,
  earliest,
  emptyActivity,
  emptyRoleActivity,
  type LearnedActivity,
  mergeActivity,
  type RoleActivity,
  see,
  seeDeniedOnly,
} from './learned-activity.ts';
import { learnedCaller } from './learned-principal.ts';
import { mergeShapes, shapesOf } from './session-name-shape.ts';
import { sourceNetworkOf } from './source-network.ts';

/** The role a call asked for, when it is a role (AssumeRoot targets an account root). */
function roleArnOf(event: CredentialEvent): string | undefined {
  const role = event.role;
  if (!ROLE_TARGET_EVENTS.has(event.eventName) || role === undefined || role.from === 'targetPrincipal') {
    return undefined;
  }
  return role.arn;
}

/** The activity of a role a call succeeded on (with the failed calls seen on it before, if any). */
function roleActivity(acc: LearnedActivity, roleArn: string): RoleActivity {
  let role = acc.roles.get(roleArn);
  if (role === undefined) {
    const denied = acc.deniedOnly.get(roleArn);
    role = denied === undefined ? emptyRoleActivity(roleArn) : { ...emptyRoleActivity(roleArn), denied };
    acc.deniedOnly.delete(roleArn);
    acc.roles.set(roleArn, role);
  }
  return role;
}

/** The session length `session-too-long` judges: what was asked for, or granted less the slack it allows. */
function sessionSeconds(event: CredentialEvent): number {
  const { requestedSeconds, requestedSecondsDefaulted, grantedSeconds } = event.session;
  const explicit = requestedSecondsDefaulted ? undefined : requestedSeconds;
  const granted = grantedSeconds === undefined ? 0 : grantedSeconds - GRANTED_SLACK_SECONDS;
  // Without either, the rule judges the documented default the request implies.
  const assumed = explicit === undefined && grantedSeconds === undefined ? (requestedSeconds ?? 0) : 0;
  return Math.max(explicit ?? 0, granted, assumed, 0);
}

const callerLabel = (event: CredentialEvent): string => event.actor.arn ?? event.actor.display;

function learnGrant(role: RoleActivity, event: CredentialEvent, ms: number): void {
  role.calls++;
  role.firstMs = earliest(role.firstMs, ms);
  role.lastMs = Math.max(role.lastMs, ms);
  const caller = learnedCaller(event);
  if (caller.kind === 'named') role.dropped += see(role.principals, caller.entry, ms);
  else if (caller.kind === 'account') role.dropped += see(role.accounts, caller.accountId, ms);
  else role.dropped += see(role.unnamed, caller.label, ms);

  // The facts below are read exactly as the rules that judge them read them (see each rule).
  const service = event.actor.type === 'AWSService';
  if (service) role.serviceCalls++;
  else {
    const seconds = sessionSeconds(event);
    role.longestSeconds = Math.max(role.longestSeconds, seconds);
    if (seconds > DEFAULT_SESSION_SECONDS) role.longCalls++;
  }
  if (event.mfa.serialNumber !== undefined || event.actor.mfaAuthenticated === true) role.mfaCalls++;
  if (event.externalIdPresent) role.externalIdCalls++;
  if (event.session.sourceIdentity !== undefined || event.actor.sourceIdentity !== undefined) {
    role.sourceIdentityCalls++;
  }
  if (callerIsRoleSession(event) !== 'no') role.chainedCalls++;

  const name = event.session.name;
  if (name === undefined) role.namelessCalls++;
  else role.names = mergeShapes(role.names, shapesOf(name));

  // source-ip-not-allowed leaves out AWS services and service host names / `AWS Internal`.
  if (!service && !event.sourceIpIsService && event.sourceIp !== undefined) {
    const network = sourceNetworkOf(event.sourceIp);
    if (network === undefined) role.dropped += see(role.badAddresses, event.sourceIp, ms);
    else role.dropped += see(role.networks, network, ms);
  }

  if (event.eventName === 'AssumeRoleWithWebIdentity') {
    role.webIdentityCalls++;
    const subject = event.webIdentity?.subject;
    if (subject === undefined) role.subjectlessCalls++;
    else role.dropped += see(role.subjects, subject, ms);
  }
}

function learnEvent(acc: LearnedActivity, event: CredentialEvent): void {
  const ms = event.eventTimeMs ?? -1;
  acc.events++;
  acc.firstMs = earliest(acc.firstMs, ms);
  acc.lastMs = Math.max(acc.lastMs, ms);
  if (event.recipientAccountId !== undefined) see(acc.trailAccounts, event.recipientAccountId, ms);
  const roleArn = roleArnOf(event);
  if (!event.success) {
    // Denied calls teach no trust; the draft lists them as comments.
    const what = `${event.errorCode ?? 'error'} by ${callerLabel(event)}`;
    const role = roleArn === undefined ? undefined : acc.roles.get(roleArn);
    if (roleArn === undefined) see(acc.deniedElsewhere, `${event.eventName} ${what}`, ms);
    else if (role === undefined) seeDeniedOnly(acc, roleArn, what, ms);
    else role.dropped += see(role.denied, what, ms);
    return;
  }
  if (roleArn === undefined) {
    see(
      acc.otherCalls,
      event.role === undefined && ROLE_TARGET_EVENTS.has(event.eventName)
        ? `${event.eventName} (no role in the record)`
        : event.eventName,
      ms,
    );
    return;
  }
  learnGrant(roleActivity(acc, roleArn), event, ms);
}

export const TRUST_LEARN_TAP_ID = 'trust-learn';

/**
 * `rolewatch trust learn`: accumulates, per role, who assumed it and how (see {@link LearnedActivity}).
 * Only successful calls teach trust; denied ones are remembered to be listed as comments.
 */
export const trustLearnTap: Tap<LearnedActivity> = {
  id: TRUST_LEARN_TAP_ID,
  create: emptyActivity,
  onEvent: (acc, event) => learnEvent(acc, event),
  merge: mergeActivity,
};
