import { jsonSafe } from '../render/json-safe.ts';
import { TRUST_DRIFT_KINDS, type TrustDiff, type TrustDrift, type TrustDriftKind } from './trust-drift.ts';

const INFORMATION_URI = 'https://github.com/rolewatch/rolewatch';

const DESCRIPTIONS: Readonly<Record<TrustDriftKind, string>> = {
  'untrusted-principal':
    "A role's trust policy lets in a principal that the role's trust-file entry does not trust.",
  'missing-condition': 'A trust policy statement lets a principal in without a condition the entry requires.',
  'session-too-long': "The role's MaxSessionDuration is above the entry's maxSessionSeconds.",
  'unstatable-grant':
    'The trust policy lets in more than any trust-file entry can state ("*", NotPrincipal).',
  'unreadable-policy': 'The trust policy could not be read.',
  'unlisted-role': 'An IAM role that no trust-file entry matches.',
  'missing-role': 'A trust-file entry that matches no IAM role of the accounts read.',
  unverified: 'A part of the trust policy that could not be compared with the entry.',
};

const ruleId = (kind: TrustDriftKind): string => `trust-diff/${kind}`;
/** Plain-text SARIF messages render `[text](link)`; escape the brackets (SARIF §3.11.6). */
const messageText = (text: string): string => text.replace(/[\\[\]]/g, '\\$&');

function fileUri(file: string): string {
  try {
    return encodeURI(file.split('\\').join('/')).replace(/[?#]/g, encodeURIComponent);
  } catch {
    return file;
  }
}

function result(d: TrustDrift, configFile: string): Record<string, unknown> {
  const line = d.entry?.line;
  return {
    ruleId: ruleId(d.kind),
    ruleIndex: TRUST_DRIFT_KINDS.indexOf(d.kind),
    level: d.widens ? 'error' : 'warning',
    message: {
      text: messageText(
        `${d.message}${d.expected === undefined ? '' : ` Expected: ${d.expected}. Actual: ${d.actual ?? ''}.`}`,
      ),
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(configFile) },
          ...(line === undefined ? {} : { region: { startLine: line } }),
        },
      },
    ],
    partialFingerprints: {
      rolewatchTrustDrift: [
        d.kind,
        d.roleArn ?? d.entry?.arn ?? '',
        d.statement ?? '',
        d.condition ?? '',
        ...(d.principals ?? []),
      ].join('|'),
    },
    properties: { ...d, 'security-severity': d.widens ? '8.0' : '3.0' },
  };
}

/** SARIF 2.1.0 (the shape of `scan --format sarif`): one result per drift, located at the entry. */
export function renderTrustDiffSarif(diff: TrustDiff, configFile: string, version: string): string {
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rolewatch',
            informationUri: INFORMATION_URI,
            version,
            rules: TRUST_DRIFT_KINDS.map((kind) => ({
              id: ruleId(kind),
              name: kind
                .split('-')
                .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
                .join(''),
              shortDescription: { text: DESCRIPTIONS[kind] },
              defaultConfiguration: {
                level: kind === 'unverified' || kind === 'missing-role' ? 'warning' : 'error',
              },
              properties: { tags: ['security', 'aws', 'iam'] },
            })),
          },
        },
        results: diff.drifts.map((d) => result(d, configFile)),
        invocations: [{ executionSuccessful: true }],
        properties: { summary: diff.summary },
      },
    ],
  };
  return `${jsonSafe(JSON.stringify(doc, null, 2))}\n`;
}
