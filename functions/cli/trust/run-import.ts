import { terminalSafe } from '../../core/render/terminal-safe.ts';
import { parseTrustConfig } from '../../core/trust/parse-trust-config.ts';
import { renderTrustDraft } from '../../core/trust-draft/render-trust-draft.ts';
import { draftRole } from '../../core/trust-draft/role-draft.ts';
import { configIssueText } from '../config-issue-text.ts';
import type { Io } from '../io.ts';
import { type IamRolesRequest, readIamRoles } from './read-iam-roles.ts';

/**
 * `rolewatch trust import`: a trust-file draft on stdout, warnings on stderr. Exit 0; 2 when an input
 * could not be read (what was read is still drafted); 3 when the draft would not validate (a bug).
 */
export async function runTrustImport(request: IamRolesRequest, io: Io): Promise<number> {
  const read = await readIamRoles(request, io.env);
  for (const e of read.errors) io.stderr(`error: ${terminalSafe(e)}\n`);
  for (const w of read.warnings) io.stderr(`warning: ${terminalSafe(w)}\n`);
  // Sorted as the draft lists them, so that warnings come out in the same order run after run.
  const drafts = read.roles
    .map(draftRole)
    .sort(
      (a, b) =>
        Number(a.serviceLinked) - Number(b.serviceLinked) || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0),
    );
  const draft = renderTrustDraft(drafts, { source: read.source, headerNotes: read.headerNotes });

  // The draft is meant to be saved and used as is: never print one that `validate` would refuse.
  const check = parseTrustConfig(draft, '<draft>');
  if (!check.ok) {
    for (const issue of check.error) io.stderr(`internal error: ${configIssueText(issue)}\n`);
    io.stderr('rolewatch: the draft does not validate; please report this with the trust policy involved.\n');
    return 3;
  }
  io.stdout(draft);

  let warnings = 0;
  for (const d of drafts) {
    for (const n of d.notes) {
      if (n.level !== 'warning') continue;
      warnings++;
      io.stderr(`warning: ${terminalSafe(d.arn)}: ${terminalSafe(n.text)}\n`);
    }
    if (d.trustedPrincipals.length === 0) {
      warnings++;
      const why = d.emptyReason ?? 'no entry (no principal a trust file can name)';
      io.stderr(`warning: ${terminalSafe(d.arn)}: ${terminalSafe(why)}; left as a comment\n`);
    }
  }
  const entries = drafts.filter((d) => d.trustedPrincipals.length > 0).length;
  const accounts = new Set(drafts.map((d) => d.accountId)).size;
  io.stderr(
    `rolewatch: ${entries} entr${entries === 1 ? 'y' : 'ies'} drafted from ${read.roles.length} role(s) in ` +
      `${accounts} account(s); ${warnings + read.warnings.length} warning(s).\n`,
  );
  if (read.errors.length > 0) {
    io.stderr(`rolewatch: ${read.errors.length} input(s) could not be read; the draft lacks their roles.\n`);
    return 2;
  }
  return 0;
}
