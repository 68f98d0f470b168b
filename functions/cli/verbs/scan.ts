import type { ParseMode } from '../../core/decode/decode-bytes.ts';
import { createEngine } from '../../core/engine/create-engine.ts';
import type { Finding } from '../../core/model/finding.ts';
import { formatLocation } from '../../core/model/location.ts';
import { SEVERITIES, type Severity, severityRank } from '../../core/model/severity.ts';
import type { ScanSummary } from '../../core/pipeline/scan-summary.ts';
import type { FindingWriter } from '../../core/render/finding-writer.ts';
import { jsonLinesWriter, jsonWriter } from '../../core/render/render-json.ts';
import { SARIF_MAX_RESULTS, sarifWriter } from '../../core/render/render-sarif.ts';
import { renderSummaryLine, tableWriter } from '../../core/render/render-table.ts';
import { scrubbingWriter } from '../../core/render/scrub-output.ts';
import { terminalSafe } from '../../core/render/terminal-safe.ts';
import { RULES } from '../../core/rules/registry.ts';
import { scrubSecrets } from '../../core/text/scrub-secrets.ts';
import { closestKey } from '../../core/trust/closest-key.ts';
import { configIssueText } from '../config-issue-text.ts';
import { noteIgnored, warnAboutInputs } from '../input-warnings.ts';
import type { Io } from '../io.ts';
import { choiceOption, intOption, parseOptions } from '../options.ts';
import { runScan } from '../run-scan.ts';
import { prepareScan, runScanOptions, type ScanSetup, SOURCE_OPTIONS } from '../scan-setup.ts';
import { openScanState, type ScanState, STATE_LOCK_WAIT_SECONDS, StateFileError } from '../scan-state.ts';
import { UsageError } from '../usage-error.ts';
import { VERSION } from '../version.ts';
import type { Verb } from './verb.ts';

const FORMATS = ['table', 'json', 'jsonl', 'sarif'] as const;
const PARSE_MODES = ['selective', 'selective-js', 'full'] as const satisfies readonly ParseMode[];
type Format = (typeof FORMATS)[number];

export const scanVerb: Verb = { name: 'scan', run: (args, io) => scan(args, io) };

/** Output is handed to stdout in pieces of about this many characters. */
const WRITE_CHUNK = 256 * 1024;

/** Files named in the "not read" warning; the count is exact. */

async function scan(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    ...SOURCE_OPTIONS,
    format: { type: 'string', short: 'f', default: 'table' },
    'fail-on': { type: 'string' },
    strict: { type: 'boolean', default: false },
    state: { type: 'string' },
    learn: { type: 'boolean', default: false },
    'lock-wait': { type: 'string' },
    rule: { type: 'string', multiple: true },
    'min-severity': { type: 'string' },
    'no-group': { type: 'boolean', default: false },
    // Hidden (README, "Benchmark"): `full` parses every record, as before selective parsing; same output.
    parse: { type: 'string', default: 'selective' },
  });
  const format = choiceOption('--format', values.format, FORMATS);
  const failOn =
    values['fail-on'] === undefined ? undefined : choiceOption('--fail-on', values['fail-on'], SEVERITIES);
  const parse = choiceOption('--parse', values.parse, PARSE_MODES);
  const shown = printFilter(values.rule, values['min-severity']);
  if (values.learn && values.state === undefined) {
    throw new UsageError('--learn records pairs in a state file: give it --state FILE');
  }
  const setup = await prepareScan(values, positionals, io);
  if (typeof setup === 'number') return setup;
  const note = (line: string): void => io.stderr(`rolewatch: note: ${terminalSafe(line)}\n`);
  let state: ScanState;
  try {
    state = await openScanState({
      ...(values.state === undefined ? {} : { stateFile: values.state }),
      learn: values.learn,
      lockWaitMs:
        1000 * intOption('--lock-wait', values['lock-wait'], STATE_LOCK_WAIT_SECONDS, { min: 0, max: 3600 }),
      config: setup.config,
      engine: createEngine({ config: setup.config, now: () => setup.nowMs }),
      onNote: note,
      wallClock: io.now,
    });
  } catch (e) {
    if (!(e instanceof StateFileError)) throw e;
    io.stderr(`rolewatch: ${terminalSafe(e.message)}\n`);
    return 2;
  }
  try {
    return await scanWithState(state, {
      io,
      format,
      shown,
      failOn,
      setup,
      strict: values.strict,
      group: !values['no-group'],
      parse,
    });
  } finally {
    state.close();
  }
}

interface ScanRun {
  readonly io: Io;
  readonly format: Format;
  readonly shown: (f: Finding) => boolean;
  readonly failOn: Severity | undefined;
  readonly setup: ScanSetup;
  readonly strict: boolean;
  readonly group: boolean;
  readonly parse: ParseMode;
}

async function scanWithState(state: ScanState, run: ScanRun): Promise<number> {
  const { io, format, shown, failOn, setup } = run;
  // The table says it in its footer; the other formats keep stdout for data.
  if (format !== 'table' && state.summary.notRun.includes('first-seen-pair')) {
    io.stderr(
      'rolewatch: note: first-seen-pair did not run: it needs a state store that outlives the scan ' +
        '(--state FILE)\n',
    );
  }
  if (state.summary.learning) {
    io.stderr(
      'rolewatch: note: learning: pairs are recorded in the state file, first-seen-pair reports none\n',
    );
  }
  // The table lists trust-file warnings in its own section; other formats keep stdout for data.
  if (format !== 'table') {
    for (const w of setup.warnings) io.stderr(`warning: ${configIssueText(w)}\n`);
  }

  const writer = scrubbingWriter(writerFor(format, io.columns, run.group));
  const { progress } = setup;
  // Findings are written as they become final: memory does not grow with their number.
  const write = async (text: string): Promise<void> => {
    if (text === '') return;
    progress?.clear();
    await io.stdout(text);
  };
  let printed = 0;
  const writeAll = async (findings: readonly Finding[]): Promise<void> => {
    let text = '';
    for (const f of findings) {
      if (!shown(f)) continue;
      printed++;
      text += writer.finding(f);
      // Written in pieces: one input may hold thousands of findings.
      if (text.length >= WRITE_CHUNK) {
        await write(text);
        text = '';
      }
    }
    await write(text);
  };
  const ignored: string[] = [];
  await write(writer.begin());
  const totals = await runScan({
    ...runScanOptions(setup, io),
    items: noteIgnored(setup.items, ignored),
    parse: run.parse,
    taps: state.taps,
    beforeCollect: state.stage,
    onFindings: writeAll,
  });
  progress?.clear();
  await writeAll(totals.held);
  const summary: ScanSummary = { ...totals.summary, state: state.summary };
  await write(writer.end({ summary, errors: totals.errors, warnings: setup.warnings }));
  try {
    state.save(new Date(io.now()));
  } catch (e) {
    if (!(e instanceof StateFileError)) throw e;
    io.stderr(`rolewatch: ${terminalSafe(e.message)}\n`);
    return 2;
  }

  if (format === 'jsonl') {
    for (const e of totals.errors) {
      const where = terminalSafe(scrubSecrets(formatLocation(e.location)));
      io.stderr(`input error: ${where}: ${terminalSafe(scrubSecrets(e.message))}\n`);
    }
    if (totals.summary.malformed > totals.errors.length) {
      io.stderr(
        `input error: … and ${totals.summary.malformed - totals.errors.length} more (raise --max-errors)\n`,
      );
    }
    io.stderr(`${renderSummaryLine(summary, totals.activeBySeverity)}\n`);
  }
  if (format === 'sarif' && printed > SARIF_MAX_RESULTS) {
    io.stderr(
      `rolewatch: warning: SARIF holds the first ${SARIF_MAX_RESULTS} of ${printed} findings (GitHub code ` +
        'scanning rejects a run with more); narrow with --min-severity, --rule or --since, or use --format json\n',
    );
  }
  const nothing = warnAboutInputs(totals.summary, ignored, io);

  if (run.strict && (totals.summary.malformed > 0 || nothing)) return 1;
  if (failOn !== undefined) {
    const floor = severityRank(failOn);
    if (SEVERITIES.some((s) => severityRank(s) >= floor && totals.activeBySeverity[s] > 0)) return 1;
  }
  return 0;
}

/** `--rule` (repeatable, or comma-separated) and `--min-severity`: what is printed, not what is counted. */
function printFilter(
  rules: readonly string[] | undefined,
  minSeverity: string | undefined,
): (f: Finding) => boolean {
  const ids = (rules ?? [])
    .flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const known = RULES.map((r) => r.id);
  for (const id of ids) {
    if (!known.includes(id)) {
      const near = closestKey(id, known);
      throw new UsageError(
        `--rule: no rule '${id}'${near === undefined ? '' : ` (did you mean '${near}'?)`}`,
      );
    }
  }
  const floor =
    minSeverity === undefined ? 0 : severityRank(choiceOption('--min-severity', minSeverity, SEVERITIES));
  if (ids.length === 0 && floor === 0) return () => true;
  return (f) => (ids.length === 0 || ids.includes(f.rule)) && severityRank(f.severity) >= floor;
}

function writerFor(format: Format, columns: number, group: boolean): FindingWriter {
  switch (format) {
    case 'json':
      return jsonWriter();
    case 'jsonl':
      return jsonLinesWriter();
    case 'sarif':
      return sarifWriter(RULES, VERSION, { baseDir: process.cwd() });
    default:
      return tableWriter({ width: columns, group });
  }
}
