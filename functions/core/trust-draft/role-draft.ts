import { type IamRole, isServiceLinkedRole } from '../iam-roles/iam-role.ts';
import { checkSessionNamePattern } from '../trust/session-name-pattern.ts';
import { formatTrustPolicyNote, parseTrustPolicy } from '../trust-policy/parse-trust-policy.ts';
import { quote } from '../trust-policy/statement-context.ts';
import type { TrustGrant, TrustPolicyNote } from '../trust-policy/trust-policy.ts';
import { principalProblem, roleArnProblem, subjectProblem } from './literal-entry.ts';

/** A draft `roles` entry for one IAM role, with what its trust policy says that the entry cannot. */
export interface RoleDraft {
  readonly arn: string;
  readonly accountId: string;
  readonly serviceLinked: boolean;
  /** Sorted, without duplicates. Empty when the policy lets in no principal a trust file can list. */
  readonly trustedPrincipals: readonly string[];
  readonly oidcSubjects?: readonly string[];
  readonly maxSessionSeconds?: number;
  readonly requireMfa: boolean;
  readonly requireExternalId: boolean;
  readonly requireSourceIdentity: boolean;
  readonly sessionNamePattern?: string;
  readonly sourceCidrs?: readonly string[];
  /** Written only when set (`trust learn`: false for a role no role session assumed). */
  readonly allowChaining?: boolean;
  /** One line each, for YAML comments (and, for warnings, stderr). */
  readonly notes: readonly DraftNote[];
  /** Comment lines right under `- arn:`, before the notes (`trust learn`: what the entry was learned from). */
  readonly comments?: readonly string[];
  /** Comments at the end of value lines: list items by value, settings by trust-file key. */
  readonly lineComments?: DraftLineComments;
  /** Why an entry without principals is only a comment (default: the trust-policy reason of `trust import`). */
  readonly emptyReason?: string;
}

/** The keys of an entry that {@link DraftLineComments.settings} can comment on. */
export type DraftSettingKey =
  | 'trustedPrincipals'
  | 'oidcSubjects'
  | 'maxSessionSeconds'
  | 'requireMfa'
  | 'requireExternalId'
  | 'requireSourceIdentity'
  | 'sessionNamePattern'
  | 'sourceCidrs'
  | 'allowChaining';

export interface DraftLineComments {
  readonly principals?: Readonly<Record<string, string>>;
  readonly oidcSubjects?: Readonly<Record<string, string>>;
  /** When present, `sourceCidrs` is written one network per line. */
  readonly sourceCidrs?: Readonly<Record<string, string>>;
  readonly settings?: Readonly<Partial<Record<DraftSettingKey, string>>>;
}

export interface DraftNote {
  readonly text: string;
  readonly level: 'warning' | 'info';
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

const label = (g: TrustGrant): string =>
  `Statement[${g.statement}]${g.sid === undefined ? '' : ` (Sid "${g.sid}")`}`;

/**
 * An entry holds one set of conditions for all its principals. A requirement is stated only when every
 * statement enforces it: IAM still enforces it where it is set, while stating it for all would flag the
 * principals IAM lets in without it. A requirement some statements carry is a note.
 */
function everyGrant(
  grants: readonly TrustGrant[],
  has: (g: TrustGrant) => boolean,
  what: string,
  notes: DraftNote[],
): boolean {
  const carrying = grants.filter(has);
  if (carrying.length > 0 && carrying.length < grants.length) {
    const without = grants.filter((g) => !has(g)).map(label);
    notes.push({
      level: 'info',
      text:
        `${what} is set by ${carrying.map(label).join(', ')} but not by ${without.join(', ')}; an entry ` +
        'states one set of conditions for all its principals, so it is left out (IAM still enforces it)',
    });
  }
  return grants.length > 0 && carrying.length === grants.length;
}

function combinedPattern(patterns: readonly string[]): string {
  const unique = [...new Set(patterns)];
  return unique.length === 1 ? (unique[0] ?? '') : unique.map((p) => `(?:${p})`).join('|');
}

/** The subjects IAM allows that `oidcSubjects` can hold as written; the others are warnings. */
function statedSubjects(oidcGrants: readonly TrustGrant[], notes: DraftNote[]): string[] {
  const all = sorted(oidcGrants.flatMap((g) => g.conditions.oidcSubjects ?? []));
  const stated = all.filter((s) => {
    const problem = subjectProblem(s);
    if (problem !== undefined) {
      notes.push({
        level: 'warning',
        text: `cannot express: the token subject ${quote(s)} is left out: ${problem}`,
      });
    }
    return problem === undefined;
  });
  if (stated.length === 0) {
    notes.push({
      level: 'warning',
      text: 'oidcSubjects left out: no subject IAM allows can be listed, so the entry does not restrict subjects (IAM still does)',
    });
  }
  return stated;
}

function noteLines(notes: readonly TrustPolicyNote[]): DraftNote[] {
  return notes.map((n) => ({
    level: n.level,
    text: `cannot express: ${formatTrustPolicyNote(n)}${n.widens ? ' [IAM lets in more than any entry can state]' : ''}`,
  }));
}

/** Builds the draft entry of one IAM role from its trust policy and MaxSessionDuration. */
export function draftRole(role: IamRole): RoleDraft {
  const base = { arn: role.arn, accountId: role.accountId, serviceLinked: isServiceLinkedRole(role) };
  const session = role.maxSessionSeconds === undefined ? {} : { maxSessionSeconds: role.maxSessionSeconds };
  const arnProblem = roleArnProblem(role.arn);
  if (arnProblem !== undefined) {
    return {
      ...base,
      ...session,
      trustedPrincipals: [],
      requireMfa: false,
      requireExternalId: false,
      requireSourceIdentity: false,
      notes: [],
      emptyReason: `not listed: ${arnProblem}`,
    };
  }
  const policy = parseTrustPolicy(role.assumeRolePolicyDocument);
  if (!policy.ok) {
    return {
      ...base,
      ...session,
      trustedPrincipals: [],
      requireMfa: false,
      requireExternalId: false,
      requireSourceIdentity: false,
      notes: [{ level: 'warning', text: `cannot read the trust policy: ${policy.error}` }],
    };
  }
  const grants = policy.value.grants;
  const notes = noteLines(policy.value.notes);
  const requireMfa = everyGrant(grants, (g) => g.conditions.requireMfa, 'requireMfa', notes);
  const requireExternalId = everyGrant(
    grants,
    (g) => g.conditions.requireExternalId,
    'requireExternalId',
    notes,
  );
  const requireSourceIdentity = everyGrant(
    grants,
    (g) => g.conditions.requireSourceIdentity,
    'requireSourceIdentity',
    notes,
  );
  const cidrs = everyGrant(grants, (g) => g.conditions.sourceCidrs !== undefined, 'sourceCidrs', notes);
  const names = everyGrant(
    grants,
    (g) => g.conditions.sessionNamePattern !== undefined,
    'sessionNamePattern',
    notes,
  );
  const oidcGrants = grants.filter((g) => g.principals.some((p) => p.kind === 'oidc'));
  const subjects = everyGrant(
    oidcGrants,
    (g) => g.conditions.oidcSubjects !== undefined,
    'oidcSubjects',
    notes,
  );
  if (role.maxSessionSeconds === undefined) {
    notes.push({
      level: 'info',
      text: 'MaxSessionDuration unknown (not in the saved output): maxSessionSeconds left out',
    });
  }
  // Many sts:RoleSessionName values make a pattern the trust file refuses (over 1024 characters): the
  // entry goes without it, saying so, rather than the whole draft failing to validate.
  let sessionNamePattern = names
    ? combinedPattern(grants.flatMap((g) => g.conditions.sessionNamePattern ?? []))
    : undefined;
  const checked = sessionNamePattern === undefined ? undefined : checkSessionNamePattern(sessionNamePattern);
  if (checked !== undefined && !checked.ok) {
    notes.push({
      level: 'warning',
      text: `sessionNamePattern left out: the sts:RoleSessionName values make ${checked.error}; write a shorter pattern by hand`,
    });
    sessionNamePattern = undefined;
  }
  // A principal the trust file would read as another (a wildcard in its path) is left out, never widened.
  const principals = sorted(grants.flatMap((g) => g.principals.map((p) => p.entry))).filter((p) => {
    const problem = principalProblem(p);
    if (problem !== undefined) {
      notes.push({ level: 'warning', text: `cannot express: principal ${quote(p)} is left out: ${problem}` });
    }
    return problem === undefined;
  });
  const oidcSubjects = subjects ? statedSubjects(oidcGrants, notes) : [];
  return {
    ...base,
    trustedPrincipals: principals,
    ...(oidcSubjects.length > 0 ? { oidcSubjects } : {}),
    ...session,
    requireMfa,
    requireExternalId,
    requireSourceIdentity,
    ...(sessionNamePattern === undefined ? {} : { sessionNamePattern }),
    ...(cidrs ? { sourceCidrs: sorted(grants.flatMap((g) => g.conditions.sourceCidrs ?? [])) } : {}),
    notes,
    ...(requireExternalId
      ? { lineComments: { settings: { requireExternalId: 'the value itself is not copied' } } }
      : {}),
  };
}
