import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../functions/core/model/finding.ts';
import { DEFAULT_SEED, DEMO_RECORDS } from '../../functions/trail-generator/generate-trail.ts';
import { writeTrail } from '../../functions/trail-generator/write-trail.ts';
import { applyUnifiedDiff } from '../support/apply-diff.ts';
import { validDraft } from '../support/trust-cli.ts';
import { EXAMPLE_TRUST, runCli } from './run-cli.ts';

/** The rules that judge a grant (CONTRACT §3): a learned file must give none of these on its own trail. */
const GRANT_RULES = [
  'untrusted-principal',
  'unlisted-role',
  'external-account',
  'session-too-long',
  'mfa-missing',
  'external-id-missing',
  'source-identity-missing',
  'session-name-mismatch',
  'source-ip-not-allowed',
  'oidc-subject-unexpected',
  'role-chaining',
];

const dir = mkdtempSync(join(tmpdir(), 'rolewatch-learn-'));
const trail = join(dir, 'trail');

async function scanFindings(config: string): Promise<Finding[]> {
  const run = await runCli(['scan', '--config', config, '--format', 'json', '--workers', '1', trail]);
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout).findings as Finding[];
}

const saved = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('rolewatch trust learn on the demo trail', () => {
  let learned = '';

  beforeAll(async () => {
    writeTrail({ records: DEMO_RECORDS, demo: true, seed: DEFAULT_SEED }, trail);
    const run = await runCli(['trust', 'learn', '--workers', '1', trail]);
    expect(run.stderr).toMatch(/learned 17 entries from 1483 credential-issuing call/);
    expect(run.status).toBe(0);
    learned = run.stdout;
  });

  it('prints a draft that validates, one entry per role assumed successfully', () => {
    const config = validDraft(learned);
    expect(config.roles).toHaveLength(17);
    expect(config.accounts).toEqual(['111122223333', '444455556666', '777788889999', '999900001111']);
  });

  it('gives no grant finding when used as --config on the same trail, but for the callers it leaves out', async () => {
    const findings = await scanFindings(saved('learned.yaml', learned));
    // The outsider's call on ReadOnly is known only from the role owner's copy: its whole account is
    // not trusted on that evidence, so the call is still reported.
    expect(
      findings
        .filter((f) => GRANT_RULES.includes(f.rule))
        .map((f) => `${f.rule} ${f.actor.accountId} ${f.role?.arn}`)
        .sort(),
    ).toEqual([
      'external-account 210987654321 arn:aws:iam::444455556666:role/ReadOnly',
      'untrusted-principal 210987654321 arn:aws:iam::444455556666:role/ReadOnly',
    ]);
    // Denied calls (and their bursts), AssumeRoot and GetFederationToken are reported whatever the trust
    // file says.
    expect(new Set(findings.map((f) => f.rule))).toEqual(
      new Set([
        'assume-denied',
        'denied-burst',
        'root-credentials',
        'federation-token',
        'untrusted-principal',
        'external-account',
      ]),
    );
  });

  it('learns each kind of caller in trust-file terms, with counts and last-seen times', () => {
    const config = validDraft(learned);
    const principals = (name: string) =>
      config.roles.find((e) => e.arn.endsWith(`:role/${name}`))?.trustedPrincipals.map((m) => m.raw);
    expect(principals('OktaAdmin')).toEqual(['saml:arn:aws:iam::111122223333:saml-provider/Okta']);
    expect(principals('github-actions')).toEqual(['oidc:token.actions.githubusercontent.com']);
    expect(principals('service-role/orders-api')).toEqual(['service:lambda.amazonaws.com']);
    // Sessions by their issuing role; the owner's copies of the same calls add nothing.
    expect(principals('Deploy')).toEqual(['arn:aws:iam::777788889999:role/github-actions']);
    // Only the owner's copy of the outsider's call exists: its account is all that is known, and trusting
    // every principal of it on that evidence is for a reviewer to decide.
    expect(principals('ReadOnly')).toEqual(['arn:aws:iam::111122223333:role/OktaAdmin']);
    expect(learned).toContain(
      "    # warning: 1 call, last 2026-11-01T03:01:11Z from account 210987654321, known only from the role owner's copy of a cross-account call: not listed",
    );
    expect(learned).toContain(
      '      - "arn:aws:iam::111122223333:user/breakglass"    # 2 calls, last 2026-11-01T04:27:17Z',
    );
  });

  it('sets a condition only when every call met it, and says why it is left out otherwise', () => {
    const config = validDraft(learned);
    const entry = (name: string) => config.roles.find((e) => e.arn.endsWith(`:role/${name}`));
    expect(entry('ProdAdmin')?.requireMfa).toBe(false);
    expect(learned).toContain('# note: 87 of 89 calls carried MFA: requireMfa left out');
    expect(entry('legacy-billing-export')?.requireSourceIdentity).toBe(true);
    expect(entry('github-actions')?.oidcSubjects).toEqual([
      'repo:acme/app:ref:refs/heads/main',
      'repo:acme/infra:environment:production',
      'repo:evil/fork:pull_request',
    ]);
    expect(entry('Deploy')?.sourceCidrs?.map((c) => c.raw)).toEqual(['198.51.100.0/24']);
    expect(entry('Deploy')?.maxSessionSeconds).toBe(3600);
    expect(entry('DataPipeline')?.maxSessionSeconds).toBe(21_600);
    // AWS services set their own sessions and addresses: neither is learned from them.
    expect(entry('app-search')?.maxSessionSeconds).toBeUndefined();
    expect(entry('app-search')?.sourceCidrs).toBeUndefined();
    expect(entry('app-search')?.allowChaining).toBe(false);
    expect(entry('Deploy')?.allowChaining).toBeUndefined();
  });

  it('teaches no trust from denied calls: they are comments', () => {
    const config = validDraft(learned);
    expect(config.roles.some((e) => e.arn.endsWith(':role/Administrator'))).toBe(false);
    expect(config.roles.flatMap((e) => e.trustedPrincipals.map((m) => m.raw))).not.toContain(
      'arn:aws:iam::111122223333:user/temp.contractor',
    );
    expect(learned).toContain(
      '#   arn:aws:iam::111122223333:role/Administrator: 1 call, last 2026-11-01T17:42:24Z: AccessDenied by arn:aws:iam::111122223333:user/temp.contractor',
    );
  });

  it('writes the same bytes with several worker threads as with one', async () => {
    const run = await runCli(['trust', 'learn', '--workers', '3', trail]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(learned);
  });

  describe('--merge FILE', () => {
    let file = '';
    let diff = '';
    let stderr = '';

    beforeAll(async () => {
      file = saved('existing.yaml', readFileSync(EXAMPLE_TRUST, 'utf8'));
      const run = await runCli(['trust', 'learn', '--workers', '1', '--merge', file, trail]);
      expect(run.status).toBe(0);
      diff = run.stdout;
      stderr = run.stderr;
    });

    it('prints only additions, as a diff that applies to the file and validates', () => {
      expect(diff.startsWith(`--- ${file}\n+++ ${file}\n@@ `)).toBe(true);
      const removed = diff.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'));
      // The one line that changes is a flow list that grows; nothing is taken away.
      expect(removed).toEqual(['-    sourceCidrs: ["203.0.113.0/24", "2001:db8:ac::/48"]']);
      expect(diff).toContain('+    sourceCidrs: ["203.0.113.0/24", "2001:db8:ac::/48", "192.0.2.0/24"]');
      expect(diff).toContain('+      - "arn:aws:iam::444455556666:user/ops.contractor"    # learned: 1 call');
      expect(diff).toContain('+  - arn: "arn:aws:iam::444455556666:role/legacy-billing-export"');
      const merged = applyUnifiedDiff(readFileSync(file, 'utf8'), diff);
      expect(validDraft(merged).roles).toHaveLength(validDraft(readFileSync(file, 'utf8')).roles.length + 1);
      expect(stderr).toMatch(/1 new entry and 4 value\(s\) added/);
      expect(stderr).toContain(
        "ReadOnly: calls from account 210987654321, known only from the role owner's copies, are not added",
      );
    });

    it('leaves limits and requirements alone, and says which calls break them', async () => {
      expect(stderr).toContain(
        'ProdAdmin: sessions of up to 43200 s were seen; maxSessionSeconds 3600 is not raised (session-too-long reports them)',
      );
      expect(stderr).toContain('ProdAdmin: 2 of 89 calls without what requireMfa requires');
      const merged = saved('merged.yaml', applyUnifiedDiff(readFileSync(file, 'utf8'), diff));
      const rules = new Set((await scanFindings(merged)).map((f) => f.rule));
      for (const added of ['unlisted-role', 'oidc-subject-unexpected', 'source-ip-not-allowed']) {
        expect(rules.has(added), added).toBe(false);
      }
      // Only the outsider known by its account alone is still untrusted.
      const untrusted = (await scanFindings(merged)).filter((f) =>
        ['untrusted-principal', 'external-account'].includes(f.rule),
      );
      expect(new Set(untrusted.map((f) => f.actor.accountId))).toEqual(new Set(['210987654321']));
      expect(rules.has('mfa-missing')).toBe(true);
      expect(rules.has('session-too-long')).toBe(true);
    });

    it('has nothing to add to a file that already trusts the whole trail', async () => {
      const merged = saved('merged-again.yaml', applyUnifiedDiff(readFileSync(file, 'utf8'), diff));
      const run = await runCli(['trust', 'learn', '--workers', '1', '--merge', merged, trail]);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('nothing to add to');
    });
  });

  it('is a usage error without a SOURCE, and refuses --config (it judges no trust file)', async () => {
    expect((await runCli(['trust', 'learn'])).status).toBe(2);
    const run = await runCli(['trust', 'learn', '--config', EXAMPLE_TRUST, trail]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown option '--config'");
  });
});
