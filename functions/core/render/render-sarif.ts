import type { Finding } from '../model/finding.ts';
import type { RuleMetadata } from '../model/rule.ts';
import type { Severity } from '../model/severity.ts';
import { findingGroupKey } from '../pipeline/finding-group.ts';
import type { ScanResult } from '../pipeline/scan-result.ts';
import { type FindingWriter, renderAll, type ScanEnd } from './finding-writer.ts';
import { indentedJson } from './indented-json.ts';

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

/** The base SARIF viewers resolve relative artifact URIs against (GitHub code scanning: the checkout). */
const SRCROOT = '%SRCROOT%';

/** A path as a URI reference: spaces, `%`, `?` and `#` percent-encoded. */
function encodePath(path: string): string {
  try {
    return encodeURI(path).replace(/[?#]/g, encodeURIComponent);
  } catch {
    return path; // a lone surrogate: encodeURI refuses it; keep the name as it is
  }
}

/**
 * The base of the URIs of inputs read from AWS (`s3://`, `lookup://`, `logs://`, `athena://`). Their URIs
 * are relative (`s3/BUCKET/KEY`, `lookup/REGION`): GitHub code scanning rejects a whole upload in which an
 * absolute URI has another scheme than the checkout's `file`, and `lookup://us-east-1 AssumeRole page 3`
 * is not a URI at all. The exact source name is kept in the location's description.
 */
const REMOTE = 'REMOTE';

/** A source URL and what follows it in an input's name (`lookup://REGION EVENTNAME page N`). */
const SOURCE_NAME = /^([a-z][a-z0-9+.-]*):\/\/(\S*)(?: .*)?$/i;

/**
 * Where an input is, as a SARIF artifact location: a path under `baseDir` relative to `%SRCROOT%`
 * (so that code-scanning pages link it), another local path as an absolute `file://` URI, and an input
 * read from a source URL relative to {@link REMOTE}.
 */
function artifactLocation(name: string, baseDir: string | undefined): Record<string, unknown> {
  const source = SOURCE_NAME.exec(name);
  if (source !== null) {
    const path = `${source[1]?.toLowerCase()}/${source[2] ?? ''}`.replace(/\/{2,}/g, '/').replace(/\/$/, '');
    return { uri: encodePath(path), uriBaseId: REMOTE, description: { text: messageText(name) } };
  }
  const file = name.split('\\').join('/');
  if (baseDir === undefined) return { uri: encodePath(file) };
  const base = baseDir.split('\\').join('/').replace(/\/+$/, '');
  const absolute = file.startsWith('/') ? file : `${base}/${file}`;
  if (absolute.startsWith(`${base}/`))
    return { uri: encodePath(absolute.slice(base.length + 1)), uriBaseId: SRCROOT };
  return { uri: `file://${encodePath(absolute)}` };
}

/** Parses `file:line path` as written by formatLocation into a SARIF physical location. */
function physicalLocation(
  location: string | undefined,
  baseDir: string | undefined,
): Record<string, unknown> | undefined {
  if (location === undefined) return undefined;
  const m = LOCATION.exec(location);
  if (m === null || m[1] === undefined || m[1] === '' || m[1] === '<input>') return undefined;
  const region = m[2] === undefined ? undefined : { startLine: Number(m[2]) };
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(m[1], baseDir),
      ...(region ? { region } : {}),
    },
    ...(m[3] ? { logicalLocations: [{ fullyQualifiedName: m[3], kind: 'element' }] } : {}),
  };
}

function result(f: Finding, ruleIndex: number, baseDir: string | undefined): Record<string, unknown> {
  const loc = physicalLocation(f.location, baseDir);
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

function driver(rules: readonly RuleMetadata[], version: string): Record<string, unknown> {
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

function invocation(end: ScanEnd, baseDir: string | undefined, omitted: number): Record<string, unknown> {
  const cut =
    omitted === 0
      ? []
      : [
          {
            level: 'error',
            descriptor: { id: 'results-omitted' },
            message: {
              text:
                `${omitted} more finding(s) were not written: GitHub code scanning rejects a run of more than ` +
                `${SARIF_MAX_RESULTS} results. Narrow the scan (--min-severity, --rule, --since) or use --format json.`,
            },
          },
        ];
  return {
    executionSuccessful: true,
    toolExecutionNotifications: [
      ...cut,
      ...end.errors.map((e) => ({
        level: 'warning',
        message: { text: messageText(`${e.kind}: ${e.message}`) },
        ...(e.location.file
          ? {
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: artifactLocation(e.location.file, baseDir),
                    ...(e.location.line ? { region: { startLine: e.location.line } } : {}),
                  },
                },
              ],
            }
          : {}),
      })),
    ],
  };
}

/**
 * Results GitHub code scanning accepts in one run: an upload with more is rejected whole ("Analysis SARIF
 * file rejected due to result limits"), so a scan of a busy organisation would lose every alert.
 */
export const SARIF_MAX_RESULTS = 25_000;

/**
 * SARIF 2.1.0, one run, the rule catalogue as `tool.driver.rules`, written as the findings come: the
 * text equals `JSON.stringify` of the whole document with a two-space indent.
 */
export function sarifWriter(
  rules: readonly RuleMetadata[],
  version: string,
  options: { readonly baseDir?: string; readonly maxResults?: number } = {},
): FindingWriter {
  const { baseDir, maxResults = SARIF_MAX_RESULTS } = options;
  const index = new Map(rules.map((r, i) => [r.id, i]));
  let count = 0;
  let omitted = 0;
  return {
    begin() {
      const head = indentedJson(
        {
          $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
          version: '2.1.0',
          runs: [
            {
              tool: { driver: driver(rules, version) },
              originalUriBaseIds: {
                ...(baseDir === undefined
                  ? {}
                  : { [SRCROOT]: { uri: `file://${encodePath(baseDir.replace(/\/*$/, '/'))}` } }),
                [REMOTE]: {
                  description: {
                    text: 'Inputs read from AWS: SCHEME/REST stands for the source SCHEME://REST named in the description.',
                  },
                },
              },
            },
          ],
        },
        0,
      );
      // Reopen the run after `tool` to stream `results` into it.
      return `${head.slice(0, -'\n    }\n  ]\n}'.length)},\n      "results": [`;
    },
    finding(f) {
      if (count >= maxResults) {
        omitted++;
        return '';
      }
      return `${count++ === 0 ? '\n        ' : ',\n        '}${indentedJson(result(f, index.get(f.rule) ?? -1, baseDir), 8)}`;
    },
    end(end) {
      return (
        `${count > 0 ? '\n      ]' : ']'},\n` +
        `      "invocations": ${indentedJson([invocation(end, baseDir, omitted)], 6)},\n` +
        `      "properties": ${indentedJson({ summary: end.summary }, 6)}\n    }\n  ]\n}\n`
      );
    },
  };
}

export const renderSarif = (result: ScanResult, rules: readonly RuleMetadata[], version: string): string =>
  renderAll(sarifWriter(rules, version), result);
