import { type Document, isSeq, LineCounter, parseDocument, type YAMLSeq } from 'yaml';
import { compileArnLike } from '../arn/arn-like.ts';
import { splitArn } from '../arn/parse-arn.ts';
import { err, ok, type Result } from '../model/result.ts';
import type { RoleEntry, TrustConfig } from '../model/trust-config.ts';
import { compileTrustsAccount } from '../trust/match-principal.ts';
import { parsePrincipalMatcher } from '../trust/principal-matcher.ts';
import { locate } from '../trust/yaml-positions.ts';
import { cidrWithin, subjectCovers } from '../trust-diff/condition-coverage.ts';
import { coveringMatcher } from '../trust-diff/principal-coverage.ts';
import type { RoleDraft } from '../trust-draft/role-draft.ts';
import { roleDraftLines, withLineComment } from '../trust-draft/role-draft-lines.ts';
import { yamlComment, yamlString } from '../trust-draft/yaml-text.ts';
import type { TrustPrincipal } from '../trust-policy/trust-policy.ts';
import { type LearnedRole, MAX_LEARNED_NETWORKS } from './learned-drafts.ts';

/** One addition `--merge` makes, for the summary on stderr. */
export interface LearnedAddition {
  readonly kind: 'entry' | 'trustedPrincipals' | 'oidcSubjects' | 'sourceCidrs';
  readonly roleArn: string;
  /** The entry that applies to the role (its `arn` and line), for additions to an existing entry. */
  readonly entry?: { readonly arn: string; readonly line?: number };
  readonly values: readonly string[];
}

export interface MergedTrust {
  /** The trust file with the additions; the same text when there is nothing to add. */
  readonly text: string;
  readonly additions: readonly LearnedAddition[];
  /** What the trail shows that `--merge` does not change (it only adds): one line each. */
  readonly notes: readonly string[];
}

type ListKey = 'trustedPrincipals' | 'oidcSubjects' | 'sourceCidrs';

interface Edit {
  readonly offset: number;
  readonly remove: number;
  readonly insert: string;
}

/** A `trustedPrincipals` string as the IAM principal it names (the form trust-diff's coverage compares). */
function asTrustPrincipal(entry: string): TrustPrincipal | undefined {
  const parsed = parsePrincipalMatcher(entry);
  if (!parsed.ok) return undefined;
  const m = parsed.value;
  switch (m.kind) {
    case 'account':
      return { kind: 'account', entry, accountId: m.accountId };
    case 'role':
    case 'principal': {
      const parts = splitArn(entry);
      const type = parts?.[5]?.split('/')[0];
      const kind =
        m.kind === 'role' ? 'role' : type === 'assumed-role' || type === 'federated-user' ? type : 'user';
      return { kind, entry, arn: entry, accountId: parts?.[4] ?? '' };
    }
    case 'service':
      return { kind: 'service', entry, service: m.service };
    case 'saml':
      return { kind: 'saml', entry, providerArn: m.providerArnPattern };
    case 'oidc':
      return { kind: 'oidc', entry, providerHost: m.providerHost };
  }
}

function principalCovered(entry: RoleEntry, principal: string, roleArn: string): boolean {
  const p = asTrustPrincipal(principal);
  return p !== undefined && coveringMatcher(entry, p, roleArn) !== undefined;
}

const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;
const lineEnd = (text: string, offset: number): number => {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
};
const indentAt = (text: string, offset: number): string =>
  /^[ \t]*/.exec(text.slice(lineStart(text, offset)))?.[0] ?? '';

/**
 * Items added to a list: a block list gets lines after its last item (at that item's indentation, each
 * with its comment), a flow list gets the values before its `]`.
 */
function addItems(
  text: string,
  seq: YAMLSeq,
  values: readonly string[],
  comments: Readonly<Record<string, string | undefined>>,
): Edit {
  const range = seq.range ?? [0, 0, 0];
  if (seq.flow === true) {
    const close = text.lastIndexOf(']', range[1]);
    const sep = seq.items.length === 0 ? '' : ', ';
    return { offset: close, remove: 0, insert: `${sep}${values.map(yamlString).join(', ')}` };
  }
  const last = seq.items.at(-1) as { range?: [number, number, number] } | undefined;
  const itemStart = last?.range?.[0] ?? range[0];
  const dash = text.lastIndexOf('-', itemStart);
  const indent = indentAt(text, dash);
  const after = lineEnd(text, Math.max((last?.range?.[1] ?? range[1]) - 1, dash));
  const lines = values.map((v) => withLineComment(`${indent}- ${yamlString(v)}`, comments[v]));
  // The last line of a file without a final line break: the items go on lines of their own, not onto
  // it (where a comment at its end would take them in).
  const lineBreak = after === text.length && !text.endsWith('\n') ? '\n' : '';
  return { offset: after, remove: 0, insert: `${lineBreak}${lines.join('\n')}\n` };
}

/** New entries after the last roles item, shifted to the file's indentation of roles items. */
function addEntries(text: string, doc: Document, drafts: readonly RoleDraft[]): Result<Edit, string> {
  const lines = [
    '',
    yamlComment(
      '  ',
      'Roles no entry matched, learned from activity (rolewatch trust learn --merge): review them.',
    ),
    ...drafts.flatMap((d) => ['', ...roleDraftLines(d)]),
  ];
  const roles = locate(doc, ['roles']);
  if (!roles.found || !isSeq(roles.node)) {
    if (roles.found) return err('`roles` is not a list');
    const tail = text.endsWith('\n') || text === '' ? '' : '\n';
    return ok({ offset: text.length, remove: 0, insert: `${tail}roles:\n${lines.slice(1).join('\n')}\n` });
  }
  const seq = roles.node;
  if (seq.flow === true) {
    if (seq.items.length > 0)
      return err('`roles` is written as a flow list ([...]); write it as a block list to merge');
    const range = seq.range ?? [0, 0, 0];
    // `roles: []` becomes `roles:` followed by the entries.
    const start = text.lastIndexOf('[', range[0]);
    const end = text.indexOf(']', start) + 1;
    return ok({ offset: start, remove: end - start, insert: `\n${lines.slice(1).join('\n')}` });
  }
  const last = seq.items.at(-1) as { range?: [number, number, number] } | undefined;
  const first = seq.items[0] as { range?: [number, number, number] } | undefined;
  const dash = text.lastIndexOf('-', first?.range?.[0] ?? 0);
  const shift = indentAt(text, dash).length - 2;
  const shifted = lines.map((l) =>
    l === '' ? l : shift >= 0 ? `${' '.repeat(shift)}${l}` : l.slice(-shift),
  );
  const end = last?.range?.[1] ?? seq.range?.[1] ?? text.length;
  const after = lineEnd(text, Math.max(end - 1, 0));
  return ok({ offset: after, remove: 0, insert: `${shifted.join('\n')}\n` });
}

function seqAt(doc: Document, path: readonly (string | number)[]): YAMLSeq | undefined {
  const found = locate(doc, path);
  return found.found && isSeq(found.node) ? found.node : undefined;
}

/**
 * Applied from the end of the text back. Edits at one offset end up in the order they were made: the
 * items added to a list that ends the file come before the entries added after it, not inside them.
 */
const applyEdits = (text: string, edits: readonly Edit[]): string =>
  edits
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => b.edit.offset - a.edit.offset || b.order - a.order)
    .reduce((t, { edit: e }) => `${t.slice(0, e.offset)}${e.insert}${t.slice(e.offset + e.remove)}`, text);

const entryRef = (e: RoleEntry) => ({ arn: e.arn, ...(e.line === undefined ? {} : { line: e.line }) });

/**
 * What a trail teaches that a trust file lacks, added to the file's own text (`trust learn --merge`):
 * entries for roles no entry matches (after the last entry, so that no earlier entry changes meaning),
 * and, on the entry that applies to a role, the callers it does not trust and, where the entry restricts
 * them, token subjects and networks it does not list. Nothing is removed or narrowed, and no limit is
 * raised: sessions longer than allowed, or calls without a required condition, are notes (scan reports
 * them as findings).
 */
export function mergeLearned(
  text: string,
  config: TrustConfig,
  learned: readonly LearnedRole[],
): Result<MergedTrust, string> {
  const doc = parseDocument(text, { lineCounter: new LineCounter(), keepSourceTokens: false });
  const edits: Edit[] = [];
  const additions: LearnedAddition[] = [];
  const notes: string[] = [];
  const newEntries: RoleDraft[] = [];
  const sorted = [...learned].sort((a, b) =>
    a.draft.arn < b.draft.arn ? -1 : a.draft.arn > b.draft.arn ? 1 : 0,
  );
  // Values to add per list of an existing entry (several roles may share a wildcard entry), with comments.
  const pending = new Map<
    string,
    { index: number; key: ListKey; values: Map<string, string | undefined>; roles: Set<string> }
  >();
  const add = (
    index: number,
    key: ListKey,
    roleArn: string,
    values: readonly string[],
    comments?: Readonly<Record<string, string>>,
  ) => {
    const entry = config.roles[index];
    if (values.length === 0 || entry === undefined) return;
    const id = `${index}|${key}`;
    const list = pending.get(id) ?? { index, key, values: new Map(), roles: new Set() };
    pending.set(id, list);
    list.roles.add(roleArn);
    const on = entry.arn === roleArn ? '' : ` on ${roleArn.slice(roleArn.lastIndexOf('/') + 1)}`;
    for (const v of values) {
      const c = comments?.[v];
      if (!list.values.has(v)) list.values.set(v, c === undefined ? undefined : `learned${on}: ${c}`);
    }
  };
  for (const { draft, activity, unlistedAccounts } of sorted) {
    if (draft.trustedPrincipals.length === 0) continue;
    const index = config.roles.findIndex((e) => compileArnLike(e.arn)(draft.arn));
    const entry = config.roles[index];
    if (entry === undefined) {
      newEntries.push(draft);
      additions.push({ kind: 'entry', roleArn: draft.arn, values: draft.trustedPrincipals });
      continue;
    }
    add(
      index,
      'trustedPrincipals',
      draft.arn,
      draft.trustedPrincipals.filter((p) => !principalCovered(entry, p, draft.arn)),
      draft.lineComments?.principals,
    );
    // As untrusted-principal judges the role owner's copy of a call: any principal of the account will do.
    const trustsAccount = compileTrustsAccount(entry.trustedPrincipals);
    for (const account of [...unlistedAccounts].filter((a) => !trustsAccount(a))) {
      notes.push(
        `${draft.arn}: calls from account ${account}, known only from the role owner's copies, are not added (it would trust the whole account); untrusted-principal reports them`,
      );
    }
    if (
      entry.oidcSubjects !== undefined &&
      draft.oidcSubjects === undefined &&
      activity.webIdentityCalls > 0
    ) {
      notes.push(
        `${draft.arn}: no token subject is added (too many, unknown, or not listable; see the warnings above); oidc-subject-unexpected reports those oidcSubjects does not match`,
      );
    }
    if (entry.oidcSubjects !== undefined && draft.oidcSubjects !== undefined) {
      const patterns = entry.oidcSubjects;
      add(
        index,
        'oidcSubjects',
        draft.arn,
        draft.oidcSubjects.filter((s) => !patterns.some((p) => subjectCovers(p, s))),
        draft.lineComments?.oidcSubjects,
      );
    }
    if (entry.sourceCidrs !== undefined) {
      const blocks = entry.sourceCidrs;
      const outside = [...activity.networks.keys()].sort().filter((n) => !cidrWithin(blocks, n));
      // As a fresh draft states no sourceCidrs beyond MAX_LEARNED_NETWORKS networks, --merge does not
      // widen an entry's restriction by more: that many new networks is no restriction worth keeping.
      if (outside.length > MAX_LEARNED_NETWORKS) {
        notes.push(
          `${draft.arn}: calls came from ${outside.length} networks outside sourceCidrs; none is added (more than ${MAX_LEARNED_NETWORKS}), source-ip-not-allowed reports them`,
        );
      } else add(index, 'sourceCidrs', draft.arn, outside, draft.lineComments?.sourceCidrs);
    }
    const limit = entry.maxSessionSeconds ?? config.defaults.maxSessionSeconds;
    if (activity.calls > activity.serviceCalls && activity.longestSeconds > limit) {
      notes.push(
        `${draft.arn}: sessions of up to ${activity.longestSeconds} s were seen; maxSessionSeconds ${limit} is not raised (session-too-long reports them)`,
      );
    }
    for (const [key, met, rule] of [
      ['requireMfa', activity.mfaCalls, 'mfa-missing'],
      ['requireExternalId', activity.externalIdCalls, 'external-id-missing'],
      ['requireSourceIdentity', activity.sourceIdentityCalls, 'source-identity-missing'],
    ] as const) {
      if (entry[key] && met < activity.calls) {
        notes.push(
          `${draft.arn}: ${activity.calls - met} of ${activity.calls} calls without what ${key} requires; left as is (${rule} reports them)`,
        );
      }
    }
  }
  for (const list of pending.values()) {
    const seq = seqAt(doc, ['roles', list.index, list.key]);
    const entry = config.roles[list.index];
    if (seq === undefined || entry === undefined) continue;
    const values = [...list.values.keys()];
    edits.push(addItems(text, seq, values, Object.fromEntries(list.values)));
    additions.push({ kind: list.key, roleArn: [...list.roles].join(', '), entry: entryRef(entry), values });
  }
  if (newEntries.length > 0) {
    const added = addEntries(text, doc, newEntries);
    if (!added.ok) return added;
    edits.push(added.value);
  }
  return ok({ text: applyEdits(text, edits), additions, notes });
}
