import type { ScanResult } from '../pipeline/scan-result.ts';

/** `--format json`: one object `{summary, findings, errors, warnings}` (CONTRACT §5). */
export function renderJson(scan: ScanResult): string {
  return `${JSON.stringify(
    { summary: scan.summary, findings: scan.findings, errors: scan.errors, warnings: scan.warnings },
    null,
    2,
  )}\n`;
}

/** `--format jsonl`: one finding per line (summary and errors go to stderr). */
export function renderJsonLines(scan: ScanResult): string {
  let out = '';
  for (const f of scan.findings) out += `${JSON.stringify(f)}\n`;
  return out;
}
