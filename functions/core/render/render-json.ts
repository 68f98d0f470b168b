import type { ScanResult } from '../pipeline/scan-result.ts';

/** `--format json`: one object `{summary, findings, errors, warnings}` (CONTRACT §5). */
export function renderJson(scan: ScanResult): string {
  return `${JSON.stringify(
    { summary: scan.summary, findings: scan.findings, errors: scan.errors, warnings: scan.warnings },
    null,
    2,
  )}\n`;
}

// JSON.stringify leaves these unescaped inside strings, and some line readers (Python's splitlines())
// break lines at them: a record value could otherwise split one finding over two lines.
const LINE_BREAKING = /[\u0085\u2028\u2029]/g;
const escapeLineBreaking = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `--format jsonl`: one finding per line (summary and errors go to stderr). */
export function renderJsonLines(scan: ScanResult): string {
  let out = '';
  for (const f of scan.findings) out += `${JSON.stringify(f).replace(LINE_BREAKING, escapeLineBreaking)}\n`;
  return out;
}
