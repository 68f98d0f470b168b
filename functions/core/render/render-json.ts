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

/** `[[` + newline + 4 spaces: what precedes the finding when it is serialized two arrays deep. */
const NESTED_START = '[\n  [\n    '.length;
/** The finding's closing brace and the two arrays' closings after it. */
const NESTED_END = '\n    }\n  ]\n]'.length;

/**
 * {@link withGroupKey} as `--format json` prints it inside `findings` (fields 6 spaces in). Serialized two
 * arrays deep, the text comes out at that depth, and `groupKey` (the spread's last key) goes in before the
 * closing brace: the same text as indenting `JSON.stringify(withGroupKey(f), null, 2)` line by line, without
 * copying the finding or rewriting its lines (a scan may print one finding per record).
 */
function findingText(f: Finding): string {
  const nested = JSON.stringify([[f]], null, 2);
  const open = nested.slice(NESTED_START, nested.length - NESTED_END);
  return jsonSafe(`${open},\n      "groupKey": ${JSON.stringify(findingGroupKey(f))}\n    }`);
}

/**
 * `--format json`: one object `{findings, errors, warnings, summary}` (CONTRACT §5), written as the
 * findings come: the text equals `JSON.stringify` of that object with a two-space indent.
 */
export function jsonWriter(): FindingWriter {
  let count = 0;
  return {
    begin: () => '{\n  "findings": [',
    finding(f: Finding) {
      return `${count++ === 0 ? '\n    ' : ',\n    '}${findingText(f)}`;
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
    // `groupKey` goes in before the closing brace, as the spread's last key would.
    finding: (f: Finding) => {
      const text = JSON.stringify(f);
      return `${jsonSafe(`${text.slice(0, -1)},"groupKey":${JSON.stringify(findingGroupKey(f))}}`)}\n`;
    },
    end: () => '',
  };
}

export const renderJson = (result: ScanResult): string => renderAll(jsonWriter(), result);
export const renderJsonLines = (result: ScanResult): string => renderAll(jsonLinesWriter(), result);
