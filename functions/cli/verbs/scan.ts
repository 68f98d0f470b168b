import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { formatLocation } from '../../core/model/location.ts';
import { isSeverity, type Severity, severityRank } from '../../core/model/severity.ts';
import type { ScanCounts } from '../../core/pipeline/scan-counts.ts';
import { renderJson, renderJsonLines } from '../../core/render/render-json.ts';
import { renderSarif } from '../../core/render/render-sarif.ts';
import { renderSummaryLine, renderTable } from '../../core/render/render-table.ts';
import { terminalSafe } from '../../core/render/terminal-safe.ts';
import { RULES } from '../../core/rules/registry.ts';
import { formatConfigIssue } from '../../core/trust/describe-trust-config.ts';
import type { Io } from '../io.ts';
import { loadTrustFile } from '../load-trust-file.ts';
import { runScan } from '../run-scan.ts';
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

  const progress = io.stderrIsTty && !values['no-progress'] ? progressPrinter(io) : undefined;
  const result = await runScan({
    paths: positionals,
    config: trust.value.config,
    warnings: trust.value.warnings,
    nowMs,
    workers,
    maxErrors,
    ...(progress ? { onProgress: progress.update } : {}),
  });
  progress?.done();

  switch (format) {
    case 'json':
      io.stdout(renderJson(result));
      break;
    case 'jsonl':
      io.stdout(renderJsonLines(result));
      for (const e of result.errors) {
        io.stderr(`input error: ${terminalSafe(formatLocation(e.location))}: ${terminalSafe(e.message)}\n`);
      }
      if (result.summary.malformed > result.errors.length) {
        io.stderr(
          `input error: … and ${result.summary.malformed - result.errors.length} more (raise --max-errors)\n`,
        );
      }
      io.stderr(`${renderSummaryLine(result)}\n`);
      break;
    case 'sarif':
      io.stdout(renderSarif(result, RULES, VERSION));
      break;
    default:
      io.stdout(renderTable(result, { width: io.columns }));
  }

  if (values.strict && result.summary.malformed > 0) return 1;
  if (failOn !== undefined) {
    const floor = severityRank(failOn);
    if (result.findings.some((f) => !f.suppressed && severityRank(f.severity) >= floor)) return 1;
  }
  return 0;
}

function progressPrinter(io: Io): { update: (s: ScanCounts, findings: number) => void; done: () => void } {
  let last = 0;
  let shown = false;
  return {
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
    done() {
      if (shown) io.stderr('\r\u001b[K');
    },
  };
}
