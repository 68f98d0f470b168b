import { describe, expect, it } from 'vitest';
import { createEngine } from '../../functions/core/engine/create-engine.ts';
import { EngineError } from '../../functions/core/engine/engine-error.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import type { Rule } from '../../functions/core/model/rule.ts';
import { FindingSet } from '../../functions/core/pipeline/finding-set.ts';
import { RULES } from '../../functions/core/rules/registry.ts';
import {
  ACCOUNTS,
  assumeRoleRecord,
  awsAccount,
  FAKE_SECRET,
  FAKE_TOKEN,
  iamUser,
  roleSession,
} from '../rules/support/cloudtrail-records.ts';
import { judge, NOW_MS, normalized, trustConfig } from '../rules/support/judge.ts';

const DATA_PIPELINE = `arn:aws:iam::${ACCOUNTS.prod}:role/DataPipeline`;
const PROD_ADMIN = `arn:aws:iam::${ACCOUNTS.prod}:role/ProdAdmin`;
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
defaults:
  maxSessionSeconds: 3600
roles:
  - arn: "${PROD_ADMIN}"
    trustedPrincipals: ["arn:aws:iam::${ACCOUNTS.identity}:role/OktaAdmin"]
    severity: critical
  - arn: "${DATA_PIPELINE}"
    trustedPrincipals: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
    severity: low
suppressions:
  - rule: session-too-long
    role: "arn:aws:iam::*:role/DataPipeline"
    actor: "arn:aws:iam::${ACCOUNTS.prod}:user/etl"
    expires: 2026-12-31
    reason: "nightly backfill needs 6h sessions, SEC-123"
    owner: "secops@acme.example"
`;
const longSession = (identity: Record<string, unknown>) =>
  assumeRoleRecord({ identity, roleArn: DATA_PIPELINE, durationSeconds: 21600 });

describe('createEngine', () => {
  it('builds a finding with exactly the contract fields', () => {
    const [finding] = judge(TRUST, longSession(iamUser(ACCOUNTS.identity, 'alice')));

    expect(finding).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      rule: 'session-too-long',
      severity: 'medium',
      title: `alice (IAM user, ${ACCOUNTS.identity}) assumed role DataPipeline (${ACCOUNTS.prod}) for requested 21600 s and granted 21600 s, over its 3600 s limit.`,
      eventId: 'd769ddfd-2cda-4cfa-b33f-05d3b886921d',
      eventTime: '2026-11-29T10:00:00Z',
      eventName: 'AssumeRole',
      awsRegion: 'us-east-1',
      recipientAccountId: ACCOUNTS.prod,
      role: { arn: DATA_PIPELINE, accountId: ACCOUNTS.prod },
      actor: {
        type: 'IAMUser',
        arn: `arn:aws:iam::${ACCOUNTS.identity}:user/alice`,
        accountId: ACCOUNTS.identity,
        display: `alice (IAM user, ${ACCOUNTS.identity})`,
      },
      sourceIp: '203.0.113.9',
      userAgent: expect.stringContaining('aws-cli/2.15.30'),
      session: { name: 'deploy-1732874400', requestedSeconds: 21600, grantedSeconds: 21600 },
      evidence: {
        expected: 'at most 3600 s (maxSessionSeconds from defaults)',
        actual: 'requested 21600 s, granted 21600 s',
      },
      remediation: expect.stringContaining('maximum session duration'),
      suppressed: false,
      location: 'test-trail.json:1',
    });
  });

  it("raises a finding to the role's severity floor but never lowers it", () => {
    const onProdAdmin = judge(
      TRUST,
      assumeRoleRecord({ identity: iamUser(ACCOUNTS.identity, 'mallory'), roleArn: PROD_ADMIN }),
    );
    const onDataPipeline = judge(TRUST, longSession(iamUser(ACCOUNTS.identity, 'alice')));

    expect(onProdAdmin.find((f) => f.rule === 'untrusted-principal')?.severity).toBe('critical');
    expect(onDataPipeline.find((f) => f.rule === 'session-too-long')?.severity).toBe('medium');
  });

  it('marks a finding covered by an active suppression as suppressed, with its owner and reason', () => {
    const [finding] = judge(TRUST, longSession(iamUser(ACCOUNTS.prod, 'etl')));

    expect(finding?.suppressed).toBe(true);
    expect(finding?.suppression).toEqual({
      owner: 'secops@acme.example',
      reason: 'nightly backfill needs 6h sessions, SEC-123',
      expires: '2026-12-31',
    });
  });

  it('does not apply a suppression to another actor than the one it names', () => {
    const [finding] = judge(TRUST, longSession(iamUser(ACCOUNTS.prod, 'not-etl')));

    expect(finding?.suppressed).toBe(false);
    expect(finding?.suppression).toBeUndefined();
  });

  it('stops applying a suppression after the end of its expiry day', () => {
    const record = longSession(iamUser(ACCOUNTS.prod, 'etl'));

    const lastDay = judge(TRUST, record, Date.parse('2026-12-31T23:59:59Z'));
    const dayAfter = judge(TRUST, record, Date.parse('2027-01-01T00:00:01Z'));

    expect(lastDay[0]?.suppressed).toBe(true);
    expect(dayAfter[0]?.suppressed).toBe(false);
  });

  it('gives both copies of a cross-account call the same finding id per rule, and merges them to the richer one', () => {
    const shared = '7e5a1c2b-3d4f-4e6a-9b8c-0d1e2f3a4b5c';
    const callerCopy = assumeRoleRecord({
      identity: roleSession(ACCOUNTS.identity, 'batch', 'nightly'),
      roleArn: DATA_PIPELINE,
      durationSeconds: 21600,
      eventID: '11111111-1111-4111-8111-111111111111',
      sharedEventID: shared,
      recipientAccountId: ACCOUNTS.identity,
    });
    const targetCopy = assumeRoleRecord({
      identity: awsAccount(ACCOUNTS.identity, 'AROAIDPPEZS35WEXAMPLE:nightly'),
      roleArn: DATA_PIPELINE,
      durationSeconds: 21600,
      eventID: '22222222-2222-4222-8222-222222222222',
      sharedEventID: shared,
    });

    const fromCaller = judge(TRUST, callerCopy);
    const fromTarget = judge(TRUST, targetCopy);

    expect(fromCaller.map((f) => f.rule)).toEqual(['session-too-long']);
    expect(fromTarget.map((f) => f.rule)).toEqual(['session-too-long']);
    expect(fromTarget[0]?.id).toBe(fromCaller[0]?.id);
    const mergeFindings = (findings: Finding[]): Finding[] => {
      const set = new FindingSet();
      set.addAll(findings);
      return set.sorted();
    };
    const merged = mergeFindings([...fromTarget, ...fromCaller]);
    expect(merged).toHaveLength(1);
    expect(merged[0]?.actor.type).toBe('AssumedRole');
    expect(merged[0]?.sharedEventId).toBe(shared);
    expect(mergeFindings([...fromCaller, ...fromTarget])).toEqual(merged);
  });

  it('gives the same finding ids on every run', () => {
    const record = longSession(iamUser(ACCOUNTS.identity, 'alice'));

    const first = judge(TRUST, record).map((f) => f.id);
    const second = judge(TRUST, structuredClone(record)).map((f) => f.id);

    expect(second).toEqual(first);
    expect(first).toHaveLength(1);
  });

  it('never copies a session token or secret access key into findings', () => {
    const findings = judge(
      TRUST,
      assumeRoleRecord({ identity: iamUser(ACCOUNTS.outsider, 'x'), roleArn: PROD_ADMIN }),
    );

    expect(findings.length).toBeGreaterThan(0);
    const text = JSON.stringify(findings);
    expect(text).not.toContain(FAKE_TOKEN);
    expect(text).not.toContain(FAKE_SECRET);
    expect(text).not.toMatch(/sessionToken|secretAccessKey/);
  });

  it('runs only the rules it is given', () => {
    const noRules = createEngine({
      config: trustConfig(TRUST),
      rules: [],
      now: () => NOW_MS,
    });

    expect(noRules.judge(normalized(longSession(iamUser(ACCOUNTS.outsider, 'x'))))).toEqual([]);
  });

  it('rethrows a rule that throws as an EngineError naming the rule and event', () => {
    const broken: Rule = {
      id: 'broken-rule',
      defaultSeverity: 'low',
      title: 'Broken.',
      description: 'throws',
      remediation: 'fix it',
      references: [],
      stateful: false,
      judgesGrant: false,
      evaluate: () => {
        throw new TypeError('boom');
      },
    };
    const engine = createEngine({ config: trustConfig(TRUST), rules: [broken] });
    const event = normalized(longSession(iamUser(ACCOUNTS.identity, 'alice')));

    let caught: unknown;
    try {
      engine.judge(event);
    } catch (e) {
      caught = e;
    }

    expect(caught).toBeInstanceOf(EngineError);
    expect((caught as EngineError).ruleId).toBe('broken-rule');
    expect((caught as EngineError).eventId).toBe('d769ddfd-2cda-4cfa-b33f-05d3b886921d');
    expect((caught as EngineError).message).toBe(
      'rule broken-rule threw while judging event d769ddfd-2cda-4cfa-b33f-05d3b886921d',
    );
    expect((caught as EngineError).cause).toBeInstanceOf(TypeError);
  });
});

describe('engine.explain', () => {
  it('names the entry that applied and gives every rule a verdict, the matches being the findings', () => {
    const engine = createEngine({ config: trustConfig(TRUST), now: () => NOW_MS });
    const event = normalized(longSession(iamUser(ACCOUNTS.identity, 'alice')));

    const { roleEntry, verdicts } = engine.explain(event);

    expect(roleEntry?.arn).toBe(DATA_PIPELINE);
    expect(verdicts.map((v) => v.rule.id)).toEqual(RULES.map((r) => r.id));
    expect(verdicts.filter((v) => v.outcome.status === 'match').map((v) => v.rule.id)).toEqual(
      engine.judge(event).map((f) => f.rule),
    );
    expect(verdicts.find((v) => v.rule.id === 'mfa-missing')?.outcome).toEqual({
      status: 'not-applicable',
      reason: 'the role entry does not set requireMfa',
    });
  });

  it('gives no entry for a role the trust file does not list', () => {
    const engine = createEngine({ config: trustConfig(TRUST), now: () => NOW_MS });
    const event = normalized(
      assumeRoleRecord({
        identity: iamUser(ACCOUNTS.identity, 'alice'),
        roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/X`,
      }),
    );

    expect(engine.explain(event).roleEntry).toBeUndefined();
  });
});
