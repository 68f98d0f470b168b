import { readFile } from 'node:fs/promises';
import { formatLocation } from '../../core/model/location.ts';
import type { TrustConfig } from '../../core/model/trust-config.ts';
import { terminalSafe } from '../../core/render/terminal-safe.ts';
import { unifiedDiff } from '../../core/render/unified-diff.ts';
import { scrubSecrets } from '../../core/text/scrub-secrets.ts';
import { parseTrustConfig } from '../../core/trust/parse-trust-config.ts';
import { renderTrustDocument } from '../../core/trust-draft/render-trust-draft.ts';
import { trustLearnTap } from '../../core/trust-learn/learn-tap.ts';
import { emptyActivity, type LearnedActivity } from '../../core/trust-learn/learned-activity.ts';
import { type LearnedTrust, learnTrust } from '../../core/trust-learn/learned-trust.ts';
import { mergeLearned } from '../../core/trust-learn/merge-learned.ts';
import { configIssueText } from '../config-issue-text.ts';
import type { Io } from '../io.ts';
import { runScan } from '../run-scan.ts';
import { prepareScan, runScanOptions, type SourceOptionValues } from '../scan-setup.ts';

export interface TrustLearnRequest {
  readonly values: SourceOptionValues;
  readonly sources: readonly string[];
  /** `--merge FILE`: print only what the trail adds to this trust file, as a diff. */
  readonly merge?: string;
}

/** The text must be a trust file `validate` accepts: a draft that is not is a bug, never printed. */
function invalid(text: string, what: string, io: Io): boolean {
  const check = parseTrustConfig(text, what);
  if (check.ok) return false;
  for (const issue of check.error) io.stderr(`internal error: ${configIssueText(issue)}\n`);
  io.stderr(`rolewatch: ${what} does not validate; please report this with the records involved.\n`);
  return true;
}

async function printMerge(file: string, config: TrustConfig, learned: LearnedTrust, io: Io): Promise<number> {
  const text = await readFile(file, 'utf8');
  const merged = mergeLearned(text, config, learned.roles);
  if (!merged.ok) {
    io.stderr(`rolewatch: cannot merge into ${terminalSafe(file)}: ${merged.error}\n`);
    return 2;
  }
  const { additions, notes } = merged.value;
  if (invalid(merged.value.text, `${file} with the learned additions`, io)) return 3;
  io.stdout(unifiedDiff(text, merged.value.text, file));
  for (const n of notes) io.stderr(`rolewatch: note: ${terminalSafe(scrubSecrets(n))}\n`);
  const entries = additions.filter((a) => a.kind === 'entry').length;
  const values = additions.filter((a) => a.kind !== 'entry').reduce((n, a) => n + a.values.length, 0);
  io.stderr(
    additions.length === 0
      ? notes.length === 0
        ? `rolewatch: nothing to add to ${terminalSafe(file)}: it already trusts every caller this trail shows.\n`
        : `rolewatch: nothing to add to ${terminalSafe(file)}; the notes above say what the trail shows that it does not allow.\n`
      : `rolewatch: ${entries} new entr${entries === 1 ? 'y' : 'ies'} and ${values} value(s) added to existing ` +
          `entries (apply with: patch ${terminalSafe(file)} < DIFF).\n`,
  );
  return 0;
}

/**
 * `rolewatch trust learn`: scans the SOURCEs as `scan` would (same sources, period, workers) with the
 * trust-learn tap, then prints the draft the activity teaches (or, with `--merge`, a diff of what it adds
 * to an existing file). Exit 0; 2 for usage, config or merge problems; 3 when the output would not
 * validate (a bug). Input errors are reported and counted, as in `scan`.
 */
export async function runTrustLearn(request: TrustLearnRequest, io: Io): Promise<number> {
  const values = { ...request.values, config: request.merge };
  const setup = await prepareScan(values, request.sources, io, { defaultConfig: false });
  if (typeof setup === 'number') return setup;
  for (const w of setup.warnings) io.stderr(`warning: ${configIssueText(w)}\n`);
  const totals = await runScan({
    ...runScanOptions(setup, io),
    taps: [trustLearnTap],
    onFindings: () => {},
  });
  setup.progress?.clear();
  for (const e of totals.errors) {
    const where = terminalSafe(scrubSecrets(formatLocation(e.location)));
    io.stderr(`input error: ${where}: ${terminalSafe(scrubSecrets(e.message))}\n`);
  }
  const activity = (totals.taps[trustLearnTap.id] as LearnedActivity | undefined) ?? emptyActivity();
  const learned = learnTrust(activity);
  for (const w of learned.warnings) io.stderr(`warning: ${terminalSafe(scrubSecrets(w))}\n`);
  const s = totals.summary;
  io.stderr(
    `rolewatch: learned ${learned.drafts.length} entr${learned.drafts.length === 1 ? 'y' : 'ies'} from ` +
      `${s.credentialEvents} credential-issuing call(s) in ${s.records} record(s) of ${s.files} file(s)` +
      `${s.malformed > 0 ? `; ${s.malformed} input error(s)` : ''}.\n`,
  );
  if (s.credentialEvents === 0)
    io.stderr('rolewatch: warning: no credential-issuing call was read: nothing to learn\n');
  if (request.merge !== undefined) return printMerge(request.merge, setup.config, learned, io);
  // Values that could carry a credential are refused when learned and comments are scrubbed as they are
  // written; this is the same net every CLI output has.
  const text = scrubSecrets(renderTrustDocument(learned.document));
  if (invalid(text, 'the learned draft', io)) return 3;
  io.stdout(text);
  return 0;
}
