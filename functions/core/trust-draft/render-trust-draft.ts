import type { RoleDraft } from './role-draft.ts';
import { yamlComment, yamlFlowList, yamlString } from './yaml-text.ts';

export interface TrustDraftOptions {
  /** Where the roles came from, for the header: `saved IAM listings`, `IAM (live, 2 accounts)`. */
  readonly source: string;
  /** Lines for the header, e.g. listing warnings a reviewer should see in the file too. */
  readonly headerNotes?: readonly string[];
}

const byArn = (a: RoleDraft, b: RoleDraft): number => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0);

function entryLines(d: RoleDraft): string[] {
  const comments = d.notes.map((n) =>
    yamlComment('    ', `${n.level === 'warning' ? 'warning' : 'note'}: ${n.text}`),
  );
  if (d.trustedPrincipals.length === 0) {
    // An entry needs at least one principal; written as a comment so the file stays valid and the
    // reviewer still sees the role (with `unlistedRoles: alert` its calls are reported).
    return [
      yamlComment('  ', `- arn: ${yamlString(d.arn)}`),
      yamlComment(
        '    ',
        'not listed: its trust policy lets in no principal that a trust file can name (see below)',
      ),
      ...comments,
    ];
  }
  const lines = [`  - arn: ${yamlString(d.arn)}`, ...comments, '    trustedPrincipals:'];
  for (const p of d.trustedPrincipals) lines.push(`      - ${yamlString(p)}`);
  if (d.oidcSubjects !== undefined) {
    lines.push('    oidcSubjects:');
    for (const s of d.oidcSubjects) lines.push(`      - ${yamlString(s)}`);
  }
  if (d.maxSessionSeconds !== undefined) lines.push(`    maxSessionSeconds: ${d.maxSessionSeconds}`);
  if (d.requireMfa) lines.push('    requireMfa: true');
  if (d.requireExternalId) lines.push('    requireExternalId: true    # the value itself is not copied');
  if (d.requireSourceIdentity) lines.push('    requireSourceIdentity: true');
  if (d.sessionNamePattern !== undefined)
    lines.push(`    sessionNamePattern: ${yamlString(d.sessionNamePattern)}`);
  if (d.sourceCidrs !== undefined) lines.push(`    sourceCidrs: ${yamlFlowList(d.sourceCidrs)}`);
  return lines;
}

/** Accounts named by the drafts' principals that are not among the roles' own accounts. */
function otherAccounts(drafts: readonly RoleDraft[], own: ReadonlySet<string>): string[] {
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
  const accounts = [...own].sort();
  const regular = drafts.filter((d) => !d.serviceLinked).sort(byArn);
  const serviceLinked = drafts.filter((d) => d.serviceLinked).sort(byArn);
  const others = otherAccounts(drafts, own);
  const lines = [
    yamlComment('', `Trust-file draft from ${options.source} (rolewatch trust import).`),
    '# Every entry trusts exactly what IAM lets in today, which may be more than you intend: review each one.',
    '# "cannot express" comments are parts of a trust policy that a trust file cannot state; rolewatch',
    '# does not judge them. Check with: rolewatch validate FILE; keep in step with: rolewatch trust diff.',
    ...(options.headerNotes ?? []).map((n) => yamlComment('', `warning: ${n}`)),
    'version: 1',
    '# The accounts whose roles were read. Add the other accounts you own.',
    `accounts: ${yamlFlowList(accounts)}`,
    ...(others.length > 0
      ? [
          yamlComment(
            '',
            `Accounts these roles trust that were not read (yours, or third parties?): ${others.join(', ')}`,
          ),
        ]
      : []),
    'defaults:',
    '  maxSessionSeconds: 3600',
    '  unlistedRoles: alert    # a role created after this import is reported until it has an entry',
    '  allowChaining: true',
  ];
  if (regular.length === 0 && serviceLinked.length === 0) {
    lines.push('roles: []');
    return `${lines.join('\n')}\n`;
  }
  lines.push('roles:');
  for (const d of regular) lines.push(...entryLines(d), '');
  if (serviceLinked.length > 0) {
    lines.push(
      '  # AWS service-linked roles (path /aws-service-role/): AWS writes and maintains their trust policies.',
      '',
    );
    for (const d of serviceLinked) lines.push(...entryLines(d), '');
  }
  while (lines.at(-1) === '') lines.pop();
  return `${lines.join('\n')}\n`;
}
