import type { Finding } from '../model/finding.ts';
import type { Rule } from '../model/rule.ts';
import type { Severity } from '../model/severity.ts';
import { findingGroupKey } from '../pipeline/finding-group.ts';
import type { ScanResult } from '../pipeline/scan-result.ts';
import { type FindingWriter, renderAll, type ScanEnd } from './finding-writer.ts';
import { jsonSafe } from './json-safe.ts';

// SARIF levels and GitHub's `security-severity` (0–10) so code-scanning UIs rank findings like we do.
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

const INFORMATION_URI = 'https://github.com/rolewatch/rolewatch';

// `file:line path` as formatLocation writes it. File names may hold spaces, so the JSON path is only
// taken when it starts the way decode's paths do (`[3]`, `Records[0]`, `logEvents[2].message`, …).
const LOCATION =
  /^(.*?)(?::(\d+))?(?: ((?:\[\d+\]|Records|detail|awslogs|logEvents|Events|CloudTrailEvent)(?:\.\w+|\[\d+\])*))?$/;

/**
 * Plain text for a SARIF `message.text`. Viewers render `[text](target)` in plain-text messages as a
 * link (SARIF §3.11.6), and record values (a role ARN or error message a caller chose) are quoted in
 * messages, so `\`, `[` and `]` are escaped as the format asks; the exact values stay in `properties`.
 */
const messageText = (text: string): string => text.replace(/[\\[\]]/g, '\\$&');

/** A file path as a SARIF `uri` (a URI reference: spaces, `%`, `?` and `#` percent-encoded). */
function fileUri(file: string): string {
  const path = file.split('\\').join('/');
  try {
    return encodeURI(path).replace(/[?#]/g, encodeURIComponent);
  } catch {
    return path; // a lone surrogate: encodeURI refuses it; keep the name as it is
  }
}

/** Parses `file:line path` as written by formatLocation into a SARIF physical location. */
function physicalLocation(location: string | undefined): Record<string, unknown> | undefined {
  if (location === undefined) return undefined;
  const m = LOCATION.exec(location);
  if (m === null || m[1] === undefined || m[1] === '' || m[1] === '<input>') return undefined;
  const region = m[2] === undefined ? undefined : { startLine: Number(m[2]) };
  return {
    physicalLocation: {
      artifactLocation: { uri: fileUri(m[1]) },
      ...(region ? { region } : {}),
    },
    ...(m[3] ? { logicalLocations: [{ fullyQualifiedName: m[3], kind: 'element' }] } : {}),
  };
}

function result(f: Finding, ruleIndex: number): Record<string, unknown> {
  const loc = physicalLocation(f.location);
  const { title, remediation, ...properties } = f;
  return {
    ruleId: f.rule,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: {
      text: messageText(`${title} Expected: ${f.evidence.expected}. Actual: ${f.evidence.actual}.`),
    },
    ...(loc ? { locations: [loc] } : {}),
    partialFingerprints: { rolewatchFindingId: f.id, rolewatchGroup: findingGroupKey(f) },
    ...(f.suppressed
      ? {
          suppressions: [
            {
              kind: 'external',
              justification: f.suppression
                ? `${f.suppression.reason} (owner ${f.suppression.owner}, until ${f.suppression.expires})`
                : 'suppressed in the trust file',
            },
          ],
        }
      : {}),
    properties: { ...properties, remediation, 'security-severity': SECURITY_SEVERITY[f.severity] },
  };
}

const indented = (value: unknown, spaces: number): string =>
  jsonSafe(JSON.stringify(value, null, 2)).replace(/\n/g, `\n${' '.repeat(spaces)}`);

function driver(rules: readonly Rule[], version: string): Record<string, unknown> {
  return {
    name: 'rolewatch',
    informationUri: INFORMATION_URI,
    version,
    rules: rules.map((r) => ({
      id: r.id,
      name: r.id
        .split('-')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join(''),
      shortDescription: { text: r.title },
      fullDescription: { text: r.description },
      help: { text: r.remediation },
      defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
      properties: {
        tags: ['security', 'aws', 'sts'],
        'security-severity': SECURITY_SEVERITY[r.defaultSeverity],
        references: r.references,
      },
    })),
  };
}

function invocation(end: ScanEnd): Record<string, unknown> {
  return {
    executionSuccessful: true,
    toolExecutionNotifications: end.errors.map((e) => ({
      level: 'warning',
      message: { text: messageText(`${e.kind}: ${e.message}`) },
      ...(e.location.file
        ? {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: fileUri(e.location.file) },
                  ...(e.location.line ? { region: { startLine: e.location.line } } : {}),
                },
              },
            ],
          }
        : {}),
    })),
  };
}

/**
 * SARIF 2.1.0, one run, the rule catalogue as `tool.driver.rules`, written as the findings come: the
 * text equals `JSON.stringify` of the whole document with a two-space indent.
 */
export function sarifWriter(rules: readonly Rule[], version: string): FindingWriter {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  let count = 0;
  return {
    begin() {
      const head = indented(
        {
          $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
          version: '2.1.0',
          runs: [{ tool: { driver: driver(rules, version) } }],
        },
        0,
      );
      // Reopen the run after `tool` to stream `results` into it.
      return `${head.slice(0, -'\n    }\n  ]\n}'.length)},\n      "results": [`;
    },
    finding(f) {
      return `${count++ === 0 ? '\n        ' : ',\n        '}${indented(result(f, index.get(f.rule) ?? -1), 8)}`;
    },
    end(end) {
      return (
        `${count > 0 ? '\n      ]' : ']'},\n` +
        `      "invocations": ${indented([invocation(end)], 6)},\n` +
        `      "properties": ${indented({ summary: end.summary }, 6)}\n    }\n  ]\n}\n`
      );
    },
  };
}

export const renderSarif = (result: ScanResult, rules: readonly Rule[], version: string): string =>
  renderAll(sarifWriter(rules, version), result);
