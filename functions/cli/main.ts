import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { formatLocation } from '../core/model/location.ts';
import { isSeverity, type Severity, severityRank } from '../core/model/severity.ts';
import type { ScanSummary } from '../core/pipeline/scan-summary.ts';
import { renderJson, renderJsonLines } from '../core/render/render-json.ts';
import { renderSarif } from '../core/render/render-sarif.ts';
import { renderSummaryLine, renderTable } from '../core/render/render-table.ts';
import { terminalSafe, terminalSafeLines } from '../core/render/terminal-safe.ts';
import { renderRuleCatalogue } from '../core/rules/catalogue.ts';
import { RULES } from '../core/rules/registry.ts';
import { describeTrustConfig, formatConfigIssue } from '../core/trust/describe-trust-config.ts';
import { loadTrustFile } from './load-trust-file.ts';
import { runScan } from './run-scan.ts';
import { USAGE } from './usage.ts';

export const VERSION = '0.1.0';
const FORMATS = ['table', 'json', 'jsonl', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly stderrIsTty: boolean;
  readonly columns: number;
  readonly now: () => number;
}

const defaultIo = (): Io => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stderrIsTty: process.stderr.isTTY === true,
  columns: process.stdout.columns ?? 120,
  now: () => Date.now(),
});

class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Runs the CLI and returns the exit code (CONTRACT §5: 0 done, 1 findings at/above --fail-on, 2 usage/config). */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  try {
    const [verb, ...rest] = argv;
    if (verb !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
      io.stdout(USAGE);
      return 0;
    }
    switch (verb) {
      case 'scan':
        return await scan(rest, io);
      case 'validate':
        return await validate(rest, io);
      case 'rules':
        return rules(rest, io);
      case '--version':
      case '-v':
        io.stdout(`rolewatch ${VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return verb === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${verb}'`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(
        `rolewatch: ${usageMessage(e as Error & { code?: string })}\nRun 'rolewatch --help' for usage.\n`,
      );
      return 2;
    }
    throw e;
  }
}

/** Node's parseArgs messages suggest `--` tricks meant for other tools; say plainly what was wrong. */
function usageMessage(e: Error & { code?: string }): string {
  const option = /'(-{1,2}[^'\s]+)'/.exec(e.message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) return `unknown option '${option}'`;
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) {
    return `option '${option}' needs a value`;
  }
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'this command takes no positional arguments';
  return e.message;
}

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
    trust: trust.value,
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

function progressPrinter(io: Io): { update: (s: ScanSummary, findings: number) => void; done: () => void } {
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

async function validate(args: readonly string[], io: Io): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, options: {} });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('validate takes exactly one trust file');
  const loaded = await loadTrustFile(file, io.now());
  if (!loaded.ok) {
    for (const issue of loaded.error) io.stderr(`${terminalSafe(formatConfigIssue(issue))}\n`);
    io.stderr(`${file}: ${loaded.error.length} error(s)\n`);
    return 2;
  }
  for (const w of loaded.value.warnings) io.stderr(`warning: ${terminalSafe(formatConfigIssue(w))}\n`);
  io.stdout(`${terminalSafeLines(describeTrustConfig(loaded.value.config))}\n`);
  io.stdout(
    `${file}: valid${loaded.value.warnings.length ? ` (${loaded.value.warnings.length} warning(s))` : ''}\n`,
  );
  return 0;
}

function rules(args: readonly string[], io: Io): number {
  const { values } = parseArgs({
    args: [...args],
    options: { format: { type: 'string', short: 'f', default: 'table' } },
  });
  if (values.format === 'json') {
    io.stdout(
      `${JSON.stringify(
        RULES.map(({ evaluate: _e, ...meta }) => meta),
        null,
        2,
      )}\n`,
    );
  } else if (values.format === 'table' || values.format === 'markdown') {
    io.stdout(renderRuleCatalogue(RULES));
  } else {
    throw new UsageError('rules --format must be table or json');
  }
  return 0;
}
