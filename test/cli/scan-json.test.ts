import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../functions/core/model/severity.ts';
import { ADDED_FINDING_KEYS, CONTRACT_FINDING_KEYS } from '../support/finding-keys.ts';
import { runCli } from './run-cli.ts';
import {
  fixtureRecord,
  nonCredentialRecord,
  type ScanJson,
  type ScanJsonRun,
  scanJson,
  TempTree,
} from './scan-inputs.ts';

// ReadOnly in prod trusts the identity account only; both are ours.
const TRUST = `version: 1
accounts: ["111122223333", "444455556666"]
defaults:
  maxSessionSeconds: 3600
  unlistedRoles: ignore
roles:
  - arn: "arn:aws:iam::444455556666:role/ReadOnly"
    trustedPrincipals: ["111122223333"]
    maxSessionSeconds: 3600
`;

// CONTRACT §4, plus the fields the Finding model documents as additions (location, suppression).
const FINDING_KEYS: readonly string[] = [...CONTRACT_FINDING_KEYS, ...ADDED_FINDING_KEYS];
const REQUIRED_KEYS = ['id', 'rule', 'severity', 'title', 'eventName', 'actor', 'session', 'evidence'];

describe('rolewatch scan --format json', () => {
  const tree = new TempTree();
  let run: ScanJsonRun;

  beforeAll(async () => {
    const trust = tree.write('trust.yaml', TRUST);
    // alice (prod) assumes ReadOnly, which trusts only the identity account → untrusted-principal.
    tree.writeJson('trail/a/same-account.json', fixtureRecord('assume-role/same-account-iam-user'));
    // AccessDenied with null requestParameters → assume-denied, nothing else.
    tree.write(
      'trail/a/b/denied.jsonl',
      `${JSON.stringify(fixtureRecord('assume-role/denied-null-request-parameters'))}\n`,
    );
    // jane (identity account, trusted) within 3600 s → no finding; LeaveOrganization → skipped.
    tree.writeJson('trail/log.json', {
      Records: [fixtureRecord('assume-role/cross-account-caller-copy'), nonCredentialRecord()],
    });
    // 210987654321 is outside the zone and not trusted → external-account and untrusted-principal.
    tree.writeJson('trail/outsider.json', fixtureRecord('assume-role/cross-account-outsider-target-copy'));
    run = await scanJson(['--config', trust, tree.path('trail')]);
  });
  afterAll(() => tree.remove());

  it('prints one object with summary, findings and errors', async () => {
    expect(run.status).toBe(0);
    expect(Object.keys(run.json)).toEqual(expect.arrayContaining(['summary', 'findings', 'errors']));
    expect(run.json.errors).toEqual([]);
  });

  it('counts files, records, credential events, skipped and malformed inputs', async () => {
    expect(run.json.summary).toMatchObject({
      files: 4,
      records: 5,
      credentialEvents: 4,
      skipped: 1,
      malformed: 0,
    });
  });

  it('counts findings by rule and by severity', async () => {
    const { summary } = run.json;
    expect(summary.findings).toBe(4);
    expect(summary.byRule).toEqual({ 'untrusted-principal': 2, 'external-account': 1, 'assume-denied': 1 });
    expect(summary.bySeverity).toMatchObject({ critical: 0, high: 3, medium: 1, low: 0 });
    expect(run.json.findings).toHaveLength(summary.findings);
  });

  it('attributes each finding to the call it is about', async () => {
    const got = run.json.findings.map((f) => `${f.rule} ${f.actor.accountId} ${f.role?.arn}`).sort();
    expect(got).toEqual([
      'assume-denied 444455556666 arn:aws:iam::444455556666:role/ProdAdmin',
      'external-account 210987654321 arn:aws:iam::444455556666:role/ReadOnly',
      'untrusted-principal 210987654321 arn:aws:iam::444455556666:role/ReadOnly',
      'untrusted-principal 444455556666 arn:aws:iam::444455556666:role/ReadOnly',
    ]);
  });

  it('gives every finding exactly the CONTRACT §4 fields, with their types', async () => {
    for (const f of run.json.findings) {
      expect(FINDING_KEYS).toEqual(expect.arrayContaining(Object.keys(f)));
      expect(Object.keys(f)).toEqual(expect.arrayContaining(REQUIRED_KEYS));
      expect(f.id).toMatch(/^[0-9a-f]{16,}$/);
      expect(SEVERITIES).toContain(f.severity);
      expect(f.title.length).toBeGreaterThan(10);
      expect(f.remediation.length).toBeGreaterThan(10);
      expect(f.suppressed).toBe(false);
      expect(f.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(['arn', 'accountId']).toEqual(expect.arrayContaining(Object.keys(f.role ?? {})));
      expect(['type', 'arn', 'accountId', 'display']).toEqual(expect.arrayContaining(Object.keys(f.actor)));
      expect(f.actor.display.length).toBeGreaterThan(0);
      expect(['name', 'requestedSeconds', 'grantedSeconds', 'sourceIdentity']).toEqual(
        expect.arrayContaining(Object.keys(f.session)),
      );
      expect(['expected', 'actual', 'note']).toEqual(expect.arrayContaining(Object.keys(f.evidence)));
      expect(typeof f.evidence.expected).toBe('string');
      expect(typeof f.evidence.actual).toBe('string');
    }
  });

  it('fills the event fields from the record', async () => {
    const f = run.json.findings.find((x) => x.rule === 'untrusted-principal' && x.actor.type === 'IAMUser');
    const record = fixtureRecord('assume-role/same-account-iam-user');
    expect(f).toMatchObject({
      eventId: record.eventID,
      eventTime: record.eventTime,
      eventName: 'AssumeRole',
      awsRegion: record.awsRegion,
      recipientAccountId: record.recipientAccountId,
      role: { arn: 'arn:aws:iam::444455556666:role/ReadOnly', accountId: '444455556666' },
      actor: { type: 'IAMUser', arn: 'arn:aws:iam::444455556666:user/alice', accountId: '444455556666' },
      sourceIp: record.sourceIPAddress,
      userAgent: record.userAgent,
      session: { name: 'alice-cli', requestedSeconds: 3600, grantedSeconds: 3600 },
    });
    expect(f?.sharedEventId).toBeUndefined();
    const outsider = run.json.findings.find((x) => x.rule === 'external-account');
    expect(outsider?.sharedEventId).toBe(
      fixtureRecord('assume-role/cross-account-outsider-target-copy').sharedEventID,
    );
  });
});

describe('rolewatch scan of both copies of a cross-account call', () => {
  const tree = new TempTree();
  let trust: string;
  let caller: string;
  let target: string;

  beforeAll(async () => {
    // Only the tooling account is trusted on ReadOnly, and the identity account is outside the zone:
    // both copies of jane's call break two rules.
    trust = tree.write(
      'trust.yaml',
      TRUST.replace('["111122223333", "444455556666"]', '["444455556666"]').replace(
        'trustedPrincipals: ["111122223333"]',
        'trustedPrincipals: ["777788889999"]',
      ),
    );
    caller = tree.writeJson('caller/copy.json', fixtureRecord('assume-role/cross-account-caller-copy'));
    target = tree.writeJson('target/copy.json', fixtureRecord('assume-role/cross-account-target-copy'));
  });
  afterAll(() => tree.remove());

  it('reports one finding per rule, whichever copies are read', async () => {
    const callerOnly = (await scanJson(['--config', trust, caller])).json.findings;
    const targetOnly = (await scanJson(['--config', trust, target])).json.findings;
    const both = (await scanJson(['--config', trust, '--workers', '1', caller, target])).json;
    const bothThreaded = (await scanJson(['--config', trust, '--workers', '2', target, caller])).json;

    const rules = (fs: readonly { rule: string }[]) => fs.map((f) => f.rule).sort();
    const ids = (fs: readonly { id: string }[]) => fs.map((f) => f.id).sort();
    expect(rules(callerOnly)).toEqual(['external-account', 'untrusted-principal']);
    expect(ids(targetOnly)).toEqual(ids(callerOnly));
    expect(both.summary.credentialEvents).toBe(2);
    expect(rules(both.findings)).toEqual(['external-account', 'untrusted-principal']);
    expect(ids(both.findings)).toEqual(ids(callerOnly));
    expect(both.summary.findings).toBe(2);
    expect(ids(bothThreaded.findings)).toEqual(ids(callerOnly));
    for (const f of both.findings) {
      expect(f.sharedEventId).toBe('5f0c5d9e-8c1e-4d7a-9a55-2b7f0f3c9e21');
    }
  });
});

describe('rolewatch scan without --config', () => {
  const tree = new TempTree();
  let inputs: string[];

  beforeAll(async () => {
    inputs = [
      tree.writeJson('trail/alice.json', fixtureRecord('assume-role/same-account-iam-user')),
      tree.writeJson('trail/denied.json', fixtureRecord('assume-role/denied-null-request-parameters')),
      tree.writeJson('trail/root.json', fixtureRecord('get-session-token/root-user')),
    ];
  });
  afterAll(() => tree.remove());

  it('judges without expectations, says so, and fires only rules that need none', async () => {
    const run = await runCli(['scan', '--format', 'json', ...inputs], { cwd: tree.path('trail') });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/no --config and no \.\/rolewatch\.yaml/);
    const rules = (JSON.parse(run.stdout) as ScanJson).findings.map((f) => f.rule).sort();
    expect(rules).toEqual(['assume-denied', 'root-credentials']);
  });

  it('reads ./rolewatch.yaml from the working folder', async () => {
    tree.write('trail/rolewatch.yaml', TRUST);
    const run = await runCli(['scan', '--format', 'json', ...inputs], { cwd: tree.path('trail') });
    expect(run.stderr).not.toMatch(/no --config/);
    const rules = (JSON.parse(run.stdout) as ScanJson).findings.map((f) => f.rule);
    expect(rules).toContain('untrusted-principal');
  });
});
