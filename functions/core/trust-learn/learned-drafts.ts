import { roleArnProblem, subjectProblem } from '../trust-draft/literal-entry.ts';
import type { DraftNote, RoleDraft } from '../trust-draft/role-draft.ts';
import { DEFAULT_SESSION_SECONDS, type RoleActivity, type Seen, type SeenTable } from './learned-activity.ts';
import { accountOfEntry, hasSecret } from './learned-principal.ts';
import { learnedNamePattern } from './session-name-shape.ts';

/** STS session limits (the trust file refuses others). */
const MIN_SESSION_SECONDS = 900;
const MAX_SESSION_SECONDS = 43_200;
/** `maxSessionSeconds` is the longest session seen, rounded up to this. */
const SESSION_STEP_SECONDS = 900;
/** More networks than this is not a network restriction worth stating. */
export const MAX_LEARNED_NETWORKS = 8;
/** More subjects than this is a pattern the reviewer should write (`repo:acme/*`). */
export const MAX_LEARNED_SUBJECTS = 20;

/**
 * A token subject `oidcSubjects` can hold literally: no '*' (a wildcard there), and held as written (not
 * empty, no spaces around it, within the length limit).
 */
export const subjectStatable = (subject: string): boolean =>
  !subject.includes('*') && subjectProblem(subject) === undefined;
/** A record value quoted in a note, cut to a length a reader can take in. */
const clipped = (value: string): string => (value.length > 200 ? `${value.slice(0, 200)}…` : value);

const ROLE_ARN = /^arn:[a-z0-9-]+:iam::[0-9]{12}:role\/[\w+=,.@/-]+$/;
/**
 * A role ARN from the records that an entry can hold: a role ARN, literally (no wildcard, within the
 * length an entry takes: any caller can send a longer RoleArn), with no credential in it.
 */
export const usableRoleArn = (arn: string): boolean =>
  ROLE_ARN.test(arn) && roleArnProblem(arn) === undefined && !hasSecret(arn);

/** `2026-11-01T08:00:00Z`: whole seconds, as CloudTrail writes times. */
export function isoTime(ms: number): string {
  return ms < 0 ? 'an unknown time' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const calls = (n: number): string => `${n} call${n === 1 ? '' : 's'}`;
export const seenText = (s: Seen): string => `${calls(s.count)}, last ${isoTime(s.lastMs)}`;

export const sortedKeys = (table: SeenTable): string[] => [...table.keys()].sort();
const commentsOf = (table: SeenTable, keys: readonly string[]): Record<string, string> =>
  Object.fromEntries(keys.map((k) => [k, seenText(table.get(k) ?? { count: 0, lastMs: -1 })]));

export const isServiceLinkedArn = (arn: string): boolean => arn.includes(':role/aws-service-role/');

/** What one role's activity teaches: its draft entry, and the warnings to print. */
export interface LearnedRole {
  readonly draft: RoleDraft;
  readonly warnings: readonly string[];
  /** Accounts known only from the role owner's copies of their calls: never listed (see principalsOf). */
  readonly unlistedAccounts: ReadonlySet<string>;
  readonly activity: RoleActivity;
}

function principalsOf(role: RoleActivity, notes: DraftNote[], comments: string[]) {
  const principals = sortedKeys(role.principals);
  const lineComments = commentsOf(role.principals, principals);
  const namedAccounts = new Set(principals.map(accountOfEntry).filter((a) => a !== undefined));
  const unlistedAccounts: string[] = [];
  for (const account of sortedKeys(role.accounts)) {
    const seen = role.accounts.get(account) ?? { count: 0, lastMs: -1 };
    if (namedAccounts.has(account)) {
      comments.push(
        `the role owner's copies of ${calls(seen.count)} from ${account} are matched by the principals of that account below`,
      );
      continue;
    }
    // Only the account of the caller is known: listing it would trust every principal of an account
    // whose trail was not read, on the word of calls nobody can attribute. A reviewer adds it by hand.
    unlistedAccounts.push(account);
    notes.push({
      level: 'warning',
      text:
        `${seenText(seen)} from account ${account}, known only from the role owner's copy of a cross-account ` +
        `call: not listed, since "${account}" would trust every principal of that account; read its trail ` +
        'to name the caller, or add the account by hand if you trust all of it',
    });
  }
  for (const label of sortedKeys(role.unnamed)) {
    notes.push({
      level: 'warning',
      text: `${seenText(role.unnamed.get(label) ?? { count: 0, lastMs: -1 })} by ${label}, which no trustedPrincipals entry can name: not listed`,
    });
  }
  return { principals, lineComments, unlistedAccounts: new Set(unlistedAccounts) };
}

function requirement(
  role: RoleActivity,
  met: number,
  key: string,
  what: string,
  notes: DraftNote[],
): string | undefined {
  if (role.calls > 0 && met === role.calls) return `every one of the ${calls(role.calls)} ${what}`;
  if (met > 0) notes.push({ level: 'info', text: `${met} of ${calls(role.calls)} ${what}: ${key} left out` });
  return undefined;
}

function sessionLimit(role: RoleActivity, notes: DraftNote[]) {
  if (role.calls === role.serviceCalls) return {};
  const longest = role.longestSeconds;
  const rounded = Math.ceil(longest / SESSION_STEP_SECONDS) * SESSION_STEP_SECONDS;
  const limit = Math.min(MAX_SESSION_SECONDS, Math.max(MIN_SESSION_SECONDS, rounded));
  if (rounded > MAX_SESSION_SECONDS) {
    notes.push({
      level: 'warning',
      text: `a session of ${longest} s was seen, longer than STS grants (${MAX_SESSION_SECONDS} s): check the record`,
    });
  }
  if (limit > DEFAULT_SESSION_SECONDS) {
    // Above the default, the limit is set by the longest sessions alone: one outlier (a stolen key
    // asking for 12 hours) would make itself the role's limit. Stated, so the reviewer checks it.
    const others = role.calls - role.serviceCalls;
    notes.push({
      level: 'warning',
      text:
        `maxSessionSeconds ${limit} is above the default ${DEFAULT_SESSION_SECONDS} s because ${role.longCalls} of ` +
        `${calls(others)} asked for longer sessions (longest ${longest} s): check them, or lower it`,
    });
  }
  return {
    maxSessionSeconds: limit,
    comment: `longest session seen: ${longest} s, rounded up to 15 minutes`,
  };
}

function networksOf(role: RoleActivity, notes: DraftNote[]) {
  const bad = sortedKeys(role.badAddresses);
  if (bad.length > 0) {
    notes.push({
      level: 'warning',
      text: `calls from ${bad.map((b) => `"${b}"`).join(', ')}, which ${bad.length === 1 ? 'is' : 'are'} not an IP address: sourceCidrs left out (source-ip-not-allowed would report every such call)`,
    });
    return undefined;
  }
  const networks = sortedKeys(role.networks);
  if (networks.length === 0) return undefined;
  if (networks.length > MAX_LEARNED_NETWORKS) {
    notes.push({
      level: 'info',
      text: `calls came from ${networks.length} networks (/24 or /48): sourceCidrs left out`,
    });
    return undefined;
  }
  return { sourceCidrs: networks, comments: commentsOf(role.networks, networks) };
}

function subjectsOf(role: RoleActivity, notes: DraftNote[]) {
  if (role.webIdentityCalls === 0) return undefined;
  if (role.subjectlessCalls > 0) {
    notes.push({
      level: 'info',
      text: `${calls(role.subjectlessCalls)} with a web identity token whose subject the record does not show: oidcSubjects left out`,
    });
    return undefined;
  }
  const all = sortedKeys(role.subjects);
  const secretShaped = all.filter(hasSecret);
  if (secretShaped.length > 0) {
    notes.push({
      level: 'warning',
      text: `${secretShaped.length} token subject(s) shaped like a credential left out of oidcSubjects`,
    });
  }
  // oidcSubjects reads '*' as "anything": a subject holding one would trust far more than the token
  // that was seen, and cannot be written literally. One longer than the trust file accepts would make
  // the whole draft invalid. Both are left out; oidc-subject-unexpected then reports those calls.
  const unstatable = all.filter((s) => !hasSecret(s) && !subjectStatable(s));
  for (const s of unstatable) {
    notes.push({
      level: 'warning',
      text: s.includes('*')
        ? `the token subject "${clipped(s)}" holds '*', which oidcSubjects reads as "anything": left out (oidc-subject-unexpected reports its calls)`
        : `the token subject "${clipped(s)}" is left out: ${subjectProblem(s)} (oidc-subject-unexpected reports its calls)`,
    });
  }
  const subjects = all.filter((s) => !hasSecret(s) && subjectStatable(s));
  if (subjects.length === 0) {
    if (all.length > 0) {
      notes.push({
        level: 'warning',
        text: 'no token subject seen can be listed: oidcSubjects left out, so the entry does not restrict subjects; write them by hand',
      });
    }
    return undefined;
  }
  if (subjects.length > MAX_LEARNED_SUBJECTS) {
    notes.push({
      level: 'info',
      text: `${subjects.length} token subjects: oidcSubjects left out (write a pattern such as "repo:ORG/*")`,
    });
    return undefined;
  }
  return { oidcSubjects: subjects, comments: commentsOf(role.subjects, subjects) };
}

/** The draft entry `trust learn` writes for one role assumed at least once successfully. */
export function learnRole(role: RoleActivity): LearnedRole {
  const notes: DraftNote[] = [];
  const comments = [
    `learned from ${calls(role.calls)} that succeeded, ${isoTime(role.firstMs)} to ${isoTime(role.lastMs)}` +
      (role.serviceCalls > 0 ? ` (${role.serviceCalls} by AWS services)` : ''),
    ...sortedKeys(role.denied).map(
      (d) => `denied: ${seenText(role.denied.get(d) ?? { count: 0, lastMs: -1 })}: ${d}`,
    ),
  ];
  const { principals, lineComments, unlistedAccounts } = principalsOf(role, notes, comments);
  if (role.dropped > 0) {
    notes.push({
      level: 'warning',
      text: `${calls(role.dropped)} not listed: more than 500 distinct callers, networks or subjects were seen`,
    });
  }
  const session = sessionLimit(role, notes);
  const mfa = requirement(role, role.mfaCalls, 'requireMfa', 'carried MFA', notes);
  const externalId = requirement(
    role,
    role.externalIdCalls,
    'requireExternalId',
    'carried an ExternalId',
    notes,
  );
  const sourceIdentity = requirement(
    role,
    role.sourceIdentityCalls,
    'requireSourceIdentity',
    'carried a source identity',
    notes,
  );
  const learned = learnedNamePattern(role.names);
  if ('reason' in learned && role.names.names > 0) {
    notes.push({ level: 'info', text: `no sessionNamePattern: ${learned.reason}` });
  }
  const networks = networksOf(role, notes);
  const subjects = subjectsOf(role, notes);
  const chaining = role.chainedCalls === 0 ? false : undefined;
  if (role.chainedCalls > 0) comments.push(`${calls(role.chainedCalls)} by role sessions (role chaining)`);
  const names = role.names;
  const draft: RoleDraft = {
    arn: role.roleArn,
    accountId: accountOfEntry(role.roleArn) ?? '',
    serviceLinked: isServiceLinkedArn(role.roleArn),
    trustedPrincipals: principals,
    ...(subjects === undefined ? {} : { oidcSubjects: subjects.oidcSubjects }),
    ...(session.maxSessionSeconds === undefined ? {} : { maxSessionSeconds: session.maxSessionSeconds }),
    requireMfa: mfa !== undefined,
    requireExternalId: externalId !== undefined,
    requireSourceIdentity: sourceIdentity !== undefined,
    ...('pattern' in learned ? { sessionNamePattern: learned.pattern } : {}),
    ...(networks === undefined ? {} : { sourceCidrs: networks.sourceCidrs }),
    ...(chaining === undefined ? {} : { allowChaining: chaining }),
    notes,
    comments,
    emptyReason: 'not listed: no caller of this role could be named (see below)',
    lineComments: {
      principals: lineComments,
      ...(subjects === undefined ? {} : { oidcSubjects: subjects.comments }),
      ...(networks === undefined ? {} : { sourceCidrs: networks.comments }),
      settings: {
        ...(session.comment === undefined ? {} : { maxSessionSeconds: session.comment }),
        ...(mfa === undefined ? {} : { requireMfa: mfa }),
        ...(externalId === undefined ? {} : { requireExternalId: `${externalId} (the value is never read)` }),
        ...(sourceIdentity === undefined ? {} : { requireSourceIdentity: sourceIdentity }),
        ...('pattern' in learned
          ? {
              sessionNamePattern: `${names.names} name${names.names === 1 ? '' : 's'} of ${names.minChars === names.maxChars ? names.minChars : `${names.minChars}–${names.maxChars}`} characters`,
            }
          : {}),
        ...(chaining === undefined ? {} : { allowChaining: 'no role session assumed it' }),
      },
    },
  };
  const warnings = notes.filter((n) => n.level === 'warning').map((n) => `${role.roleArn}: ${n.text}`);
  return { draft, warnings, unlistedAccounts, activity: role };
}
