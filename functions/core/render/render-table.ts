import type { Finding } from '../model/finding.ts';
import { formatLocation } from '../model/location.ts';
import { SEVERITIES, type Severity } from '../model/severity.ts';
import { compareFindings } from '../pipeline/finding-set.ts';
import type { ScanResult } from '../pipeline/scan-result.ts';
import type { ScanSummary } from '../pipeline/scan-summary.ts';
import { formatConfigIssue } from '../trust/describe-trust-config.ts';
import type { FindingWriter } from './finding-writer.ts';
import { terminalSafe, truncate } from './terminal-safe.ts';

export interface TableOptions {
  /** Terminal width; the table adapts its last column to it. */
  readonly width?: number;
  /** How many input errors to list before summarising the rest. */
  readonly maxErrorsShown?: number;
}

const ORDER: readonly Severity[] = [...SEVERITIES].reverse();

function activeBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const active: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) if (!f.suppressed) active[f.severity]++;
  return active;
}

function row(f: Finding): string {
  const time = (f.eventTime ?? '-').replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
  return `  ${time.padEnd(19)}  ${f.rule}`;
}

/** Wraps text at spaces to `width` columns, indenting continuation lines. */
export function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && [...line].length + 1 + [...word].length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => indent + l);
}

/** Cuts from the left: for paths, the file name and record position are the informative end. */
function truncateLeft(s: string, width: number): string {
  const cps = [...s];
  return cps.length <= width ? s : `…${cps.slice(cps.length - width + 1).join('')}`;
}

/**
 * A human-readable report of a scan, grouped by severity (most severe first), suppressed findings
 * last, then input errors and the summary. Every record-derived string is made terminal-safe.
 */
export function renderTable(result: ScanResult, options: TableOptions = {}): string {
  const width = options.width ?? 120;
  const maxErrors = options.maxErrorsShown ?? 20;
  const out: string[] = [];
  const active = result.findings.filter((f) => !f.suppressed);
  const suppressed = result.findings.filter((f) => f.suppressed);

  if (active.length === 0) out.push('No findings.');
  for (const sev of ORDER) {
    const group = active.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    out.push('', `${sev.toUpperCase()} (${group.length})`);
    for (const f of group) {
      out.push(row(f));
      out.push(...wrap(terminalSafe(f.title), Math.max(40, width - 6), '      '));
      const who = terminalSafe(f.actor.display);
      const role = f.role ? terminalSafe(f.role.arn) : '-';
      out.push(`      actor:    ${truncate(who, width - 16)}`);
      out.push(`      role:     ${truncate(role, width - 16)}`);
      out.push(`      expected: ${truncate(terminalSafe(f.evidence.expected), width - 16)}`);
      out.push(`      actual:   ${truncate(terminalSafe(f.evidence.actual), width - 16)}`);
      if (f.evidence.note !== undefined)
        out.push(`      note:     ${truncate(terminalSafe(f.evidence.note), width - 16)}`);
      if (f.location !== undefined)
        out.push(`      source:   ${truncateLeft(terminalSafe(f.location), width - 16)}`);
    }
  }
  if (suppressed.length > 0) {
    out.push('', `SUPPRESSED (${suppressed.length}) — kept for the audit trail, not alerted`);
    for (const f of suppressed) {
      out.push(row(f));
      out.push(...wrap(terminalSafe(f.title), Math.max(40, width - 6), '      '));
      if (f.suppression) {
        const s = f.suppression;
        out.push(`      by ${terminalSafe(s.owner)} until ${s.expires}: ${terminalSafe(s.reason)}`);
      }
    }
  }
  if (result.warnings.length > 0) {
    out.push('', 'TRUST FILE WARNINGS');
    for (const w of result.warnings) {
      out.push(`  ${terminalSafe(formatConfigIssue(w))}`);
    }
  }
  if (result.summary.malformed > 0) {
    out.push('', `INPUT ERRORS (${result.summary.malformed}) — these records were not judged`);
    for (const e of result.errors.slice(0, maxErrors)) {
      out.push(`  ${terminalSafe(formatLocation(e.location))}: ${terminalSafe(e.message)}`);
    }
    const rest = result.summary.malformed - Math.min(maxErrors, result.errors.length);
    if (rest > 0) out.push(`  … and ${rest} more (raise --max-errors, and use --format json, to list them)`);
  }
  out.push('', renderSummaryLine(result.summary, activeBySeverity(result.findings)));
  return `${out.join('\n')}\n`;
}

/** The one-line summary that ends the table (and, for jsonl, stderr). */
export function renderSummaryLine(
  s: ScanSummary,
  activeBySeverity: Readonly<Record<Severity, number>>,
): string {
  // Suppressed findings are counted apart, so that the line adds up with the sections above it.
  const sev = ORDER.filter((k) => activeBySeverity[k] > 0)
    .map((k) => `${activeBySeverity[k]} ${k}`)
    .join(', ');
  const unsuppressed = s.findings - s.suppressed;
  return (
    `Scanned ${s.files} file(s), ${s.records} record(s): ${s.credentialEvents} credential event(s) judged, ` +
    `${s.skipped} other record(s) skipped, ${s.malformed} input error(s). ` +
    `${unsuppressed} finding(s)${sev ? ` (${sev})` : ''}${s.suppressed ? ` and ${s.suppressed} suppressed` : ''}.`
  );
}

/** `--format table`: the table needs every finding to order them, so it is drawn at the end. */
export function tableWriter(options: TableOptions = {}): FindingWriter {
  const findings: Finding[] = [];
  return {
    begin: () => '',
    finding(f) {
      findings.push(f);
      return '';
    },
    end: (end) => renderTable({ ...end, findings: findings.sort(compareFindings) }, options),
  };
}
