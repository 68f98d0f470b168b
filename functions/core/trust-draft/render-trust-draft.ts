import type { RoleDraft } from './role-draft.ts';
import { roleDraftLines, withLineComment } from './role-draft-lines.ts';
import { yamlComment, yamlFlowList } from './yaml-text.ts';

export interface TrustDraftOptions {
  /** Where the roles came from, for the header: `saved IAM listings`, `IAM (live, 2 accounts)`. */
  readonly source: string;
  /** Lines for the header, e.g. listing warnings a reviewer should see in the file too. */
  readonly headerNotes?: readonly string[];
}

/** A group of entries under a heading comment (`trust import` puts service-linked roles last). */
export interface DraftSection {
  /** Comment lines above the entries (none for the first group). */
  readonly heading: readonly string[];
  readonly entries: readonly RoleDraft[];
}

/**
 * A whole trust-file draft: what `trust import` and `trust learn` fill in, and one writer turns into text.
 * Every string is a value or a comment text; the writer quotes and escapes.
 */
export interface TrustDocument {
  /** Comment lines at the top of the file. */
  readonly header: readonly string[];
  readonly accounts: readonly string[];
  /** Comment lines just above `accounts:`, and just below it. */
  readonly accountsComments: { readonly before: readonly string[]; readonly after: readonly string[] };
  readonly defaults: {
    readonly maxSessionSeconds: number;
    readonly unlistedRoles: 'ignore' | 'alert';
    readonly unlistedRolesComment?: string;
    readonly allowChaining: boolean;
  };
  readonly sections: readonly DraftSection[];
  /** Comment lines after the roles (what was seen but is not an entry). */
  readonly trailer?: readonly string[];
}

/**
 * The text of a trust-file draft (CONTRACT §2), deterministic: the same document gives the same bytes.
 * Entries are written in the order given; each entry is followed by a blank line.
 */
export function renderTrustDocument(doc: TrustDocument): string {
  const d = doc.defaults;
  const lines = [
    ...doc.header.map((h) => yamlComment('', h)),
    'version: 1',
    ...doc.accountsComments.before.map((c) => yamlComment('', c)),
    `accounts: ${yamlFlowList(doc.accounts)}`,
    ...doc.accountsComments.after.map((c) => yamlComment('', c)),
    'defaults:',
    `  maxSessionSeconds: ${d.maxSessionSeconds}`,
    withLineComment(`  unlistedRoles: ${d.unlistedRoles}`, d.unlistedRolesComment),
    `  allowChaining: ${d.allowChaining}`,
  ];
  const sections = doc.sections.filter((s) => s.entries.length > 0);
  // Entries without a principal are comments: with nothing else, `roles:` alone would read as null.
  const listed = sections.some((s) => s.entries.some((e) => e.trustedPrincipals.length > 0));
  if (sections.length === 0) lines.push('roles: []');
  else {
    lines.push(listed ? 'roles:' : 'roles: []');
    for (const s of sections) {
      if (s.heading.length > 0) lines.push(...s.heading.map((h) => yamlComment('  ', h)), '');
      for (const entry of s.entries) lines.push(...roleDraftLines(entry), '');
    }
    while (lines.at(-1) === '') lines.pop();
  }
  if (doc.trailer !== undefined && doc.trailer.length > 0) {
    lines.push('', ...doc.trailer.map((t) => (t === '' ? '' : yamlComment('', t))));
  }
  return `${lines.join('\n')}\n`;
}

export const byArn = (a: { arn: string }, b: { arn: string }): number =>
  a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0;

/** Accounts named by the drafts' principals that are not among `own`. */
export function otherAccounts(drafts: readonly RoleDraft[], own: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const d of drafts) {
    for (const p of d.trustedPrincipals) {
      const account = /^([0-9]{12})$/.exec(p)?.[1] ?? /^arn:[^:]*:(?:iam|sts)::([0-9]{12}):/.exec(p)?.[1];
      if (account !== undefined && !own.has(account)) found.add(account);
    }
  }
  return [...found].sort();
}

/**
 * A trust file (CONTRACT §2) drafted from IAM roles: one entry per role, sorted by ARN, service-linked
 * roles last; what an entry cannot state is a comment on it. Deterministic: the same roles give the
 * same text, byte for byte.
 */
export function renderTrustDraft(drafts: readonly RoleDraft[], options: TrustDraftOptions): string {
  const own = new Set(drafts.map((d) => d.accountId));
  const others = otherAccounts(drafts, own);
  return renderTrustDocument({
    header: [
      `Trust-file draft from ${options.source} (rolewatch trust import).`,
      'Every entry trusts exactly what IAM lets in today, which may be more than you intend: review each one.',
      '"cannot express" comments are parts of a trust policy that a trust file cannot state; rolewatch',
      'does not judge them. Check with: rolewatch validate FILE; keep in step with: rolewatch trust diff.',
      ...(options.headerNotes ?? []).map((n) => `warning: ${n}`),
    ],
    accounts: [...own].sort(),
    accountsComments: {
      before: ['The accounts whose roles were read. Add the other accounts you own.'],
      after:
        others.length > 0
          ? [`Accounts these roles trust that were not read (yours, or third parties?): ${others.join(', ')}`]
          : [],
    },
    defaults: {
      maxSessionSeconds: 3600,
      unlistedRoles: 'alert',
      unlistedRolesComment: 'a role created after this import is reported until it has an entry',
      allowChaining: true,
    },
    sections: [
      { heading: [], entries: drafts.filter((d) => !d.serviceLinked).sort(byArn) },
      {
        heading: [
          'AWS service-linked roles (path /aws-service-role/): AWS writes and maintains their trust policies.',
        ],
        entries: drafts.filter((d) => d.serviceLinked).sort(byArn),
      },
    ],
  });
}
