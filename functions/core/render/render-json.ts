import type { Finding } from '../model/finding.ts';
import { findingGroupKey } from '../pipeline/finding-group.ts';
import type { ScanResult } from '../pipeline/scan-result.ts';
import { type FindingWriter, renderAll, type ScanEnd } from './finding-writer.ts';
import { indentedJson } from './indented-json.ts';
import { jsonSafe } from './json-safe.ts';

/** A finding as the JSON outputs print it: CONTRACT §4's fields plus `groupKey` (same rule, role, actor). */
export const withGroupKey = (f: Finding): Finding & { readonly groupKey: string } => ({
  ...f,
  groupKey: findingGroupKey(f),
});

/** The finding's closing brace, 4 spaces in: `groupKey` goes in before it. */
const FINDING_CLOSE = '\n    }';

/**
 * {@link withGroupKey} as `--format json` prints it inside `findings` (fields 6 spaces in): the finding at
 * its depth, and `groupKey` (the spread's last key) put in before the closing brace, without copying the
 * finding. `groupKey` is hex: nothing in it to escape.
 */
function findingText(f: Finding): string {
  const text = indentedJson(f, 4);
  return `${text.slice(0, -FINDING_CLOSE.length)},\n      "groupKey": ${JSON.stringify(findingGroupKey(f))}${FINDING_CLOSE}`;
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
        `  "errors": ${indentedJson(end.errors, 2)},\n` +
        `  "warnings": ${indentedJson(end.warnings, 2)},\n` +
        `  "summary": ${indentedJson(end.summary, 2)}\n}\n`
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
