import type { Finding } from '../model/finding.ts';
import { findingGroupKey } from '../pipeline/finding-group.ts';
import type { ScanResult } from '../pipeline/scan-result.ts';
import { type FindingWriter, renderAll, type ScanEnd } from './finding-writer.ts';
import { jsonSafe } from './json-safe.ts';

/** A finding as the JSON outputs print it: CONTRACT §4's fields plus `groupKey` (same rule, role, actor). */
export const withGroupKey = (f: Finding): Finding & { readonly groupKey: string } => ({
  ...f,
  groupKey: findingGroupKey(f),
});

const indented = (value: unknown, spaces: number): string =>
  jsonSafe(JSON.stringify(value, null, 2)).replace(/\n/g, `\n${' '.repeat(spaces)}`);

/**
 * `--format json`: one object `{findings, errors, warnings, summary}` (CONTRACT §5), written as the
 * findings come: the text equals `JSON.stringify` of that object with a two-space indent.
 */
export function jsonWriter(): FindingWriter {
  let count = 0;
  return {
    begin: () => '{\n  "findings": [',
    finding(f: Finding) {
      return `${count++ === 0 ? '\n    ' : ',\n    '}${indented(withGroupKey(f), 4)}`;
    },
    end(end: ScanEnd) {
      return (
        `${count > 0 ? '\n  ]' : ']'},\n` +
        `  "errors": ${indented(end.errors, 2)},\n` +
        `  "warnings": ${indented(end.warnings, 2)},\n` +
        `  "summary": ${indented(end.summary, 2)}\n}\n`
      );
    },
  };
}

/** `--format jsonl`: one finding per line (the summary and errors go to stderr). */
export function jsonLinesWriter(): FindingWriter {
  return {
    begin: () => '',
    finding: (f: Finding) => `${jsonSafe(JSON.stringify(withGroupKey(f)))}\n`,
    end: () => '',
  };
}

export const renderJson = (result: ScanResult): string => renderAll(jsonWriter(), result);
export const renderJsonLines = (result: ScanResult): string => renderAll(jsonLinesWriter(), result);
