import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_TRUST, ROOT, runCli } from './run-cli.ts';

const IAM_SCENARIOS = join(ROOT, 'fixtures', 'cloudtrail', 'rules', 'trust-policy-changed');

describe('rolewatch scan on IAM trust-policy changes', () => {
  it('judges CreateRole/UpdateAssumeRolePolicy/UpdateRole records and counts them apart', async () => {
    const run = await runCli([
      'scan',
      '--config',
      EXAMPLE_TRUST,
      '--format',
      'json',
      '--workers',
      '1',
      IAM_SCENARIOS,
    ]);

    expect(run.status).toBe(0);
    const { summary, findings } = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ records: 3, trustPolicyEvents: 3, credentialEvents: 0, skipped: 0 });
    expect(findings.map((f: { rule: string; eventName: string }) => [f.rule, f.eventName])).toEqual([
      ['trust-policy-changed', 'UpdateAssumeRolePolicy'],
    ]);
  });

  it('says so in the table summary, and does not call the scan empty', async () => {
    const run = await runCli(['scan', '--config', EXAMPLE_TRUST, '--workers', '1', IAM_SCENARIOS]);

    expect(run.stdout).toContain('3 IAM trust change(s) judged');
    expect(run.stdout).not.toContain('Nothing was judged');
  });
});
