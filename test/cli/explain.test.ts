import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordExplanation } from '../../functions/core/explain/explain-event.ts';
import { RULES } from '../../functions/core/rules/registry.ts';
import { tempJson } from '../support/trust-cli.ts';
import { EXAMPLE_TRUST, ROOT, runCli } from './run-cli.ts';

const SCENARIOS = join(ROOT, 'fixtures', 'cloudtrail', 'rules');
const scenario = (rule: string, name: string): string => join(SCENARIOS, rule, `${name}.json`);

interface Report {
  readonly explanations: RecordExplanation[];
  readonly notJudged: { eventName: string }[];
}

async function explain(file: string, config = EXAMPLE_TRUST): Promise<Report> {
  const run = await runCli(['explain', '--config', config, '--format', 'json', file]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Report;
}

/**
 * What each rule's near miss changes, as its fixtures' SOURCES.md describe them: the reason `explain`
 * gives for the rule's verdict on the near miss must name it.
 */
const NEAR_MISS_CONDITION: Readonly<Record<string, RegExp>> = {
  'untrusted-principal': /trustedPrincipals names the caller/,
  'unlisted-role': /a roles entry matches the role/,
  'external-account': /account is in accounts/,
  'session-too-long': /within the role's maxSessionSeconds/,
  'mfa-missing': /serialNumber/,
  'external-id-missing': /externalId/,
  'source-identity-missing': /source identity/,
  'session-name-mismatch': /sessionNamePattern/,
  'source-ip-not-allowed': /sourceCidrs/,
  'oidc-subject-unexpected': /oidcSubjects/,
  'role-chaining': /not a role session/,
  'assume-denied': /succeeded/,
  'root-credentials': /not the root user/,
  'federation-token': /GetSessionToken is not GetFederationToken/,
  'trust-policy-changed': /stay within the role's entry/,
};

// The stateful rules judge across calls (the state stage), not one record: explain says so (not applicable).
const PER_RECORD = RULES.filter((r) => !r.stateful);

describe('rolewatch explain on every rule scenario (fixtures/cloudtrail/rules)', () => {
  it('has a near-miss condition for every rule of the registry that judges one record', () => {
    expect(Object.keys(NEAR_MISS_CONDITION).sort()).toEqual(PER_RECORD.map((r) => r.id).sort());
  });

  it.each(PER_RECORD.map((r) => r.id))(
    '%s: match, near miss and unrelated get the verdicts they stand for',
    async (rule) => {
      const verdictOf = async (name: string) => {
        const report = await explain(scenario(rule, name));
        const verdicts = report.explanations.flatMap((x) => x.verdicts.filter((v) => v.rule === rule));
        expect(verdicts.length, `${rule}/${name}.json`).toBeGreaterThan(0);
        // A scenario of several records (a stateful rule) is judged by its last record.
        return verdicts.at(-1)!;
      };
      const match = await verdictOf('match');
      expect(match).toMatchObject({
        verdict: 'match',
        evidence: { expected: expect.any(String), actual: expect.any(String) },
      });
      expect(match.reason.length).toBeGreaterThan(20);

      const near = await verdictOf('near-miss');
      expect(['no-match', 'not-applicable']).toContain(near.verdict);
      expect(near.reason).toMatch(NEAR_MISS_CONDITION[rule] ?? /^$/);

      const unrelated = await verdictOf('unrelated');
      expect(['no-match', 'not-applicable']).toContain(unrelated.verdict);
      expect(unrelated.reason.length).toBeGreaterThan(10);
    },
  );
});

describe('rolewatch explain', () => {
  it('names the entry that applied and the later entries it shadows for the role', async () => {
    const config = tempJson(
      'overlap.yaml',
      [
        'version: 1',
        'accounts: ["444455556666"]',
        'roles:',
        '  - arn: "arn:aws:iam::444455556666:role/Prod*"',
        '    trustedPrincipals: ["111122223333"]',
        '  - arn: "arn:aws:iam::444455556666:role/ProdAdmin"',
        '    trustedPrincipals: ["arn:aws:iam::111122223333:user/breakglass"]',
        '    requireMfa: true',
        '  - arn: "arn:aws:iam::*:role/*"',
        '    trustedPrincipals: ["444455556666"]',
        '',
      ].join('\n'),
    );
    const [x] = (await explain(scenario('mfa-missing', 'match'), config)).explanations;

    expect(x?.entry).toEqual({ arn: 'arn:aws:iam::444455556666:role/Prod*', line: 4, index: 0 });
    expect(x?.shadowed).toEqual([
      { arn: 'arn:aws:iam::444455556666:role/ProdAdmin', line: 6, index: 1 },
      { arn: 'arn:aws:iam::*:role/*', line: 9, index: 2 },
    ]);
    // The MFA requirement sits on a shadowed entry: it is never judged for this role.
    expect(x?.verdicts.find((v) => v.rule === 'mfa-missing')).toMatchObject({
      verdict: 'not-applicable',
      reason: 'the role entry does not set requireMfa',
    });
    const table = await runCli(['explain', '--config', config, scenario('mfa-missing', 'match')]);
    expect(table.stdout).toContain('entry:  arn:aws:iam::444455556666:role/Prod* (line 4) applies');
    expect(table.stdout).toMatch(
      /it shadows, for this role, the later matching entries\s+arn:aws:iam::444455556666:role\/ProdAdmin \(line 6\)/,
    );
  });

  it('shows each match with its severity, evidence and suppression, as scan would report it', async () => {
    const [x] = (await explain(scenario('session-too-long', 'match'))).explanations;
    expect(x?.verdicts.find((v) => v.rule === 'session-too-long')).toMatchObject({
      verdict: 'match',
      severity: 'medium',
    });
    expect(x?.findings.map((f) => f.rule)).toEqual(['session-too-long']);
    const table = await runCli(['explain', '--config', EXAMPLE_TRUST, scenario('session-too-long', 'match')]);
    expect(table.stdout).toMatch(/MATCH {11}session-too-long {10}\[medium\]/);
    expect(table.stdout).toContain('expected: at most 14400 s (maxSessionSeconds from the role entry)');

    const suppressed = tempJson(
      'suppressed.yaml',
      [
        'version: 1',
        'accounts: ["111122223333", "444455556666"]',
        'roles:',
        '  - arn: "arn:aws:iam::444455556666:role/ReadOnly"',
        '    trustedPrincipals: ["111122223333"]',
        '    maxSessionSeconds: 14400',
        'suppressions:',
        '  - rule: session-too-long',
        '    role: "arn:aws:iam::*:role/ReadOnly"',
        '    expires: 2099-12-31',
        '    reason: "long analytics sessions, SEC-9"',
        '    owner: "secops@acme.example"',
        '',
      ].join('\n'),
    );
    const [y] = (await explain(scenario('session-too-long', 'match'), suppressed)).explanations;
    expect(y?.verdicts.find((v) => v.rule === 'session-too-long')?.suppressed).toEqual({
      owner: 'secops@acme.example',
      reason: 'long analytics sessions, SEC-9',
      expires: '2099-12-31',
    });
    const quiet = await runCli(['explain', '--config', suppressed, scenario('session-too-long', 'match')]);
    expect(quiet.stdout).toContain('[medium, suppressed]');
    expect(quiet.stdout).toContain('1 finding(s), 1 suppressed: session-too-long');
  });

  it("follows the trust file's rules: section: a disabled rule says so, a severity setting is used", async () => {
    const config = tempJson(
      'rules.yaml',
      [
        'version: 1',
        'accounts: ["111122223333", "444455556666"]',
        'roles:',
        '  - arn: "arn:aws:iam::444455556666:role/ReadOnly"',
        '    trustedPrincipals: ["111122223333"]',
        '    maxSessionSeconds: 3600',
        'rules:',
        '  session-too-long: { severity: critical }',
        '  assume-denied: { enabled: false }',
        '',
      ].join('\n'),
    );
    const [x] = (await explain(scenario('session-too-long', 'match'), config)).explanations;
    expect(x?.verdicts.find((v) => v.rule === 'session-too-long')).toMatchObject({
      verdict: 'match',
      severity: 'critical',
    });
    expect(x?.verdicts.find((v) => v.rule === 'assume-denied')).toEqual({
      rule: 'assume-denied',
      severity: 'medium',
      verdict: 'not-applicable',
      reason: 'disabled in the trust file',
    });
  });

  it("marks the second copy of a cross-account call, so that its findings add up to scan's", async () => {
    const file = join(ROOT, 'fixtures', 'cloudtrail', 'lineage', 'cross-account-chain.json');
    const report = await explain(file);
    const scan = await runCli(['scan', '--config', EXAMPLE_TRUST, '--format', 'json', file]);
    const scanned = (JSON.parse(scan.stdout) as { findings: { id: string }[] }).findings.map((f) => f.id);
    const copies = report.explanations.filter((x) => x.sameCallAs !== undefined);
    expect(copies).toHaveLength(1);
    expect(copies[0]?.sameCallAs).toEqual({
      location: expect.stringMatching(/Records\[\d\]$/),
      rules: ['untrusted-principal'],
    });
    const once = report.explanations.flatMap((x) =>
      x.findings.filter((f) => !(x.sameCallAs?.rules ?? []).includes(f.rule)).map((f) => f.id),
    );
    expect(once.sort()).toEqual(scanned.sort());
    const table = await runCli(['explain', '--config', EXAMPLE_TRUST, file]);
    expect(table.stdout.replace(/\s+/g, ' ')).toMatch(
      /the same call as .*?Records\[\d\] \(its other copy, one sharedEventID\): scan reports untrusted-principal once/,
    );
  });

  it('reads the record from standard input, in any accepted envelope', async () => {
    const record = (await import('node:fs')).readFileSync(scenario('trust-policy-changed', 'match'), 'utf8');
    const event = JSON.stringify({
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.iam',
      detail: JSON.parse(record),
    });
    const run = await runCli(['explain', '--config', EXAMPLE_TRUST, '--format', 'json', '-'], {
      stdin: event,
    });
    expect(run.status).toBe(0);
    const [x] = (JSON.parse(run.stdout) as Report).explanations;
    expect(x?.record).toMatchObject({
      kind: 'trust-policy',
      eventName: 'UpdateAssumeRolePolicy',
      location: '<stdin> detail',
    });
    expect(x?.verdicts.filter((v) => v.verdict === 'match').map((v) => v.rule)).toEqual([
      'trust-policy-changed',
    ]);
  });

  it('says when a record is one no rule judges, and exits 2 when there is no record at all', async () => {
    const other = tempJson('describe.json', {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      eventTime: '2026-11-03T09:00:00Z',
    });
    const run = await runCli(['explain', '--config', EXAMPLE_TRUST, other]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'ec2.amazonaws.com DescribeInstances is neither an STS credential-issuing call nor an IAM trust-policy change',
    );
    const empty = await runCli([
      'explain',
      '--config',
      EXAMPLE_TRUST,
      tempJson('empty.json', { note: 'no record' }),
    ]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('holds no CloudTrail record to explain');
  });

  it('is a usage error without RECORD, with a RECORD that does not exist, or without a trust file', async () => {
    expect((await runCli(['explain', '--config', EXAMPLE_TRUST])).status).toBe(2);
    const missing = await runCli(['explain', '--config', EXAMPLE_TRUST, 'no/such/record.json']);
    expect(missing).toMatchObject({ status: 2 });
    expect(missing.stderr).toContain('no such file: no/such/record.json');
    const noConfig = await runCli(['explain', scenario('mfa-missing', 'match')], { cwd: ROOT });
    expect(noConfig.status).toBe(2);
    expect(noConfig.stderr).toContain('explain needs --config FILE');
  });
});
