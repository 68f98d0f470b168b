import { compileArnLike } from '../arn/arn-like.ts';
import { splitArn } from '../arn/parse-arn.ts';
import type { RuleContext, RuleOutcome, TrustPolicyRule } from '../model/rule.ts';
import type { RoleEntry } from '../model/trust-config.ts';
import type { TrustPolicyEvent } from '../model/trust-policy-event.ts';
import { policyDrifts, sessionDrift } from '../trust-diff/diff-trust.ts';
import type { TrustDrift } from '../trust-diff/trust-drift.ts';
import { formatTrustPolicyNote } from '../trust-policy/parse-trust-policy.ts';
import { NO_MATCH, notApplicable } from './support/applicability.ts';
import { titleValue } from './support/title-text.ts';

const VERBS: Readonly<Record<TrustPolicyEvent['eventName'], string>> = {
  CreateRole: 'created',
  UpdateAssumeRolePolicy: 'changed the trust policy of',
  UpdateRole: 'changed the maximum session duration of',
};

const NO_ROLE = notApplicable('the record does not name the role');
const UNLISTED_IGNORED = notApplicable('no roles entry matches the role, and unlistedRoles is ignore');

/**
 * Entries with a path in their `arn` (`role/service-role/*`, `role/team/Deploy`) that a role known only by
 * name could be under: the same partition, account and name once the path is taken out (a role name is
 * unique in its account, whatever its path).
 */
function pathedCandidates(ctx: RuleContext, roleArn: string): RoleEntry[] {
  return ctx.config.roles.filter((e) => {
    const parts = splitArn(e.arn);
    const resource = parts?.[5] ?? '';
    if (parts === undefined || resource.split('/').length < 3) return false;
    const withoutPath = `arn:${parts[1]}:iam::${parts[4]}:role/${resource.slice(resource.lastIndexOf('/') + 1)}`;
    return compileArnLike(withoutPath)(roleArn);
  });
}

/** The widening drifts of the change against one entry, or as an unlisted role; `undefined`: not judged. */
function driftsAgainst(
  event: TrustPolicyEvent,
  roleArn: string,
  entry: RoleEntry | undefined,
  ctx: RuleContext,
): TrustDrift[] | undefined {
  if (entry === undefined) {
    return ctx.config.defaults.unlistedRoles === 'alert' ? unlistedDrifts(event, roleArn, ctx) : undefined;
  }
  const drifts =
    event.policy === undefined ? [] : policyDrifts(roleArn, event.policy, entry).filter((d) => d.widens);
  if (event.maxSessionSeconds !== undefined) {
    const drift = sessionDrift(roleArn, event.maxSessionSeconds, entry, ctx.config);
    if (drift !== undefined) drifts.push(drift);
  }
  return drifts;
}

const entryName = (e: RoleEntry): string => `${e.arn}${e.line === undefined ? '' : ` (line ${e.line})`}`;

/** What a role with no entry is let in for: everyone its policy names, since no entry trusts anyone. */
function unlistedDrifts(event: TrustPolicyEvent, roleArn: string, ctx: RuleContext): TrustDrift[] {
  const drifts: TrustDrift[] = [];
  const policy = event.policy;
  if (policy !== undefined) {
    if (!policy.ok) {
      drifts.push({
        kind: 'unreadable-policy',
        widens: true,
        roleArn,
        message: `The new trust policy could not be read (${policy.error}); it may let in anyone.`,
      });
    } else {
      const principals = [...new Set(policy.value.grants.flatMap((g) => g.principals.map((p) => p.entry)))];
      if (principals.length > 0) {
        drifts.push({
          kind: 'unlisted-role',
          widens: true,
          roleArn,
          principals,
          message: `The trust policy lets in ${principals.join(', ')}; no entry matches the role.`,
          expected: 'a roles entry for the role (unlistedRoles: alert)',
          actual: `lets in ${principals.join(', ')}`,
        });
      }
      for (const note of policy.value.notes.filter((n) => n.widens)) {
        drifts.push({
          kind: 'unstatable-grant',
          widens: true,
          roleArn,
          message: `${formatTrustPolicyNote(note)}.`,
        });
      }
    }
  }
  if (event.maxSessionSeconds !== undefined) {
    const drift = sessionDrift(roleArn, event.maxSessionSeconds, undefined, ctx.config);
    if (drift !== undefined) drifts.push(drift);
  }
  return drifts;
}

/** `expected`/`actual` of one drift, for the finding's evidence. */
function describeDrift(d: TrustDrift): { expected: string; actual: string } {
  switch (d.kind) {
    case 'untrusted-principal':
      return {
        expected: `trusted principals: ${d.expected?.replace(/^one of: /, '') ?? ''}`,
        actual: `lets in ${d.actual ?? ''}`,
      };
    case 'missing-condition':
      return {
        expected: `${d.condition ?? 'a condition'}: ${d.expected ?? ''}`,
        actual: `${(d.principals ?? []).join(', ')}: ${d.actual ?? ''}`,
      };
    case 'session-too-long':
    case 'unlisted-role':
      return { expected: d.expected ?? '', actual: d.actual ?? '' };
    default:
      return { expected: 'a policy a trust file can state', actual: d.message };
  }
}

function evidenceOf(drifts: readonly TrustDrift[], event: TrustPolicyEvent, pathNote: string | undefined) {
  const parts = drifts.map(describeDrift);
  const notes: string[] = [];
  if (event.role?.pathFromTrustFile === true) {
    notes.push(
      `the record names the role without its path; the entry naming it exactly gives ${event.role.arn}`,
    );
  } else if (pathNote !== undefined) {
    notes.push(pathNote);
  }
  if (event.maxSessionSecondsDefaulted && drifts.some((d) => d.kind === 'session-too-long')) {
    notes.push('the request set no MaxSessionDuration: IAM gives the role 3600 s');
  }
  return {
    expected: [...new Set(parts.map((p) => p.expected))].join('; '),
    actual: parts.map((p) => p.actual).join('; '),
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}

function judge(event: TrustPolicyEvent, ctx: RuleContext): RuleOutcome {
  if (!event.success) {
    return notApplicable(`failed call (${event.errorCode ?? 'error'}): the role was not changed`);
  }
  const role = event.role;
  if (role === undefined) return NO_ROLE;
  if (event.policy === undefined && event.maxSessionSeconds === undefined) {
    return notApplicable(
      event.eventName === 'UpdateRole'
        ? 'UpdateRole without maxSessionDuration: neither the trust policy nor the session limit changes'
        : `the record does not carry the new trust policy (requestParameters.${event.eventName === 'CreateRole' ? 'assumeRolePolicyDocument' : 'policyDocument'})`,
    );
  }
  const entry = ctx.roleEntry;
  const atRoot = driftsAgainst(event, role.arn, entry, ctx);
  // Known only by name, with no entry naming it exactly: it may be under any entry with a path that fits
  // its name. Reported only when every entry it could fall under (and the one for no path) finds the change
  // wider: what it is let in for then exceeds the trust file whatever its path.
  const pathed = role.pathKnown ? [] : pathedCandidates(ctx, role.arn);
  let pathNote: string | undefined;
  if (pathed.length > 0) {
    const under = pathed.map((e) => driftsAgainst(event, role.arn, e, ctx));
    const names = pathed.map(entryName).join(', ');
    const rootName =
      entry === undefined ? 'the role as unlisted, at no path' : `the entry ${entryName(entry)}, at no path`;
    if ([atRoot, ...under].some((d) => d === undefined || d.length === 0)) {
      return notApplicable(
        `the record names the role without its path, no entry names it exactly, and it may be under ${names}: ` +
          `the change is not wider under every entry that could apply (those, and ${rootName})`,
      );
    }
    pathNote =
      `the record names the role without its path and no entry names it exactly: judged against every entry ` +
      `it could fall under (${names}), and ${rootName}; each finds it wider`;
  } else if (!role.pathKnown) {
    pathNote = `the record names the role without its path; the entry that applies to ${role.arn} was used`;
  }
  if (atRoot === undefined) return UNLISTED_IGNORED;
  const first = atRoot[0];
  if (first === undefined) return NO_MATCH;
  const name = titleValue(role.name ?? role.arn);
  return {
    status: 'match',
    title: `${titleValue(event.actor.display)} ${VERBS[event.eventName]} role ${name}, which now lets in more than the trust file allows: ${first.message}`,
    evidence: evidenceOf(atRoot, event, pathNote),
  };
}

export const rule: TrustPolicyRule = {
  id: 'trust-policy-changed',
  judges: 'trust-policy',
  defaultSeverity: 'high',
  title: "A role's trust policy or session limit was changed to let in more than the trust file allows.",
  description:
    'An IAM CreateRole, UpdateAssumeRolePolicy or UpdateRole (eventSource `iam.amazonaws.com`) whose new ' +
    "trust policy lets in a principal the role's entry does not trust, drops a condition the entry requires " +
    '(`requireMfa`, `requireExternalId`, `requireSourceIdentity`, `sourceCidrs`, `sessionNamePattern`, ' +
    '`oidcSubjects`), lets in what no entry can state (`"*"`, `NotPrincipal`) or cannot be read, or whose ' +
    "`maxSessionDuration` exceeds the entry's `maxSessionSeconds` (else `defaults.maxSessionSeconds`; a " +
    "CreateRole without one gets IAM's 3600 s). A role that matches no entry fires when `unlistedRoles` is " +
    '`alert`. The new policy is judged against the trust file, not against the old policy: a change that ' +
    'stays within the entry (a narrowing, a no-op) does not fire. The update calls name the role without ' +
    'its path: an entry naming the role exactly (same account and name, any path, as `trust import` writes ' +
    'them) gives its ARN; otherwise the entry that applies to `arn:…:role/NAME` is used, and when entries ' +
    'with a path (`role/service-role/*`) could apply too, the change fires only if every one of them (and ' +
    'the entry for no path, or the role as unlisted) finds it wider. Failed calls change nothing.',
  remediation:
    'Find out who changed the role and why. If the new trust is intended, add it to the trust file ' +
    '(`rolewatch trust learn --merge`, or edit the entry); otherwise restore the previous trust policy ' +
    '(UpdateAssumeRolePolicy) or MaxSessionDuration and review the sessions issued on the role since.',
  references: [
    'MITRE ATT&CK T1098.003 Account Manipulation: Additional Cloud Roles',
    'MITRE ATT&CK T1484 Domain or Tenant Policy Modification',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html',
  ],
  stateful: false,
  judgesGrant: false,
  noMatchReason:
    "the new trust policy and session limit stay within the role's entry (a role with no entry: they let nobody in)",
  evaluate: judge,
};
