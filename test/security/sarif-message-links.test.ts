import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../functions/core/pipeline/scan-result.ts';
import { renderSarif } from '../../functions/core/render/render-sarif.ts';
import { RULES } from '../../functions/core/rules/registry.ts';
import { deniedOn, findingOf, scanOf } from './support.ts';

interface SarifLog {
  runs: { results: { message: { text: string }; properties: { evidence: { actual: string } } }[] }[];
}

// SARIF plain-text messages may embed links, `[text](https://…)`, which every viewer is expected to
// render as links; a literal `[` or `]` must be written `\[` / `\]` (and a literal `\` as `\\`).
const EMBEDDED_LINK = /(?<!\\)\[[^\]]*(?<!\\)\]\(/;

describe('SARIF results built from hostile records', () => {
  // STS accepts nearly any text as a RoleArn and repeats it in the AccessDenied message.
  const finding = findingOf(
    'assume-denied',
    deniedOn('arn:aws:iam::444455556666:role/[Open-the-runbook](https://evil.example/sso)'),
  );
  const sarif = JSON.parse(renderSarif(scanOf([finding]), RULES, '0.0.0')) as SarifLog;
  const result = sarif.runs[0]?.results[0];

  it('does not let a record value become an embedded link in the message', () => {
    expect(result?.message.text).toContain('Open-the-runbook');
    expect(result?.message.text).not.toMatch(EMBEDDED_LINK);
    expect(result?.message.text).toContain('\\[Open-the-runbook\\](https://evil.example/sso)');
  });

  it('keeps the exact value in the machine-readable properties', () => {
    expect(result?.properties.evidence.actual).toContain(
      'on resource: arn:aws:iam::444455556666:role/[Open-the-runbook](https://evil.example/sso)',
    );
  });
});

describe('SARIF text a record can reach, beyond the result message', () => {
  const finding = findingOf(
    'assume-denied',
    deniedOn('arn:aws:iam::444455556666:role/\\[Run\\](https://evil.example)'),
  );
  const log = (f: typeof finding, errors: ScanResult['errors'] = []) =>
    JSON.parse(renderSarif({ ...scanOf([f]), errors }, RULES, '0.0.0')) as {
      runs: {
        results: {
          message: { text: string };
          locations?: {
            physicalLocation: { artifactLocation: { uri: string; description?: { text: string } } };
          }[];
        }[];
        invocations: { toolExecutionNotifications: { message: { text: string } }[] }[];
      }[];
    };

  it("escapes a record's own backslash, so it cannot cancel the escape of the bracket after it", () => {
    expect(log(finding).runs[0]?.results[0]?.message.text).toContain(
      'role/\\\\\\[Run\\\\\\](https://evil.example)',
    );
  });

  it('escapes the message of an input error and the description of a remote source', () => {
    const remote = { ...finding, location: 's3://trail/[Open](https://evil.example)/k.json:3 Records[0]' };
    const sarif = log(remote, [
      {
        kind: 'json',
        message: 'invalid JSON near "[Open](https://evil.example)"',
        location: { file: 'f.json', line: 1 },
      },
    ]);
    const notice = sarif.runs[0]?.invocations[0]?.toolExecutionNotifications[0]?.message.text;
    expect(notice).toBe('json: invalid JSON near "\\[Open\\](https://evil.example)"');
    const where = sarif.runs[0]?.results[0]?.locations?.[0]?.physicalLocation.artifactLocation;
    expect(where?.description?.text).toBe('s3://trail/\\[Open\\](https://evil.example)/k.json');
  });

  it('percent-encodes # and ? in a file name, which would otherwise end the path of its URI', () => {
    const local = { ...finding, location: 'trail/a#b?c.json:3 Records[0]' };
    const where = log(local).runs[0]?.results[0]?.locations?.[0]?.physicalLocation.artifactLocation;
    expect(where?.uri).toBe('trail/a%23b%3Fc.json');
  });
});
