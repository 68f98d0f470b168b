import { compileWildcard } from '../arn/wildcard.ts';
import { addNote, quote, type StatementContext, stringList } from './statement-context.ts';
import { ASSUME_ACTIONS, type AssumeAction } from './trust-policy.ts';

/** Actions that go with assuming a role and let nobody in by themselves. */
const COMPANIONS = ['TagSession', 'SetSourceIdentity', 'SetContext'];
/** The other STS actions, so that a wildcard can be told apart from one that covers only role actions. */
const OTHER_STS = [
  'AssumeRoot',
  'DecodeAuthorizationMessage',
  'GetAccessKeyInfo',
  'GetCallerIdentity',
  'GetDelegatedAccessToken',
  'GetFederationToken',
  'GetServiceBearerToken',
  'GetSessionToken',
];

/** ASCII letters in lower case, every other character as it is. */
const asciiLower = (s: string): string => s.replace(/[A-Z]+/g, (run) => run.toLowerCase());

/**
 * IAM action names are case-insensitive; `*` and `?` are wildcards. Matched without a regular expression:
 * the pattern comes from a policy in a record anyone can forge, and a backtracking `^.*.….*$` took 8 s
 * for a 1,000-character `Action` of `?*?*…` (one of 40,000 characters was too large to compile: it
 * threw). The names matched are ASCII, so folding only ASCII letters compares as JavaScript's
 * case-insensitive expressions did: a non-ASCII character never matched an ASCII one.
 */
function actionMatcher(pattern: string): (action: string) => boolean {
  const matches = compileWildcard(asciiLower(pattern), { questionMark: true });
  return (action) => matches(asciiLower(action));
}

const sts = (names: readonly string[]): string[] => names.map((n) => `sts:${n}`);

/** The assume actions an `Action` value grants; a value that covers other actions too is a note. */
function grantedBy(value: string, ctx: StatementContext): AssumeAction[] {
  const matches = actionMatcher(value);
  const granted = ASSUME_ACTIONS.filter((a) => matches(`sts:${a}`));
  const companion = sts(COMPANIONS).some(matches);
  const other = sts(OTHER_STS).filter(matches);
  const wild = /[*?]/.test(value);
  if (granted.length === 0 && !companion) {
    addNote(
      ctx,
      'unsupported-action',
      `Action ${quote(value)} is not a role-trust action (sts:AssumeRole, …WithSAML, …WithWebIdentity, ` +
        'sts:TagSession, sts:SetSourceIdentity); it is not read',
    );
  } else if (wild && (other.length > 0 || !value.toLowerCase().startsWith('sts:'))) {
    addNote(
      ctx,
      'unsupported-action',
      `Action ${quote(value)} covers more than the role-trust actions; read as granting ` +
        `${granted.map((a) => `sts:${a}`).join(', ') || 'no assume action'}`,
    );
  }
  return granted;
}

/**
 * The assume actions an Allow statement grants, from `Action` or `NotAction` (everything it does not
 * name). A statement that names only companions (`sts:TagSession`) grants none, without a note.
 */
export function parseActions(statement: Record<string, unknown>, ctx: StatementContext): AssumeAction[] {
  if (statement.NotAction !== undefined) {
    const { values } = stringList(statement.NotAction);
    const excluded = values.map(actionMatcher);
    const granted = ASSUME_ACTIONS.filter((a) => !excluded.some((m) => m(`sts:${a}`)));
    addNote(
      ctx,
      'not-action',
      `NotAction ${values.map((v) => quote(v)).join(', ')} allows every other action; read as granting ` +
        `${granted.map((a) => `sts:${a}`).join(', ') || 'no assume action'}`,
    );
    return granted;
  }
  if (statement.Action === undefined) {
    addNote(ctx, 'malformed-statement', 'the statement has no Action; it grants nothing');
    return [];
  }
  const { values, invalid } = stringList(statement.Action);
  if (invalid) addNote(ctx, 'malformed-statement', 'Action holds a value that is not a string');
  const granted = new Set<AssumeAction>();
  for (const v of values) for (const a of grantedBy(v.trim(), ctx)) granted.add(a);
  return ASSUME_ACTIONS.filter((a) => granted.has(a));
}
