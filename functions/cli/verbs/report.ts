import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../core/engine/create-engine.ts';
import type { Finding } from '../../core/model/finding.ts';
import { scrubFinding } from '../../core/render/scrub-output.ts';
import { terminalSafe } from '../../core/render/terminal-safe.ts';
import { activityTap } from '../../core/report/activity-tap.ts';
import { ReportAssembler } from '../../core/report/build-report.ts';
import { csvHeader, csvRow } from '../../core/report/render-csv.ts';
import { renderReportHtml } from '../../core/report/render-html.ts';
import { renderReportMarkdown } from '../../core/report/render-markdown.ts';
import { renderReportJson } from '../../core/report/render-report-json.ts';
import { type Report, ReportSchema } from '../../core/report/report-schema.ts';
import { scrubReport } from '../../core/report/scrub-report.ts';
import { configIssueText } from '../config-issue-text.ts';
import { noteIgnored, warnAboutInputs } from '../input-warnings.ts';
import type { Io } from '../io.ts';
import { parseOptions } from '../options.ts';
import { writingTo } from '../output-error.ts';
import { runScan } from '../run-scan.ts';
import { prepareScan, runScanOptions, SOURCE_OPTIONS } from '../scan-setup.ts';
import { openScanState } from '../scan-state.ts';
import { UsageError } from '../usage-error.ts';
import { VERSION } from '../version.ts';
import type { Verb } from './verb.ts';

/** The four files of CONTRACT §5 `report`. */
export const REPORT_FILES = ['report.html', 'report.md', 'report.json', 'findings.csv'] as const;

export const reportVerb: Verb = { name: 'report', run: (args, io) => report(args, io) };

/** A previous `report.json` for the change section; a file that is not one is a usage error. */
function readPrevious(file: string): Report {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new UsageError(`--previous ${file}: ${why}`);
  }
  const parsed = ReportSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
    throw new UsageError(
      `--previous ${file}: not a rolewatch report.json (schema version 1)${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/**
 * Streams findings to `findings.csv` as they become final (written under a temporary name, renamed when
 * complete, so a failed run leaves no file that looks finished).
 */
class CsvFile {
  readonly #fd: number;
  readonly #partial: string;
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
    this.#partial = `${path}.partial`;
    this.#fd = openSync(this.#partial, 'w');
    writeSync(this.#fd, csvHeader());
  }

  write(findings: readonly Finding[]): void {
    if (findings.length === 0) return;
    let text = '';
    for (const f of findings) text += csvRow(scrubFinding(f));
    writeSync(this.#fd, text);
  }

  close(): void {
    closeSync(this.#fd);
    renameSync(this.#partial, this.#path);
  }
}

async function report(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    ...SOURCE_OPTIONS,
    out: { type: 'string', short: 'o' },
    previous: { type: 'string' },
  });
  if (values.out === undefined) throw new UsageError('report needs --out DIR (where the four files go)');
  const previous = values.previous === undefined ? undefined : readPrevious(values.previous);
  const setup = await prepareScan(values, positionals, io);
  if (typeof setup === 'number') return setup;
  for (const w of setup.warnings) io.stderr(`warning: ${configIssueText(w)}\n`);

  const out = values.out;
  writingTo(out, () => mkdirSync(out, { recursive: true }));
  const assembler = new ReportAssembler({
    config: setup.config,
    trustFile: { name: setup.configFile ?? '<no trust file>', sha256: setup.trustSha256 },
    sources: positionals,
    period: setup.period,
    nowMs: setup.nowMs,
    version: VERSION,
    ...(previous === undefined ? {} : { previous }),
  });
  const csv = writingTo(join(out, 'findings.csv'), () => new CsvFile(join(out, 'findings.csv')));
  const { progress } = setup;
  // The same state stage as a scan without --state: denied-burst and session lineage within the report.
  const state = await openScanState({
    learn: false,
    lockWaitMs: 0,
    config: setup.config,
    engine: createEngine({ config: setup.config, now: () => setup.nowMs }),
    onNote: () => undefined,
    wallClock: io.now,
  });
  const ignored: string[] = [];
  const totals = await runScan({
    ...runScanOptions(setup, io),
    items: noteIgnored(setup.items, ignored),
    taps: [activityTap, ...state.taps],
    beforeCollect: state.stage,
    onFindings(findings) {
      assembler.add(findings);
      writingTo(join(out, 'findings.csv'), () => csv.write(findings));
    },
  });
  progress?.clear();
  assembler.add(totals.held);
  writingTo(join(out, 'findings.csv'), () => {
    csv.write(totals.held);
    csv.close();
  });
  const result = scrubReport(assembler.finish(totals));
  const files: [string, (r: typeof result) => string][] = [
    ['report.json', renderReportJson],
    ['report.md', renderReportMarkdown],
    ['report.html', renderReportHtml],
  ];
  for (const [name, render] of files) {
    const path = join(out, name);
    const text = render(result);
    writingTo(path, () => writeFileSync(path, text));
  }

  const s = totals.summary;
  await io.stdout(
    `rolewatch: report written to ${terminalSafe(join(out, 'report.html'))} (and report.md, report.json, findings.csv): ` +
      `${s.credentialEvents} credential event(s), ${s.findings} finding(s) (${s.suppressed} suppressed) in ` +
      `${result.findings.groupCount} group(s), ${s.malformed} input error(s)\n`,
  );
  // A report of nothing is still written (a schedule expects one), but never without saying so.
  warnAboutInputs(s, ignored, io);
  return 0;
}
