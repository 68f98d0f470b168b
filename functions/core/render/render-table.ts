import type { Finding } from '../model/finding.ts';
import { formatLocation } from '../model/location.ts';
import { SEVERITIES, type Severity } from '../model/severity.ts';
import { findingGroupKey } from '../pipeline/finding-group.ts';
import type { ScanResult } from '../pipeline/scan-result.ts';
import type { ScanSummary } from '../pipeline/scan-summary.ts';
import { formatConfigIssue } from '../trust/describe-trust-config.ts';
import { type FindingWriter, renderAll, type ScanEnd } from './finding-writer.ts';
import { terminalSafe, truncate } from './terminal-safe.ts';

export interface TableOptions {
  /** Terminal width; the table adapts its text to it. */
  readonly width?: number;
  /** How many input errors to list before summarising the rest. */
  readonly maxErrorsShown?: number;
  /**
   * One entry per group of findings with the same rule, role and actor (the default), or one per
   * finding (`--no-group`: every finding is then held in memory until the end).
   */
  readonly group?: boolean;
}

const ORDER: readonly Severity[] = [...SEVERITIES].reverse();
const LABEL = 18;
/** Long notes and evidence wrap; beyond this many lines they are cut (at a word boundary). */
const MAX_WRAPPED_LINES = 6;

/** Findings of one rule, role and actor (and one severity and suppression state). */
interface Group {
  readonly first: Finding;
  count: number;
  firstTime: string | undefined;
  lastTime: string | undefined;
}

const showTime = (t: string | undefined): string => (t ?? '-').replace('T', ' ').replace(/\.\d+Z$/, 'Z');

/**
 * Wraps text at spaces to `width` columns (a word longer than a line is broken across lines, never
 * hidden), indenting continuation lines; at most `maxLines` lines, the last ending in '…' when cut.
 */
export function wrap(
  text: string,
  width: number,
  indent: string,
  maxLines = Number.POSITIVE_INFINITY,
): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    // Past maxLines + 1 lines only the first maxLines are shown, cut: the rest need not be made.
    if (lines.length > maxLines) break;
    const w = [...word];
    if (line !== '' && [...line].length + 1 + w.length > width) {
      lines.push(line);
      line = '';
    }
    // Pieces are cut at an index, not by slicing off the front each time: a forged 64 KB word was
    // copied once per line, 0.4 s for one value.
    let at = 0;
    while (w.length - at > width && lines.length <= maxLines) {
      if (line !== '') lines.push(line);
      lines.push(w.slice(at, at + width).join(''));
      line = '';
      at += width;
    }
    const rest = at === 0 ? word : w.slice(at).join('');
    line = line === '' ? rest : `${line} ${rest}`;
  }
  if (line !== '') lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${truncate(kept[maxLines - 1] ?? '', width - 1)}…`;
    return kept.map((l) => indent + l);
  }
  return lines.map((l) => indent + l);
}

/** Cuts from the left: for paths, the file name and record position are the informative end. */
function truncateLeft(s: string, width: number): string {
  const cps = [...s];
  return cps.length <= width ? s : `…${cps.slice(cps.length - width + 1).join('')}`;
}

/** A label in its column (six spaces in, the value at column LABEL). */
const label = (name: string): string => `      ${`${name}:`.padEnd(LABEL - 6)}`;

function field(name: string, value: string, width: number): string[] {
  const indent = ' '.repeat(6 + LABEL - 6);
  const lines = wrap(terminalSafe(value), Math.max(20, width - LABEL), indent, MAX_WRAPPED_LINES);
  const first = lines[0]?.slice(indent.length) ?? '';
  return [`${label(name)}${first}`, ...lines.slice(1)];
}

function callLine(f: Finding): string {
  const parts: string[] = [f.eventName];
  if (f.awsRegion !== undefined) parts.push(`in ${f.awsRegion}`);
  if (f.sourceIp !== undefined) parts.push(`from ${f.sourceIp}`);
  if (f.eventId !== undefined) parts.push(`(event ${f.eventId})`);
  return parts.join(' ');
}

function sessionLine(f: Finding): string | undefined {
  const s = f.session;
  const facts: string[] = [];
  if (s.requestedSeconds !== undefined) facts.push(`requested ${s.requestedSeconds} s`);
  if (s.grantedSeconds !== undefined) facts.push(`granted ${s.grantedSeconds} s`);
  if (s.sourceIdentity !== undefined) facts.push(`source identity ${s.sourceIdentity}`);
  if (s.name === undefined && facts.length === 0) return undefined;
  return `${s.name ?? '(no name)'}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
}

function groupLines(g: Group, width: number, showFix: boolean): string[] {
  const f = g.first;
  const span = g.count > 1 ? `  ×${g.count}, last ${showTime(g.lastTime)}` : '';
  const out = [`  ${showTime(g.firstTime).padEnd(20)}  ${f.rule}${span}`];
  out.push(...wrap(terminalSafe(f.title), Math.max(40, width - 6), '      ', MAX_WRAPPED_LINES));
  if (f.suppressed) {
    if (f.suppression) {
      const s = f.suppression;
      out.push(...field('suppressed', `by ${s.owner} until ${s.expires}: ${s.reason}`, width));
    }
    return out;
  }
  out.push(`${label('actor')}${truncate(terminalSafe(f.actor.display), width - LABEL)}`);
  const origin = f.actor.origin;
  if (origin !== undefined) {
    const note = origin.note === undefined ? '' : ` (${origin.note})`;
    out.push(...field('origin', `${origin.display}${note}`, width));
  }
  out.push(`${label('role')}${truncate(f.role ? terminalSafe(f.role.arn) : '-', width - LABEL)}`);
  out.push(...field('expected', f.evidence.expected, width));
  out.push(...field('actual', f.evidence.actual, width));
  if (f.evidence.note !== undefined) out.push(...field('note', f.evidence.note, width));
  out.push(...field('call', callLine(f), width));
  const session = sessionLine(f);
  if (session !== undefined) out.push(`${label('session')}${truncate(terminalSafe(session), width - LABEL)}`);
  if (f.userAgent !== undefined)
    out.push(`${label('agent')}${truncate(terminalSafe(f.userAgent), width - LABEL)}`);
  if (f.location !== undefined) {
    const more = g.count > 1 ? ` (1 of ${g.count})` : '';
    out.push(
      `${label('source')}${truncateLeft(terminalSafe(f.location), width - LABEL - more.length)}${more}`,
    );
  }
  if (showFix) out.push(...field('fix', f.remediation, width));
  return out;
}

/**
 * The one-line summary that ends the table (and, for jsonl, stderr). `shown`: how many unsuppressed
 * findings `--rule`/`--min-severity` let through, when that is fewer than all; the severity breakdown is
 * then of those.
 */
export function renderSummaryLine(
  s: ScanSummary,
  activeBySeverity: Readonly<Record<Severity, number>>,
  shown?: number,
): string {
  // Suppressed findings are counted apart, so that the line adds up with the sections above it.
  const sev = ORDER.filter((k) => activeBySeverity[k] > 0)
    .map((k) => `${activeBySeverity[k]} ${k}`)
    .join(', ');
  const unsuppressed = s.findings - s.suppressed;
  const filtered = shown !== undefined && shown < unsuppressed;
  const suppressed = s.suppressed ? ` and ${s.suppressed} suppressed` : '';
  return (
    `Scanned ${s.files} file(s), ${s.records} record(s): ${s.credentialEvents} credential event(s) judged, ` +
    (s.outsidePeriod > 0 ? `${s.outsidePeriod} outside the period (not judged), ` : '') +
    (s.trustPolicyEvents > 0 ? `${s.trustPolicyEvents} IAM trust change(s) judged, ` : '') +
    `${s.skipped} other record(s) skipped, ${s.malformed} input error(s). ` +
    (filtered
      ? `${unsuppressed} finding(s)${suppressed}; ${shown} shown${sev ? ` (${sev})` : ''} by --rule/--min-severity.`
      : `${unsuppressed} finding(s)${sev ? ` (${sev})` : ''}${suppressed}.`)
  );
}

const compareGroups = (a: Group, b: Group): number => {
  const ta = a.firstTime ?? '';
  const tb = b.firstTime ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.first.rule < b.first.rule ? -1 : a.first.rule > b.first.rule ? 1 : 0;
};

function renderEnd(groups: readonly Group[], end: ScanEnd, options: TableOptions): string {
  const width = options.width ?? 120;
  const maxErrors = options.maxErrorsShown ?? 20;
  const out: string[] = [];
  const active = groups.filter((g) => !g.first.suppressed).sort(compareGroups);
  const suppressed = groups.filter((g) => g.first.suppressed).sort(compareGroups);
  const activeCount = active.reduce((n, g) => n + g.count, 0);

  if (end.summary.credentialEvents === 0 && end.summary.trustPolicyEvents === 0) {
    out.push(
      end.summary.outsidePeriod > 0
        ? `Nothing was judged: the ${end.summary.outsidePeriod} credential event(s) read are all outside the period (--since/--until).`
        : 'Nothing was judged: no credential event was read (see the summary below).',
    );
  } else if (activeCount === 0) {
    const hidden = end.summary.findings - end.summary.suppressed;
    out.push(
      hidden > 0
        ? `No finding shown: the ${hidden} finding(s) of this scan are all hidden by --rule/--min-severity.`
        : 'No findings.',
    );
  }
  const fixShown = new Set<string>();
  for (const sev of ORDER) {
    const here = active.filter((g) => g.first.severity === sev);
    if (here.length === 0) continue;
    const n = here.reduce((sum, g) => sum + g.count, 0);
    const groupsNote = here.length < n ? ` in ${here.length} group${here.length === 1 ? '' : 's'}` : '';
    out.push('', `${sev.toUpperCase()} (${n}${groupsNote})`);
    for (const g of here) {
      const showFix = !fixShown.has(g.first.rule);
      fixShown.add(g.first.rule);
      out.push(...groupLines(g, width, showFix));
    }
  }
  if (suppressed.length > 0) {
    const n = suppressed.reduce((sum, g) => sum + g.count, 0);
    out.push('', `SUPPRESSED (${n}) — kept for the audit trail, not alerted`);
    for (const g of suppressed) out.push(...groupLines(g, width, false));
  }
  if (end.warnings.length > 0) {
    out.push('', 'TRUST FILE WARNINGS');
    for (const w of end.warnings) out.push(`  ${terminalSafe(formatConfigIssue(w))}`);
  }
  if (end.summary.malformed > 0) {
    out.push('', `INPUT ERRORS (${end.summary.malformed}) — these records were not judged`);
    for (const e of end.errors.slice(0, maxErrors)) {
      out.push(`  ${terminalSafe(formatLocation(e.location))}: ${terminalSafe(e.message)}`);
    }
    const rest = end.summary.malformed - Math.min(maxErrors, end.errors.length);
    if (rest > 0) out.push(`  … and ${rest} more (raise --max-errors, and use --format json, to list them)`);
  }
  const activeBySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const g of active) activeBySeverity[g.first.severity] += g.count;
  out.push('', renderSummaryLine(end.summary, activeBySeverity, activeCount));
  for (const id of end.summary.state?.notRun ?? []) {
    out.push(`${id} did not run: it needs a state store that outlives the scan (--state FILE).`);
  }
  if (end.summary.state?.learning) {
    out.push('Learning: pairs were recorded in the state file; first-seen-pair reports none (--learn).');
  }
  return `${out.join('\n')}\n`;
}

/**
 * `--format table`: a human-readable report, grouped by severity (most severe first), findings of the
 * same rule, role and actor as one entry with a count and first/last time, suppressed findings last,
 * then trust-file warnings, input errors and the summary. Every record-derived string is made
 * terminal-safe. Drawn at the end (it orders by severity); memory grows with groups, not findings.
 */
export function tableWriter(options: TableOptions = {}): FindingWriter {
  const grouped = options.group ?? true;
  const groups = new Map<string, Group>();
  const singles: Group[] = [];
  return {
    begin: () => '',
    finding(f) {
      const t = f.eventTime;
      if (!grouped) {
        singles.push({ first: f, count: 1, firstTime: t, lastTime: t });
        return '';
      }
      const key = `${f.severity}|${f.suppressed}|${findingGroupKey(f)}`;
      const g = groups.get(key);
      if (g === undefined) {
        groups.set(key, { first: f, count: 1, firstTime: t, lastTime: t });
        return '';
      }
      g.count++;
      if (t !== undefined) {
        if (g.firstTime === undefined || t < g.firstTime) g.firstTime = t;
        if (g.lastTime === undefined || t > g.lastTime) g.lastTime = t;
      }
      return '';
    },
    end: (end) => renderEnd(grouped ? [...groups.values()] : singles, end, options),
  };
}

/** A whole scan result as a table (for results already in memory). */
export const renderTable = (result: ScanResult, options: TableOptions = {}): string =>
  renderAll(tableWriter(options), result);
