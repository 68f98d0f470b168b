import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { isRemoteSource } from '../../adapters/sources/remote-source.ts';
import { formatLocation } from '../../core/model/location.ts';
import { isSeverity, SEVERITIES, type Severity, severityRank } from '../../core/model/severity.ts';
import { type Period, parseTimeBound } from '../../core/pipeline/period.ts';
import type { ScanCounts } from '../../core/pipeline/scan-counts.ts';
import type { FindingWriter } from '../../core/render/finding-writer.ts';
import { jsonLinesWriter, jsonWriter } from '../../core/render/render-json.ts';
import { sarifWriter } from '../../core/render/render-sarif.ts';
import { renderSummaryLine, tableWriter } from '../../core/render/render-table.ts';
import { terminalSafe } from '../../core/render/terminal-safe.ts';
import { RULES } from '../../core/rules/registry.ts';
import { formatConfigIssue } from '../../core/trust/describe-trust-config.ts';
import type { Io } from '../io.ts';
import { loadTrustFile } from '../load-trust-file.ts';
import { runScan } from '../run-scan.ts';
import { scanSources } from '../scan-sources.ts';
import { UsageError } from '../usage-error.ts';
import { VERSION } from '../version.ts';
import type { Verb } from './verb.ts';

const FORMATS = ['table', 'json', 'jsonl', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export const scanVerb: Verb = { name: 'scan', run: (args, io) => scan(args, io) };

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new UsageError(`${name} takes a whole number ≥ 1, not '${raw}'`);
  return Number(raw);
}

/** Remote sources read the last 24 hours unless `--since` says otherwise (CONTRACT §1). */
const DEFAULT_REMOTE_SPAN_MS = 24 * 3_600_000;

/**
 * `--since`/`--until`. With a remote source and no `--since`, the scan judges the last 24 hours, as
 * the source reads them.
 */
function periodOf(
  since: string | undefined,
  until: string | undefined,
  sources: readonly string[],
  nowMs: number,
): Period {
  const bound = (flag: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const parsed = parseTimeBound(raw, nowMs);
    if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.error}`);
    return parsed.value;
  };
  const sinceMs =
    bound('--since', since) ?? (sources.some(isRemoteSource) ? nowMs - DEFAULT_REMOTE_SPAN_MS : undefined);
  const untilMs = bound('--until', until);
  if (sinceMs !== undefined && untilMs !== undefined && sinceMs >= untilMs) {
    throw new UsageError('--since must be earlier than --until');
  }
  return { ...(sinceMs === undefined ? {} : { sinceMs }), ...(untilMs === undefined ? {} : { untilMs }) };
}

async function scan(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      format: { type: 'string', short: 'f', default: 'table' },
      'fail-on': { type: 'string' },
      workers: { type: 'string', short: 'w' },
      strict: { type: 'boolean', default: false },
      state: { type: 'string' },
      'max-errors': { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
      since: { type: 'string' },
      until: { type: 'string' },
      region: { type: 'string' },
    },
  });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  let failOn: Severity | undefined;
  if (values['fail-on'] !== undefined) {
    if (!isSeverity(values['fail-on'])) {
      throw new UsageError(`--fail-on must be one of info, low, medium, high, critical`);
    }
    failOn = values['fail-on'];
  }
  if (positionals.length === 0) throw new UsageError('scan needs at least one PATH (a file or a folder)');
  const workers = positiveInt('--workers', values.workers, availableParallelism());
  const maxErrors = positiveInt('--max-errors', values['max-errors'], 1000);
  if (values.state !== undefined) {
    io.stderr(
      'rolewatch: note: --state is accepted, but the stateful rules (denied-burst, first-seen-pair) ' +
        'are not implemented yet; the state file is neither read nor written.\n',
    );
  }

  const nowMs = io.now();
  const period = periodOf(values.since, values.until, positionals, nowMs);
  const configFile = values.config ?? (existsSync('rolewatch.yaml') ? 'rolewatch.yaml' : undefined);
  const trust = await loadTrustFile(configFile, nowMs);
  if (!trust.ok) {
    for (const issue of trust.error) io.stderr(`${terminalSafe(formatConfigIssue(issue))}\n`);
    io.stderr(`rolewatch: the trust file has ${trust.error.length} error(s); nothing was scanned.\n`);
    return 2;
  }
  if (configFile === undefined) {
    io.stderr(
      'rolewatch: note: no --config and no ./rolewatch.yaml: judging without a trust file ' +
        '(only rules that need no expectations can fire).\n',
    );
  }
  // The table lists trust-file warnings in its own section; other formats keep stdout for data.
  if (format !== 'table') {
    for (const w of trust.value.warnings) io.stderr(`warning: ${terminalSafe(formatConfigIssue(w))}\n`);
  }

  const writer = writerFor(format, io.columns);
  const progress = io.stderrIsTty && !values['no-progress'] ? progressPrinter(io) : undefined;
  const items = scanSources(
    positionals,
    {
      period: { sinceMs: period.sinceMs ?? nowMs - DEFAULT_REMOTE_SPAN_MS, untilMs: period.untilMs ?? nowMs },
      ...(values.region === undefined ? {} : { region: values.region }),
      env: io.env,
      onNote: (line) => io.stderr(`rolewatch: note: ${terminalSafe(line)}\n`),
      ...(progress ? { onProgress: progress.line } : {}),
    },
    io.readStdin,
  );
  // Findings are written as they become final: memory does not grow with their number.
  const write = (text: string): void => {
    if (text === '') return;
    progress?.clear();
    io.stdout(text);
  };
  write(writer.begin());
  const totals = await runScan({
    items,
    config: trust.value.config,
    period,
    nowMs,
    workers,
    ...(io.scanWorkerUrl === undefined ? {} : { workerUrl: io.scanWorkerUrl }),
    maxErrors,
    ...(progress ? { onProgress: progress.update } : {}),
    onFindings(findings) {
      let text = '';
      for (const f of findings) text += writer.finding(f);
      write(text);
    },
  });
  progress?.clear();
  let text = '';
  for (const f of totals.held) text += writer.finding(f);
  write(text);
  write(writer.end({ summary: totals.summary, errors: totals.errors, warnings: trust.value.warnings }));

  if (format === 'jsonl') {
    for (const e of totals.errors) {
      io.stderr(`input error: ${terminalSafe(formatLocation(e.location))}: ${terminalSafe(e.message)}\n`);
    }
    if (totals.summary.malformed > totals.errors.length) {
      io.stderr(
        `input error: … and ${totals.summary.malformed - totals.errors.length} more (raise --max-errors)\n`,
      );
    }
    io.stderr(`${renderSummaryLine(totals.summary, totals.activeBySeverity)}\n`);
  }

  if (values.strict && totals.summary.malformed > 0) return 1;
  if (failOn !== undefined) {
    const floor = severityRank(failOn);
    if (SEVERITIES.some((s) => severityRank(s) >= floor && totals.activeBySeverity[s] > 0)) return 1;
  }
  return 0;
}

function writerFor(format: Format, columns: number): FindingWriter {
  switch (format) {
    case 'json':
      return jsonWriter();
    case 'jsonl':
      return jsonLinesWriter();
    case 'sarif':
      return sarifWriter(RULES, VERSION);
    default:
      return tableWriter({ width: columns });
  }
}

function progressPrinter(io: Io): {
  update: (s: ScanCounts, findings: number) => void;
  line: (text: string) => void;
  clear: () => void;
} {
  let last = 0;
  let shown = false;
  return {
    line(text) {
      shown = true;
      io.stderr(`\r\u001b[K${terminalSafe(text)}`);
    },
    update(s, findings) {
      const t = Date.now();
      if (t - last < 200) return;
      last = t;
      shown = true;
      io.stderr(
        `\r\u001b[Kscanning: ${s.files} file(s), ${s.records} record(s), ${s.credentialEvents} credential ` +
          `event(s), ${findings} finding(s), ${s.malformed} input error(s)`,
      );
    },
    clear() {
      if (shown) io.stderr('\r\u001b[K');
      shown = false;
    },
  };
}
