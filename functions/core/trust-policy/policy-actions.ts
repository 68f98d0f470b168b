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

/** IAM action names are case-insensitive; `*` and `?` are wildcards. */
function actionMatcher(pattern: string): (action: string) => boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.+()[\]{}|]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}$`, 'i');
  return (action) => re.test(action);
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
