import type { RoleDraft } from './role-draft.ts';
import { yamlComment, yamlFlowList, yamlString } from './yaml-text.ts';

/** `line    # comment`, or the line alone; the comment is kept on one line (see yamlComment). */
export function withLineComment(line: string, comment: string | undefined): string {
  if (comment === undefined || comment === '') return line;
  return `${line}    ${yamlComment('', comment)}`;
}

/** A block list under `key:`, each item a double-quoted scalar with its own comment when it has one. */
function blockList(
  indent: string,
  key: string,
  values: readonly string[],
  comments: Readonly<Record<string, string>> | undefined,
  keyComment: string | undefined,
): string[] {
  return [
    withLineComment(`${indent}${key}:`, keyComment),
    ...values.map((v) => withLineComment(`${indent}  - ${yamlString(v)}`, comments?.[v])),
  ];
}

/**
 * The YAML lines of one `roles` entry at the usual indentation (`  - arn:`, keys at four spaces). An entry
 * with no principal is written as a comment, so the file stays valid and nobody is trusted by accident.
 * Shared by every writer of trust files (`trust import`, `trust learn`, `trust learn --merge`).
 */
export function roleDraftLines(d: RoleDraft): string[] {
  const lc = d.lineComments;
  const setting = lc?.settings;
  const comments = [
    ...(d.comments ?? []).map((c) => yamlComment('    ', c)),
    ...d.notes.map((n) => yamlComment('    ', `${n.level === 'warning' ? 'warning' : 'note'}: ${n.text}`)),
  ];
  if (d.trustedPrincipals.length === 0) {
    // An entry needs at least one principal; written as a comment so the file stays valid and the
    // reviewer still sees the role (with `unlistedRoles: alert` its calls are reported).
    return [
      yamlComment('  ', `- arn: ${yamlString(d.arn)}`),
      yamlComment(
        '    ',
        d.emptyReason ??
          'not listed: its trust policy lets in no principal that a trust file can name (see below)',
      ),
      ...comments,
    ];
  }
  const lines = [
    `  - arn: ${yamlString(d.arn)}`,
    ...comments,
    ...blockList(
      '    ',
      'trustedPrincipals',
      d.trustedPrincipals,
      lc?.principals,
      setting?.trustedPrincipals,
    ),
  ];
  if (d.oidcSubjects !== undefined) {
    lines.push(...blockList('    ', 'oidcSubjects', d.oidcSubjects, lc?.oidcSubjects, setting?.oidcSubjects));
  }
  if (d.maxSessionSeconds !== undefined)
    lines.push(withLineComment(`    maxSessionSeconds: ${d.maxSessionSeconds}`, setting?.maxSessionSeconds));
  if (d.requireMfa) lines.push(withLineComment('    requireMfa: true', setting?.requireMfa));
  if (d.requireExternalId)
    lines.push(withLineComment('    requireExternalId: true', setting?.requireExternalId));
  if (d.requireSourceIdentity)
    lines.push(withLineComment('    requireSourceIdentity: true', setting?.requireSourceIdentity));
  if (d.sessionNamePattern !== undefined) {
    lines.push(
      withLineComment(
        `    sessionNamePattern: ${yamlString(d.sessionNamePattern)}`,
        setting?.sessionNamePattern,
      ),
    );
  }
  if (d.sourceCidrs !== undefined) {
    // One network per line when they carry comments (counts), else the compact flow list.
    lines.push(
      ...(lc?.sourceCidrs === undefined
        ? [withLineComment(`    sourceCidrs: ${yamlFlowList(d.sourceCidrs)}`, setting?.sourceCidrs)]
        : blockList('    ', 'sourceCidrs', d.sourceCidrs, lc.sourceCidrs, setting?.sourceCidrs)),
    );
  }
  if (d.allowChaining !== undefined)
    lines.push(withLineComment(`    allowChaining: ${d.allowChaining}`, setting?.allowChaining));
  return lines;
}
