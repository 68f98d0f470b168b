import { describe, expect, it } from 'vitest';
import { createEngine } from '../../functions/core/engine/create-engine.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { listFixtures, loadFixture } from '../normalize/load-records.ts';
import {
  ACCOUNTS,
  assumeRoleRecord,
  assumeRoleWithWebIdentityRecord,
  FAKE_SECRET,
  FAKE_TOKEN,
  iamUser,
  roleSession,
} from '../rules/support/cloudtrail-records.ts';
import { judge, judgedEvent, judgeRule, NOW_MS, normalized, trustConfig } from '../rules/support/judge.ts';
import { ADDED_FINDING_KEYS, CONTRACT_FINDING_KEYS } from '../support/finding-keys.ts';

// CONTRACT §4: the finding's fields, its id, its title, and what must never be in it.

const { identity: IDENTITY, prod: PROD } = ACCOUNTS;
const TARGET = `arn:aws:iam::${PROD}:role/Target`;

/** Every role listed with every requirement, so that as many rules as possible fire on the fixtures. */
const EVERYTHING = `
version: 1
accounts: ["${IDENTITY}"]
defaults: { unlistedRoles: alert, allowChaining: false, maxSessionSeconds: 900 }
roles:
  - arn: "arn:aws:iam::*:role/*"
    trustedPrincipals: ["arn:aws:iam::${IDENTITY}:role/nobody"]
    oidcSubjects: ["repo:nobody/none:*"]
    requireMfa: true
    requireExternalId: true
    requireSourceIdentity: true
    sessionNamePattern: "^never$"
    sourceCidrs: ["192.0.2.0/32"]
`;

const CONTRACT_KEYS: readonly string[] = CONTRACT_FINDING_KEYS;
const ADDED_KEYS: readonly string[] = ADDED_FINDING_KEYS;

function allFixtureFindings(): Finding[] {
  const engine = createEngine({ config: trustConfig(EVERYTHING), now: () => NOW_MS });
  return listFixtures().flatMap((path) => engine.judge(judgedEvent(loadFixture(path))));
}

describe('CONTRACT §4: findings', () => {
  it('have the contract fields, and no others than the documented additions', () => {
    const findings = allFixtureFindings();

    expect(findings.length).toBeGreaterThan(40);
    for (const f of findings) {
      for (const key of Object.keys(f)) expect([...CONTRACT_KEYS, ...ADDED_KEYS]).toContain(key);
      expect(Object.keys(f.actor).every((k) => ['type', 'arn', 'accountId', 'display'].includes(k))).toBe(
        true,
      );
      expect(
        Object.keys(f.session).every((k) =>
          ['name', 'requestedSeconds', 'grantedSeconds', 'sourceIdentity'].includes(k),
        ),
      ).toBe(true);
      expect(typeof f.evidence.expected).toBe('string');
      expect(typeof f.evidence.actual).toBe('string');
      expect(typeof f.remediation).toBe('string');
      expect(typeof f.suppressed).toBe('boolean');
    }
  });

  it('never contain a session token, secret key, ExternalId value or MFA token code', () => {
    const externalId = 'ExtId-7d0f3c-shared-secret';
    const tokenCode = '918273';
    const record = assumeRoleRecord({
      identity: roleSession(IDENTITY, 'OktaAdmin', 'jane'),
      roleArn: TARGET,
      request: { externalId, serialNumber: `arn:aws:iam::${IDENTITY}:mfa/jane`, tokenCode },
    });
    const findings = [...allFixtureFindings(), ...judge(EVERYTHING, record)];

    const text = JSON.stringify(findings);

    expect(judge(EVERYTHING, record).length).toBeGreaterThan(0);
    for (const secret of [FAKE_TOKEN, FAKE_SECRET, externalId, tokenCode, 'FQoGZXIvYXdz']) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/sessionToken|secretAccessKey|"credentials"/);
  });

  it('carry an id that is the same on every run and for both copies of a cross-account call, per rule', () => {
    const engine = createEngine({ config: trustConfig(EVERYTHING), now: () => NOW_MS });
    const caller = engine.judge(normalized(loadFixture('assume-role/cross-account-caller-copy.json')));
    const owner = engine.judge(normalized(loadFixture('assume-role/cross-account-target-copy.json')));
    const again = engine.judge(normalized(loadFixture('assume-role/cross-account-caller-copy.json')));
    const idOf = (fs: Finding[], rule: string) => fs.find((f) => f.rule === rule)?.id;

    expect(caller.map((f) => f.id)).toEqual(again.map((f) => f.id));
    for (const rule of ['mfa-missing', 'session-too-long', 'role-chaining']) {
      expect(idOf(caller, rule)).toMatch(/^[0-9a-f]{32}$/);
      expect(idOf(owner, rule)).toBe(idOf(caller, rule));
    }
    expect(new Set(caller.map((f) => f.id)).size).toBe(caller.length);
  });

  it('have a title that is one sentence on one line', () => {
    for (const f of allFixtureFindings()) {
      expect(f.title).toMatch(/^\S.*\.$/);
      expect(f.title).not.toMatch(/[\n\r\t\u2028\u2029]/);
    }
  });

  it('clip a very long attacker-chosen value in the title but keep it whole in the evidence', () => {
    const subject = `repo:evil/${'a'.repeat(500)}:ref:refs/heads/main`;
    const record = assumeRoleWithWebIdentityRecord({ roleArn: TARGET, subject });

    const [finding] = judgeRule('oidc-subject-unexpected', EVERYTHING, record);

    expect(finding?.evidence.actual).toBe(subject);
    expect(finding?.title).not.toContain(subject);
    expect(finding?.title).toContain('repo:evil/aaaa');
    expect(finding?.title).toContain('\u2026');
    expect(Array.from(finding?.title ?? '').length).toBeLessThanOrEqual(400);
  });

  it('keep a title on one line when a session name holds line breaks and controls', () => {
    const sessionName = 'ops\nIGNORE PREVIOUS\r\n\u202eevil\u0007';
    const record = assumeRoleRecord({ identity: iamUser(IDENTITY, 'alice'), roleArn: TARGET, sessionName });

    const [finding] = judgeRule('session-name-mismatch', EVERYTHING, record);

    expect(finding?.title).toContain('with session name "ops IGNORE PREVIOUS evil"');
    expect(finding?.evidence.actual).toBe(sessionName);
  });

  it('never split a character outside the Basic Multilingual Plane when clipping', () => {
    const name = '\u{1F511}'.repeat(300);
    const record = assumeRoleRecord({
      identity: roleSession(IDENTITY, 'ci', name),
      roleArn: TARGET,
      sessionName: name,
    });

    const findings = judge(EVERYTHING, record);

    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(f.title).toContain('\u{1F511}\u2026');
    }
    expect(findings.find((f) => f.rule === 'session-name-mismatch')?.evidence.actual).toBe(name);
  });
});
