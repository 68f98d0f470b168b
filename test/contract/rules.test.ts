import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../functions/adapters/state/memory-store.ts';
import { createEngine } from '../../functions/core/engine/create-engine.ts';
import { FindingSet } from '../../functions/core/pipeline/finding-set.ts';
import { judgeValue } from '../../functions/core/pipeline/judge-input.ts';
import { ScanCollector } from '../../functions/core/pipeline/scan-collector.ts';
import { PLANNED_RULE_IDS, RULE_IDS, RULES } from '../../functions/core/rules/registry.ts';
import { runStateStageSync } from '../../functions/core/state/run-state-stage.ts';
import { addFacts, emptyFacts } from '../../functions/core/state/state-facts.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';
import { loadFixture } from '../normalize/load-records.ts';
import {
  ACCOUNTS,
  assumeRoleRecord,
  assumeRoleWithSamlRecord,
  assumeRoleWithWebIdentityRecord,
  assumeRootRecord,
  awsAccount,
  awsService,
  denied,
  getFederationTokenRecord,
  getSessionTokenRecord,
  iamUser,
  patched,
  roleSession,
  rootUser,
} from '../rules/support/cloudtrail-records.ts';
import { judge, judgeRule, NOW_MS, normalized, trustConfig } from '../rules/support/judge.ts';

// CONTRACT §3: the exclusions and the cross-rule sentences under the rule table.

const { identity: IDENTITY, prod: PROD, outsider: OUTSIDER, vendor: VENDOR } = ACCOUNTS;
const GUARDED = `arn:aws:iam::${PROD}:role/Guarded`;
const SHARED = `arn:aws:iam::${PROD}:role/Shared`;

/** Every per-role requirement set, so that any grant rule that looked at a failed call would show. */
const STRICT = `
version: 1
accounts: ["${IDENTITY}", "${PROD}"]
defaults: { unlistedRoles: alert, allowChaining: false, maxSessionSeconds: 900 }
roles:
  - arn: "${GUARDED}"
    trustedPrincipals: ["arn:aws:iam::${IDENTITY}:role/OktaAdmin"]
    oidcSubjects: ["repo:acme/app:ref:refs/heads/main"]
    maxSessionSeconds: 900
    requireMfa: true
    requireExternalId: true
    requireSourceIdentity: true
    sessionNamePattern: "^[a-z]+@acme\\\\.example$"
    sourceCidrs: ["192.0.2.0/24"]
    allowChaining: false
  - arn: "${SHARED}"
    trustedPrincipals: ["${VENDOR}"]
  - arn: "arn:aws:iam::${PROD}:root"
    trustedPrincipals: ["arn:aws:iam::${IDENTITY}:role/OrgAdmin"]
    severity: critical
`;

const rules = (yaml: string, record: Record<string, unknown>): string[] =>
  judge(yaml, record)
    .map((f) => f.rule)
    .sort();

/**
 * CONTRACT §3's rule table, copied here on purpose and nowhere else: this is the oracle the registry (and
 * through it the trust file, the catalogue and every other test) is held to. `stateful` and `grant` say
 * what the table says of each rule.
 */
const CONTRACT_RULES = [
  { id: 'untrusted-principal', severity: 'high', grant: true, stateful: false },
  { id: 'unlisted-role', severity: 'medium', grant: true, stateful: false },
  { id: 'external-account', severity: 'high', grant: true, stateful: false },
  { id: 'session-too-long', severity: 'medium', grant: true, stateful: false },
  { id: 'mfa-missing', severity: 'high', grant: true, stateful: false },
  { id: 'external-id-missing', severity: 'high', grant: true, stateful: false },
  { id: 'source-identity-missing', severity: 'medium', grant: true, stateful: false },
  { id: 'session-name-mismatch', severity: 'low', grant: true, stateful: false },
  { id: 'source-ip-not-allowed', severity: 'high', grant: true, stateful: false },
  { id: 'oidc-subject-unexpected', severity: 'high', grant: true, stateful: false },
  { id: 'role-chaining', severity: 'medium', grant: true, stateful: false },
  { id: 'assume-denied', severity: 'medium', grant: false, stateful: false },
  { id: 'denied-burst', severity: 'high', grant: false, stateful: true },
  { id: 'root-credentials', severity: 'high', grant: false, stateful: false },
  { id: 'federation-token', severity: 'medium', grant: false, stateful: false },
  { id: 'first-seen-pair', severity: 'low', grant: false, stateful: true },
  { id: 'trust-policy-changed', severity: 'high', grant: false, stateful: false },
] as const;
const CONTRACT_IDS: readonly string[] = CONTRACT_RULES.map((r) => r.id);

describe('CONTRACT §3: the rule table', () => {
  it('is the registry: every contract id is a built or a planned rule, and nothing else is', () => {
    expect([...RULE_IDS].sort()).toEqual([...CONTRACT_IDS].sort());
  });

  it('lists the built rules in the order of the contract table', () => {
    const built = RULES.map((r) => r.id);

    expect(built).toEqual(CONTRACT_IDS.filter((id) => built.includes(id)));
    expect(PLANNED_RULE_IDS.every((id) => CONTRACT_IDS.includes(id))).toBe(true);
  });

  it.each(RULES.map((r) => [r.id, r] as const))(
    '%s has the default severity and kind of the contract',
    (id, rule) => {
      const row = CONTRACT_RULES.find((r) => r.id === id);

      expect({ severity: rule.defaultSeverity, grant: rule.judgesGrant, stateful: rule.stateful }).toEqual({
        severity: row?.severity,
        grant: row?.grant,
        stateful: row?.stateful,
      });
    },
  );

  it('lets a trust file name every contract rule in a suppression, built or not, and no other', () => {
    const suppressing = (ids: readonly string[]) =>
      parseTrustConfig(
        `version: 1\nroles: []\nsuppressions:\n${ids
          .map(
            (id) =>
              `  - { rule: ${id}, role: "arn:aws:iam::*:role/x", expires: 2099-01-01, reason: r, owner: o }\n`,
          )
          .join('')}`,
        'contract.yaml',
      );

    expect(suppressing(CONTRACT_IDS).ok).toBe(true);
    const typo = suppressing(['denied-bursts']);
    expect(typo.ok ? [] : typo.error.map((e) => e.message)).toEqual([
      "'denied-bursts' is not a rule id; did you mean 'denied-burst'?",
    ]);
  });
});

describe('CONTRACT §3: grant rules look only at successful calls', () => {
  it('gives only assume-denied for a denied call with null requestParameters on a listed role', () => {
    const record = denied(
      assumeRoleRecord({
        identity: roleSession(OUTSIDER, 'intruder', 'x'),
        roleArn: GUARDED,
        durationSeconds: 43200,
      }),
    );

    expect(record.requestParameters).toBeNull();
    expect(rules(STRICT, record)).toEqual(['assume-denied']);
  });

  it('gives only assume-denied for the real denied fixture, with the role read from its errorMessage', () => {
    const record = loadFixture('assume-role/denied-null-request-parameters.json');
    const trust = STRICT.replace(GUARDED, `arn:aws:iam::${PROD}:role/ProdAdmin`);

    const findings = judge(trust, record);

    expect(findings.map((f) => f.rule)).toEqual(['assume-denied']);
    expect(findings[0]?.role?.arn).toBe(`arn:aws:iam::${PROD}:role/ProdAdmin`);
  });

  it('gives assume-denied and root-credentials for a denied AssumeRoot', () => {
    const record = denied(
      assumeRootRecord({ identity: roleSession(OUTSIDER, 'intruder', 'x'), targetAccountId: PROD }),
    );

    expect(rules(STRICT, record)).toEqual(['assume-denied', 'root-credentials']);
  });

  it('gives only assume-denied for denied SAML and web identity calls on a listed role', () => {
    const saml = denied(
      assumeRoleWithSamlRecord({
        roleArn: GUARDED,
        providerArn: `arn:aws:iam::${IDENTITY}:saml-provider/Rogue`,
        subject: 'EVIL',
      }),
    );
    const oidc = denied(
      assumeRoleWithWebIdentityRecord({ roleArn: GUARDED, subject: 'repo:evil/x:ref:main' }),
    );

    expect(rules(STRICT, saml)).toEqual(['assume-denied']);
    expect(rules(STRICT, oidc)).toEqual(['assume-denied']);
  });
});

describe('CONTRACT §3: external-account', () => {
  const trust = `
version: 1
accounts: ["${IDENTITY}", "${PROD}"]
roles:
  - arn: "${SHARED}"
    trustedPrincipals: ["${VENDOR}", "arn:aws:iam::${ACCOUNTS.tooling}:role/ci"]
`;
  const on = (identity: Record<string, unknown>, roleArn = SHARED) => assumeRoleRecord({ identity, roleArn });

  it('fires for an actor whose account is outside accounts and not trusted by the entry', () => {
    expect(judgeRule('external-account', trust, on(iamUser(OUTSIDER, 'eve')))).toHaveLength(1);
    expect(judgeRule('external-account', trust, on(awsAccount(OUTSIDER, 'AIDAEXAMPLE')))).toHaveLength(1);
  });

  it("does not fire when the actor's account is in accounts, even on an unlisted role", () => {
    const unlisted = `arn:aws:iam::${PROD}:role/Unlisted`;

    expect(judgeRule('external-account', trust, on(iamUser(IDENTITY, 'alice'), unlisted))).toEqual([]);
  });

  it('does not fire when the entry trusts that account, or a principal in it', () => {
    expect(judgeRule('external-account', trust, on(roleSession(VENDOR, 'monitor', 's')))).toEqual([]);
    // The entry trusts only tooling's ci role; another principal of tooling is untrusted but not external.
    const otherToolingUser = on(iamUser(ACCOUNTS.tooling, 'bob'));
    expect(judgeRule('external-account', trust, otherToolingUser)).toEqual([]);
    expect(judgeRule('untrusted-principal', trust, otherToolingUser)).toHaveLength(1);
    expect(judgeRule('external-account', trust, on(awsAccount(ACCOUNTS.tooling, 'AROAEXAMPLE:s')))).toEqual(
      [],
    );
  });

  it('excludes federated and AWS service actors, which have no account', () => {
    const saml = assumeRoleWithSamlRecord({
      roleArn: SHARED,
      providerArn: `arn:aws:iam::${OUTSIDER}:saml-provider/Okta`,
      subject: 'x@example.com',
    });
    const oidc = assumeRoleWithWebIdentityRecord({
      roleArn: `arn:aws:iam::${OUTSIDER}:role/x`,
      subject: 'a',
    });

    expect(judgeRule('external-account', trust, saml)).toEqual([]);
    expect(judgeRule('external-account', trust, oidc)).toEqual([]);
    expect(judgeRule('external-account', trust, on(awsService('ec2.amazonaws.com')))).toEqual([]);
  });
});

describe('CONTRACT §3: thresholds and exclusions of single rules', () => {
  const trust = `
version: 1
accounts: ["${IDENTITY}", "${PROD}"]
roles:
  - arn: "${SHARED}"
    trustedPrincipals: ["${IDENTITY}", "service:ec2.amazonaws.com"]
    maxSessionSeconds: 3600
    requireMfa: true
    sourceCidrs: ["203.0.113.0/24"]
`;

  it('session-too-long compares the granted duration with 60 s of slack', () => {
    const granted = (seconds: number) =>
      assumeRoleRecord({
        identity: iamUser(IDENTITY, 'alice'),
        roleArn: SHARED,
        durationSeconds: 3600,
        grantedSeconds: seconds,
      });

    expect(judgeRule('session-too-long', trust, granted(3660))).toEqual([]);
    expect(judgeRule('session-too-long', trust, granted(3661))).toHaveLength(1);
  });

  it('session-too-long fires on the requested duration alone, and never for AWS service actors', () => {
    const requested = assumeRoleRecord({
      identity: iamUser(IDENTITY, 'alice'),
      roleArn: SHARED,
      durationSeconds: 3601,
      grantedSeconds: 3600,
    });
    const service = assumeRoleRecord({
      identity: awsService('ec2.amazonaws.com'),
      roleArn: SHARED,
      grantedSeconds: 21600,
    });

    expect(judgeRule('session-too-long', trust, requested)).toHaveLength(1);
    expect(judgeRule('session-too-long', trust, service)).toEqual([]);
  });

  it('mfa-missing fires only when neither the request nor the caller session carries MFA', () => {
    const plain = assumeRoleRecord({ identity: roleSession(IDENTITY, 'dev', 's'), roleArn: SHARED });
    const withSerial = assumeRoleRecord({
      identity: roleSession(IDENTITY, 'dev', 's'),
      roleArn: SHARED,
      request: { serialNumber: `arn:aws:iam::${IDENTITY}:mfa/alice` },
    });
    const mfaSession = assumeRoleRecord({
      identity: roleSession(IDENTITY, 'dev', 's', { mfaAuthenticated: 'true' }),
      roleArn: SHARED,
    });

    expect(judgeRule('mfa-missing', trust, plain)).toHaveLength(1);
    expect(judgeRule('mfa-missing', trust, withSerial)).toEqual([]);
    expect(judgeRule('mfa-missing', trust, mfaSession)).toEqual([]);
  });

  it('source-ip-not-allowed excludes service callers and AWS Internal', () => {
    const from = (sourceIp: string, identity = iamUser(IDENTITY, 'alice')) =>
      assumeRoleRecord({ identity, roleArn: SHARED, sourceIp });

    expect(judgeRule('source-ip-not-allowed', trust, from('198.51.100.7'))).toHaveLength(1);
    expect(judgeRule('source-ip-not-allowed', trust, from('203.0.113.7'))).toEqual([]);
    expect(judgeRule('source-ip-not-allowed', trust, from('AWS Internal'))).toEqual([]);
    expect(judgeRule('source-ip-not-allowed', trust, from('ec2.amazonaws.com'))).toEqual([]);
    expect(
      judgeRule('source-ip-not-allowed', trust, from('198.51.100.7', awsService('ec2.amazonaws.com'))),
    ).toEqual([]);
  });

  it('root-credentials fires for a Root actor obtaining credentials, federation-token for an IAM user', () => {
    const base = `version: 1\naccounts: ["${IDENTITY}"]\nroles: []\n`;

    expect(rules(base, getSessionTokenRecord({ identity: rootUser(IDENTITY) }))).toEqual([
      'root-credentials',
    ]);
    expect(rules(base, getSessionTokenRecord({ identity: iamUser(IDENTITY, 'alice') }))).toEqual([]);
    expect(
      rules(base, getFederationTokenRecord({ identity: iamUser(IDENTITY, 'broker'), name: 'partner' })),
    ).toEqual(['federation-token']);
  });
});

describe('CONTRACT §3: a role entry for an account root (AssumeRoot)', () => {
  it("raises AssumeRoot findings to the root entry's severity", () => {
    const record = assumeRootRecord({
      identity: roleSession(IDENTITY, 'OrgAdmin', 'ops'),
      targetAccountId: PROD,
    });

    const findings = judge(STRICT, record);

    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['root-credentials', 'critical']]);
  });

  it('flags AssumeRoot by a principal the root entry does not trust', () => {
    const record = assumeRootRecord({
      identity: roleSession(IDENTITY, 'Intern', 'x'),
      targetAccountId: PROD,
    });

    const findings = judge(STRICT, record);

    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['untrusted-principal', 'critical'],
      ['root-credentials', 'critical'],
    ]);
    expect(findings[0]?.title).toBe(
      `Intern/x (role session, ${IDENTITY}) obtained root credentials for the root user of ${PROD}, ` +
        'which does not trust this principal.',
    );
  });
});

describe('CONTRACT §3: the two copies of a cross-account call', () => {
  const trust = `
version: 1
accounts: ["${IDENTITY}", "${PROD}"]
defaults: { allowChaining: false, maxSessionSeconds: 900 }
roles:
  - arn: "arn:aws:iam::${PROD}:role/ReadOnly"
    trustedPrincipals: ["arn:aws:iam::${IDENTITY}:role/Other"]
    requireMfa: true
`;

  it('give one finding per rule, not two, in whichever order they are read', () => {
    const caller = normalized(loadFixture('assume-role/cross-account-caller-copy.json'));
    const owner = normalized(loadFixture('assume-role/cross-account-target-copy.json'));
    const engine = createEngine({ config: trustConfig(trust), now: () => NOW_MS });
    const forward = new FindingSet();
    const backward = new FindingSet();

    forward.addAll([...engine.judge(caller), ...engine.judge(owner)]);
    backward.addAll([...engine.judge(owner), ...engine.judge(caller)]);

    const ids = forward.sorted().map((f) => f.rule);
    expect(ids).toEqual([...new Set(ids)]);
    expect(ids.sort()).toEqual(['mfa-missing', 'role-chaining', 'session-too-long', 'untrusted-principal']);
    expect(backward.sorted()).toEqual(forward.sorted());
    expect(forward.sorted().every((f) => f.actor.type === 'AssumedRole')).toBe(true);
  });

  it("let the caller copy's verdict stand when the owner copy cannot see the caller's MFA session", () => {
    const mfaCaller = patched(loadFixture('assume-role/cross-account-caller-copy.json'), {
      userIdentity: { sessionContext: { attributes: { mfaAuthenticated: 'true' } } },
    });
    const owner = loadFixture('assume-role/cross-account-target-copy.json');
    const engine = createEngine({ config: trustConfig(trust), now: () => NOW_MS });
    const rulesOf = (records: Record<string, unknown>[]) => {
      const collector = new ScanCollector({ maxErrors: 10 });
      const ready = collector.add(judgeValue(records, 'trail.json', engine, { maxErrors: 10 }));
      return [...ready, ...collector.finish().held].map((f) => `${f.rule}:${f.actor.type}`).sort();
    };

    // Alone, the owner copy cannot see the caller's session, so MFA is reported missing.
    expect(rulesOf([owner])).toContain('mfa-missing:AWSAccount');
    for (const order of [
      [owner, mfaCaller],
      [mfaCaller, owner],
    ]) {
      expect(rulesOf(order)).toEqual([
        'role-chaining:AssumedRole',
        'session-too-long:AssumedRole',
        'untrusted-principal:AssumedRole',
      ]);
    }
  });

  it('retract owner-copy findings when the caller copy was judged in another input (another file)', () => {
    const caller = patched(loadFixture('assume-role/cross-account-caller-copy.json'), {
      userIdentity: { sessionContext: { attributes: { mfaAuthenticated: 'true' } } },
    });
    const owner = loadFixture('assume-role/cross-account-target-copy.json');
    const engine = createEngine({ config: trustConfig(trust), now: () => NOW_MS });
    const options = { maxErrors: 10 };
    const ownerFile = judgeValue(owner, 'owner.json', engine, options);
    const callerFile = judgeValue(caller, 'caller.json', engine, options);

    const collector = new ScanCollector(options);
    const findings = [...collector.add(ownerFile), ...collector.add(callerFile), ...collector.finish().held];

    expect(ownerFile.findings.map((f) => f.rule)).toContain('mfa-missing');
    expect(findings.map((f) => f.rule)).not.toContain('mfa-missing');
    expect(findings.every((f) => f.actor.type === 'AssumedRole')).toBe(true);
  });
});

describe('CONTRACT §3: suppressions', () => {
  const suppressed = (extra: string) => `
version: 1
accounts: ["${IDENTITY}", "${PROD}"]
roles:
  - arn: "${SHARED}"
    trustedPrincipals: ["${IDENTITY}"]
    maxSessionSeconds: 3600
suppressions:
  - rule: session-too-long
    role: "arn:aws:iam::*:role/Shared"
${extra}    expires: 2027-01-31
    reason: "migration, SEC-123"
    owner: "secops@acme.example"
`;
  const long = (user: string) =>
    assumeRoleRecord({ identity: iamUser(IDENTITY, user), roleArn: SHARED, durationSeconds: 7200 });

  it('keeps a matching finding, marked suppressed, with the owner and reason', () => {
    const [finding] = judge(suppressed(''), long('etl'));

    expect(finding).toMatchObject({
      rule: 'session-too-long',
      suppressed: true,
      suppression: { owner: 'secops@acme.example', reason: 'migration, SEC-123', expires: '2027-01-31' },
    });
  });

  it('applies a suppression that names an actor to that actor only', () => {
    const yaml = suppressed(`    actor: "arn:aws:iam::${IDENTITY}:user/etl"\n`);

    expect(judge(yaml, long('etl')).map((f) => f.suppressed)).toEqual([true]);
    expect(judge(yaml, long('alice')).map((f) => f.suppressed)).toEqual([false]);
  });

  it('no longer applies after its expiry day', () => {
    const afterExpiry = Date.UTC(2027, 1, 1);

    expect(judge(suppressed(''), long('etl'), afterExpiry).map((f) => f.suppressed)).toEqual([false]);
  });

  it('does not apply to another rule on the same role', () => {
    const record = patched(long('etl'), { userIdentity: iamUser(OUTSIDER, 'etl') });

    const findings = judge(suppressed(''), record);

    expect(findings.find((f) => f.rule === 'untrusted-principal')?.suppressed).toBe(false);
    expect(findings.find((f) => f.rule === 'session-too-long')?.suppressed).toBe(true);
  });
});

describe('CONTRACT §3: the stateful rules (denied-burst, first-seen-pair)', () => {
  const trust = (thresholds = '') => `
version: 1
accounts: ["${IDENTITY}", "${PROD}"]
roles: []
${thresholds}`;
  /** Records judged one input each, in order, by one engine and one state store, as a scan judges them. */
  function stateful(yaml: string, inputs: CloudTrailRecordList[], firstSeen: 'report' | 'off' = 'report') {
    const config = trustConfig(yaml);
    const engine = createEngine({ config, now: () => NOW_MS });
    const store = new MemoryStateStore({ wallClock: () => NOW_MS });
    return inputs.flatMap((records) => {
      const facts = emptyFacts();
      for (const r of records) {
        const event = normalized(r);
        addFacts(facts, event, engine.judge(event));
      }
      const options = {
        deniedBurst: config.thresholds.deniedBurst,
        ...(firstSeen === 'off'
          ? {}
          : {
              firstSeen: {
                forgetAfterDays: config.thresholds.firstSeen.forgetAfterDays,
                mode: 'report' as const,
              },
            }),
        findingFor: engine.findingFor,
      };
      return runStateStageSync(store, facts, options, NOW_MS).findings.map((f) => f.rule);
    });
  }
  const denial = (i: number, minute: number) =>
    denied(
      assumeRoleRecord({
        identity: iamUser(OUTSIDER, 'prober'),
        roleArn: `arn:aws:iam::${PROD}:role/Role${i}`,
        eventID: `burst-${i}-${minute}`,
        eventTime: `2026-11-29T10:${String(minute).padStart(2, '0')}:00Z`,
      }),
    );

  it('denied-burst: thresholds.deniedBurst.count failed calls by one actor within the window, one finding', () => {
    const five = [0, 1, 2, 3, 4].map((i) => denial(i, i));

    expect(stateful(trust(), [five])).toEqual(['denied-burst']);
    expect(stateful(trust(), [five.slice(0, 4)])).toEqual([]);
    expect(stateful(trust('thresholds: { deniedBurst: { count: 3, windowMinutes: 2 } }'), [five])).toEqual(
      [],
    );
    expect(stateful(trust('thresholds: { deniedBurst: { count: 3, windowMinutes: 5 } }'), [five])).toEqual([
      'denied-burst',
    ]);
  });

  it('first-seen-pair: an (actor, role) pair never seen before, once; it needs a state store', () => {
    const call = (sessionName: string, eventID: string) =>
      assumeRoleRecord({
        identity: iamUser(IDENTITY, 'dev'),
        roleArn: `arn:aws:iam::${PROD}:role/Deploy`,
        sessionName,
        eventID,
      });

    expect(stateful(trust(), [[call('a', 'e-1')], [call('b', 'e-2')]])).toEqual(['first-seen-pair']);
    expect(stateful(trust(), [[call('a', 'e-1')]], 'off')).toEqual([]);
  });
});

type CloudTrailRecordList = Record<string, unknown>[];
