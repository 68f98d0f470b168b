import type { RecordExplanation, RuleVerdictView } from '../explain/explain-event.ts';
import type { InputError } from '../model/input-error.ts';
import { formatLocation } from '../model/location.ts';
import { jsonSafe } from './json-safe.ts';
import { terminalSafe } from './terminal-safe.ts';

/** A record `explain` read but no rule judges (another API call): said, not explained. */
export interface NotJudgedRecord {
  readonly location: string;
  readonly eventSource: string;
  readonly eventName: string;
}

export interface ExplainReport {
  readonly explanations: readonly RecordExplanation[];
  readonly notJudged: readonly NotJudgedRecord[];
  readonly errors: readonly InputError[];
}

const VERDICT_LABEL: Readonly<Record<RuleVerdictView['verdict'], string>> = {
  match: 'MATCH',
  'no-match': 'no match',
  'not-applicable': 'not applicable',
};
const ORDER: readonly RuleVerdictView['verdict'][] = ['match', 'no-match', 'not-applicable'];
/** Not-applicable verdicts sharing one reason are listed together from this many rules on. */
const SHARED_REASON_RULES = 4;

/** Words of `text` in lines of at most `width` columns (a longer word stands alone). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

function labelled(label: string, text: string, width: number, indent = '  '): string[] {
  const pad = ' '.repeat(indent.length + label.length);
  return wrap(text, Math.max(20, width - pad.length)).map((l, i) =>
    i === 0 ? `${indent}${label}${l}` : `${pad}${l}`,
  );
}

function verdictLines(v: RuleVerdictView, width: number): string[] {
  const head = `${VERDICT_LABEL[v.verdict].padEnd(16)}${v.rule.padEnd(26)}`;
  const reason =
    v.verdict === 'match' ? `[${v.severity}${v.suppressed ? ', suppressed' : ''}] ${v.reason}` : v.reason;
  const lines = labelled(head, reason, width);
  const deeper = ' '.repeat(2 + head.length);
  if (v.evidence !== undefined) {
    lines.push(...labelled('expected: ', v.evidence.expected, width, deeper));
    lines.push(...labelled('actual:   ', v.evidence.actual, width, deeper));
    if (v.evidence.note !== undefined) lines.push(...labelled('note:     ', v.evidence.note, width, deeper));
  }
  if (v.suppressed !== undefined) {
    lines.push(
      ...labelled(
        'suppressed: ',
        `${v.suppressed.reason} (owner ${v.suppressed.owner}, until ${v.suppressed.expires})`,
        width,
        deeper,
      ),
    );
  }
  return lines;
}

const entryText = (e: { arn: string; line?: number }): string =>
  `${e.arn}${e.line === undefined ? '' : ` (line ${e.line})`}`;

function explanationLines(x: RecordExplanation, width: number): string[] {
  const r = x.record;
  const when = r.eventTime === undefined ? '' : ` at ${r.eventTime}`;
  const outcome = r.success ? '' : ` (failed: ${r.errorCode ?? 'error'})`;
  const lines = [
    `${r.eventName}${outcome} by ${r.actor}${when}`,
    ...labelled(
      'record: ',
      `${r.location}${r.eventId === undefined ? '' : ` (eventID ${r.eventId})`}`,
      width,
    ),
  ];
  if (r.role !== undefined) lines.push(...labelled('role:   ', r.role, width));
  if (x.entry !== undefined) lines.push(...labelled('entry:  ', `${entryText(x.entry)} applies`, width));
  else lines.push(...labelled('entry:  ', x.entryNote ?? 'no roles entry matches the role', width));
  if (x.entry !== undefined && x.entryNote !== undefined)
    lines.push(...labelled('        ', x.entryNote, width));
  if (x.shadowed.length > 0) {
    lines.push(
      ...labelled(
        '        ',
        `it shadows, for this role, the later matching ${x.shadowed.length === 1 ? 'entry' : 'entries'} ` +
          `${x.shadowed.map(entryText).join(', ')}: their settings never apply to it`,
        width,
      ),
    );
  }
  const matches = x.verdicts.filter((v) => v.verdict === 'match');
  const active = x.findings.filter((f) => !f.suppressed).length;
  lines.push(
    ...labelled(
      'result: ',
      matches.length === 0
        ? 'no finding'
        : `${x.findings.length} finding(s)${active < x.findings.length ? `, ${x.findings.length - active} suppressed` : ''}: ${matches.map((m) => m.rule).join(', ')}`,
      width,
    ),
  );
  if (x.sameCallAs !== undefined) {
    lines.push(
      ...labelled(
        '        ',
        `the same call as ${x.sameCallAs.location} (its other copy, one sharedEventID): scan reports ` +
          `${x.sameCallAs.rules.join(', ')} once, not once per copy`,
        width,
      ),
    );
  }
  lines.push('');
  for (const verdict of ORDER) {
    const here = x.verdicts.filter((w) => w.verdict === verdict);
    // A reason many rules share (the rules of the other event kind) is said once, with their ids.
    const shared = new Map<string, string[]>();
    for (const v of here) shared.set(v.reason, [...(shared.get(v.reason) ?? []), v.rule]);
    const said = new Set<string>();
    for (const v of here) {
      const rules = shared.get(v.reason) ?? [];
      if (verdict !== 'not-applicable' || rules.length < SHARED_REASON_RULES) {
        lines.push(...verdictLines(v, width));
      } else if (!said.has(v.reason)) {
        said.add(v.reason);
        lines.push(...labelled(`${VERDICT_LABEL[verdict].padEnd(16)}`, `${rules.join(', ')}:`, width));
        lines.push(...labelled(' '.repeat(16), v.reason, width));
      }
    }
  }
  return lines;
}

/**
 * `rolewatch explain` for people: per record, the entry that applied (and what it shadows), then every
 * rule's verdict, matches first, with its reason; wrapped to `width`. Record-derived text is made
 * terminal-safe.
 */
export function renderExplanationTable(report: ExplainReport, width: number): string {
  const blocks = report.explanations.map((x) => explanationLines(x, width).map(terminalSafe).join('\n'));
  for (const n of report.notJudged) {
    blocks.push(
      terminalSafe(
        `${n.location}: ${n.eventSource} ${n.eventName} is neither an STS credential-issuing call nor an IAM ` +
          'trust-policy change: no rule judges it.',
      ),
    );
  }
  for (const e of report.errors) {
    blocks.push(terminalSafe(`input error: ${formatLocation(e.location)}: ${e.message}`));
  }
  return `${blocks.join('\n\n')}\n`;
}

/** `{"explanations": [...], "notJudged": [...], "errors": [...]}` for machines. */
export function renderExplanationJson(report: ExplainReport): string {
  return `${jsonSafe(JSON.stringify(report, null, 2))}\n`;
}
