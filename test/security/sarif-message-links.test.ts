import { describe, expect, it } from 'vitest';
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
