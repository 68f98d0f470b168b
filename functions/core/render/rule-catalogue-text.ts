import type { RuleMetadata } from '../model/rule.ts';
import { wrap } from './render-table.ts';

/*
 * The rule catalogue for a terminal (`rolewatch rules`): lines that fit the terminal's width, wrapped at
 * spaces. The README keeps its Markdown table (core/rules/catalogue.ts); `--format markdown|json` prints those.
 */

/** Below this width the columns no longer fit side by side, so each rule takes two lines. */
const MIN_TABLE_COLUMNS = 60;
/** A terminal narrower than this is treated as this wide: words would otherwise be cut mid-word. */
const MIN_COLUMNS = 40;
const GAP = '  ';

const label = (r: RuleMetadata): string => (r.stateful ? `${r.id} (stateful)` : r.id);

/**
 * One line per rule (id, default severity, title), wrapped to `columns`; then the planned rules and how
 * to see one rule in full.
 *
 * @example renderRuleList(RULES, 100)
 */
export function renderRuleList(
  rules: readonly RuleMetadata[],
  columns: number,
  planned: readonly string[] = [],
): string {
  const width = Math.max(MIN_COLUMNS, columns);
  const idWidth = Math.max(4, ...rules.map((r) => label(r).length));
  const sevWidth = Math.max(8, ...rules.map((r) => r.defaultSeverity.length));
  const lines: string[] = [];
  const titleWidth = width - idWidth - sevWidth - 2 * GAP.length;
  if (width >= MIN_TABLE_COLUMNS && titleWidth >= 20) {
    const indent = ' '.repeat(width - titleWidth);
    lines.push(`${'RULE'.padEnd(idWidth)}${GAP}${'SEVERITY'.padEnd(sevWidth)}${GAP}TITLE`);
    for (const r of rules) {
      const [first = '', ...rest] = wrap(r.title, titleWidth, '');
      lines.push(`${label(r).padEnd(idWidth)}${GAP}${r.defaultSeverity.padEnd(sevWidth)}${GAP}${first}`);
      for (const more of rest) lines.push(`${indent}${more}`);
    }
  } else {
    for (const r of rules) {
      lines.push(`${label(r)} [${r.defaultSeverity}]`);
      lines.push(...wrap(r.title, width - 2, '  '));
    }
  }
  lines.push('');
  if (planned.length > 0) {
    lines.push(
      ...wrap(`Not built yet (a trust file may already name them): ${planned.join(', ')}.`, width, ''),
    );
  }
  lines.push(
    ...wrap(
      'rolewatch rules ID shows one rule in full; --format markdown or json prints the whole catalogue.',
      width,
      '',
    ),
  );
  return `${lines.join('\n')}\n`;
}

/**
 * One rule in full: title, default severity, when it fires, what to do, references (each on its own
 * line, a URL never broken), and how the trust file tunes it.
 */
export function renderRuleDetail(rule: RuleMetadata, columns: number): string {
  const width = Math.max(MIN_COLUMNS, columns);
  const body = (text: string) => wrap(text.replace(/\s+/g, ' ').trim(), width - 2, '  ');
  const kind = `Default severity: ${rule.defaultSeverity}${rule.stateful ? ' (stateful: needs a state store)' : ''}`;
  const lines = [
    rule.id,
    ...wrap(rule.title, width, ''),
    ...wrap(kind, width, ''),
    '',
    'Fires when',
    ...body(rule.description),
    '',
    'Remediation',
    ...body(rule.remediation),
  ];
  if (rule.references.length > 0) {
    lines.push('', 'References');
    // A URL is printed whole, even past the width: broken, a terminal could no longer open it.
    for (const ref of rule.references) {
      lines.push(...(/^https?:\/\//.test(ref) ? [`  ${ref}`] : wrap(ref, width - 2, '  ')));
    }
  }
  lines.push(
    '',
    'In the trust file',
    '  rules:',
    `    ${rule.id}: { severity: low }`,
    ...body(
      "sets its severity (a role entry's severity still raises it); { enabled: false } instead turns it " +
        'off. A suppression hides one finding pattern for a while instead.',
    ),
  );
  return `${lines.join('\n')}\n`;
}
