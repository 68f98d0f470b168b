// The SARIF rolewatch writes, checked against the SARIF 2.1.0 JSON schema and against what GitHub code
// scanning accepts: an artifact URI that is absolute with another scheme than the checkout's (`file`) gets
// the whole upload rejected ("SARIF URI scheme … did not match the checkout URI scheme"), and a URI must
// be a valid URI reference (no raw spaces).
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../functions/core/model/finding.ts';
import type { InputError } from '../../functions/core/model/input-error.ts';
import { renderAll } from '../../functions/core/render/finding-writer.ts';
import { SARIF_MAX_RESULTS, sarifWriter } from '../../functions/core/render/render-sarif.ts';
import { RULES } from '../../functions/core/rules/registry.ts';
import { EXAMPLE_TRUST, runCli } from '../cli/run-cli.ts';
import { deniedOn, findingOf, scanOf } from '../security/support.ts';
import { sarifSchemaErrors } from '../support/sarif-schema.ts';

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  description?: { text: string };
}
interface SarifLog {
  runs: {
    originalUriBaseIds?: Record<string, { uri?: string }>;
    results: { locations?: { physicalLocation: { artifactLocation: ArtifactLocation } }[] }[];
    invocations: {
      toolExecutionNotifications: {
        locations?: { physicalLocation: { artifactLocation: ArtifactLocation } }[];
      }[];
    }[];
  }[];
}

const BASE = '/home/runner/work/infra/infra';
const denied = findingOf('assume-denied', deniedOn('arn:aws:iam::111122223333:role/Deploy'));
const at = (location: string): Finding => ({ ...denied, location });
const S3_KEY =
  's3://org-trail/AWSLogs/o-a1b2c3/111122223333/CloudTrail/us-east-1/2026/11/01/111122223333_CloudTrail_us-east-1_20261101T1038Z_x.json.gz';
const WHERE = [
  `${BASE}/trail/log 1.json Records[0]`,
  '/tmp/downloaded-trail/a.jsonl:3',
  `${S3_KEY} Records[2]`,
  'lookup://us-east-1 AssumeRole page 3 Events[1].CloudTrailEvent',
  'logs:///aws/cloudtrail/org 2026-11-01T00:00Z..01:00Z logEvents[4].message',
  'athena://cloudtrail.org_trail query 0f6e row block 2 Records[7]',
];
const errorAt = (file: string): InputError => ({
  kind: 'json',
  message: 'invalid JSON',
  location: { file },
});

function render(): SarifLog {
  const scan = {
    ...scanOf(WHERE.map(at)),
    errors: [errorAt('lookup://eu-west-1 AssumeRole page 1'), errorAt(S3_KEY)],
  };
  return JSON.parse(renderAll(sarifWriter(RULES, '0.0.0', { baseDir: BASE }), scan)) as SarifLog;
}

describe('SARIF output against the SARIF 2.1.0 schema and GitHub code scanning', () => {
  const log = render();
  const run = log.runs[0]!;
  const resultUris = run.results.map((r) => r.locations?.[0]?.physicalLocation.artifactLocation);
  const notificationUris = run.invocations[0]!.toolExecutionNotifications.map(
    (n) => n.locations?.[0]?.physicalLocation.artifactLocation,
  );

  it('is valid against the official SARIF 2.1.0 JSON schema, for local files and every remote source', () => {
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('gives every result a location', () => {
    expect(resultUris.every((l) => l !== undefined)).toBe(true);
  });

  it('writes a remote source as a relative URI, never an absolute one with a scheme GitHub would reject', () => {
    for (const location of [...resultUris.slice(2), ...notificationUris]) {
      expect(location?.uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
      expect(location?.uri).not.toMatch(/\s/);
      expect(location?.uriBaseId).toBe('REMOTE');
    }
    expect(resultUris[2]?.uri).toBe(S3_KEY.replace('s3://', 's3/'));
    expect(resultUris[3]?.uri).toBe('lookup/us-east-1');
    expect(resultUris[4]?.uri).toBe('logs/aws/cloudtrail/org');
    expect(resultUris[5]?.uri).toBe('athena/cloudtrail.org_trail');
    expect(run.originalUriBaseIds?.REMOTE).toBeDefined();
  });

  it('keeps the exact source (page, window) in the location description', () => {
    expect(resultUris[3]?.description?.text).toBe('lookup://us-east-1 AssumeRole page 3');
    expect(resultUris[4]?.description?.text).toBe('logs:///aws/cloudtrail/org 2026-11-01T00:00Z..01:00Z');
  });

  it('writes files in the repository relative to %SRCROOT% and other files as file:// URIs', () => {
    expect(resultUris[0]).toEqual({ uri: 'trail/log%201.json', uriBaseId: '%SRCROOT%' });
    expect(resultUris[1]).toEqual({ uri: 'file:///tmp/downloaded-trail/a.jsonl' });
  });
});

describe('rolewatch scan --format sarif over the fixtures', () => {
  it('prints a log the SARIF 2.1.0 schema accepts', async () => {
    const run = await runCli(['scan', '--config', EXAMPLE_TRUST, '--format', 'sarif', 'fixtures/cloudtrail']);

    expect(run.status).toBe(0);
    const log = JSON.parse(run.stdout) as SarifLog;
    expect(log.runs[0]?.results.length).toBeGreaterThan(10);
    expect(sarifSchemaErrors(log)).toEqual([]);
  });
});

describe('SARIF output over GitHub code scanning’s result limit', () => {
  it('stops at GitHub’s limit of 25,000 results per run by default', () => {
    expect(SARIF_MAX_RESULTS).toBe(25_000);
  });

  it('writes at most maxResults results and says in a notification how many it left out', () => {
    const findings = WHERE.map(at);
    const text = renderAll(sarifWriter(RULES, '0.0.0', { baseDir: BASE, maxResults: 2 }), scanOf(findings));

    const log = JSON.parse(text) as SarifLog & {
      runs: {
        invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
      }[];
    };
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]?.results).toHaveLength(2);
    const [first] = log.runs[0]?.invocations[0]?.toolExecutionNotifications ?? [];
    expect(first?.level).toBe('error');
    expect(first?.message.text).toMatch(/^4 more finding\(s\) were not written: .*25000 results/);
  });
});
