import { loadTrustFile } from '../../adapters/config/load-trust-file.ts';
import { terminalSafe } from '../../core/render/terminal-safe.ts';
import { diffTrust } from '../../core/trust-diff/diff-trust.ts';
import {
  renderTrustDiffJson,
  renderTrustDiffSummary,
  renderTrustDiffTable,
} from '../../core/trust-diff/render-trust-diff.ts';
import { renderTrustDiffSarif } from '../../core/trust-diff/render-trust-diff-sarif.ts';
import { configIssueText } from '../config-issue-text.ts';
import type { Io } from '../io.ts';
import { VERSION } from '../version.ts';
import { type IamRolesRequest, readIamRoles } from './read-iam-roles.ts';

export interface TrustDiffRequest extends IamRolesRequest {
  readonly config: string;
  readonly format: 'table' | 'json' | 'sarif';
}

/**
 * `rolewatch trust diff`: exit 1 when IAM lets in more than the trust file declares, 2 when the trust
 * file or an input cannot be read (the diff of what was read is still printed), else 0.
 */
export async function runTrustDiff(request: TrustDiffRequest, io: Io): Promise<number> {
  const trust = await loadTrustFile({ kind: 'file', path: request.config }, { now: io.now() });
  if (!trust.ok) {
    for (const issue of trust.error) io.stderr(`${configIssueText(issue)}\n`);
    io.stderr(`rolewatch: the trust file has ${trust.error.length} error(s); nothing was compared.\n`);
    return 2;
  }
  const read = await readIamRoles(request, io.env);
  for (const e of read.errors) io.stderr(`error: ${terminalSafe(e)}\n`);
  for (const w of read.warnings) io.stderr(`warning: ${terminalSafe(w)}\n`);
  if (read.errors.length > 0 && read.roles.length === 0) {
    io.stderr('rolewatch: no IAM role could be read; nothing was compared.\n');
    return 2;
  }
  const diff = diffTrust(trust.value.config, read.roles);
  switch (request.format) {
    case 'json':
      io.stdout(renderTrustDiffJson(diff, request.config));
      io.stderr(`${terminalSafe(renderTrustDiffSummary(diff))}\n`);
      break;
    case 'sarif':
      io.stdout(renderTrustDiffSarif(diff, request.config, VERSION));
      io.stderr(`${terminalSafe(renderTrustDiffSummary(diff))}\n`);
      break;
    default:
      io.stdout(renderTrustDiffTable(diff, request.config));
  }
  if (read.errors.length > 0) return 2;
  return diff.summary.widening > 0 ? 1 : 0;
}
