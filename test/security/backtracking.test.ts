import { describe, expect, it } from 'vitest';
import { roleFromErrorMessage } from '../../functions/core/normalize/role-from-error-message.ts';
import { deniedOn, engineFor, findingOf, type JsonObject, judgeRecord, scenarioRecord } from './support.ts';

/*
 * Patterns come from the trust file, but the strings they are tested against come from records. Each test
 * sizes its attack input so that a backtracking matcher would run for minutes or more, while the linear
 * one takes milliseconds; the wall-clock limit is only a hang guard, generous enough for a loaded machine.
 */
const HANG_GUARD_MS = 5_000;

function withinHangGuard<T>(run: () => T): T {
  const started = performance.now();
  const result = run();
  expect(performance.now() - started, 'a hang: the matcher is not linear').toBeLessThan(HANG_GUARD_MS);
  return result;
}

const OKTA_ADMIN_WITH = (pattern: string) => `version: 1
accounts: ["111122223333"]
roles:
  - arn: "arn:aws:iam::111122223333:role/OktaAdmin"
    trustedPrincipals: ["saml:arn:aws:iam::111122223333:saml-provider/Okta"]
    maxSessionSeconds: 43200
    sessionNamePattern: ${JSON.stringify(pattern)}
`;

function withSessionName(name: string): JsonObject {
  const record = scenarioRecord('session-name-mismatch');
  (record.requestParameters as JsonObject).roleSessionName = name;
  return record;
}

describe('sessionNamePattern against forged session names (ReDoS)', () => {
  // Each of these passed `validate` and hung the scan on a 64-character name when matched by JavaScript's
  // backtracking engine (34 characters 0.8 s, 38 characters 9.9 s, 64 characters beyond 20 s).
  const almost = (unit: string, tail = '!') =>
    unit.repeat(Math.ceil(64 / unit.length)).slice(0, 64 - tail.length) + tail;
  it.each([
    ['^([a-z]|[a-z0-9])+@acme\\.example$', almost('a')],
    ['^(\\w|\\d)+$', almost('1')],
    ['^(a|aa)+$', almost('a')],
    ['^(a|a)*$', almost('a')],
    ['^(?:a|ab|b)*$', almost('ab', 'c')],
    ['^(a|aa){1,64}$', almost('a')],
    [`^${'a*'.repeat(10)}$`, almost('a')],
    [`^${'.*'.repeat(16)}x$`, 'a'.repeat(64)],
  ])('matches %s in linear time against a 64-character near miss', (pattern, name) => {
    expect(name).toHaveLength(64);
    const engine = engineFor(OKTA_ADMIN_WITH(pattern));

    const rules = withinHangGuard(() => judgeRecord(withSessionName(name), engine).map((f) => f.rule));

    expect(rules).toContain('session-name-mismatch');
  });

  it('still accepts a name the pattern matches', () => {
    const engine = engineFor(OKTA_ADMIN_WITH('^([a-z]|[a-z0-9])+@acme\\.example$'));

    const rules = judgeRecord(withSessionName('jane2@acme.example'), engine).map((f) => f.rule);

    expect(rules).not.toContain('session-name-mismatch');
  });

  it('does not run sessionNamePattern over a session name longer than STS allows', () => {
    const engine = engineFor(OKTA_ADMIN_WITH('[a-z.]+@acme\\.example'));

    const rules = withinHangGuard(() =>
      judgeRecord(withSessionName('a'.repeat(100_000)), engine).map((f) => f.rule),
    );

    expect(rules).toContain('session-name-mismatch');
  });

  it('reports a session name longer than STS allows as a mismatch, with its length', () => {
    const finding = findingOf(
      'session-name-mismatch',
      withSessionName(`jane.doe@acme.example${' '.repeat(70)}`),
    );

    expect(finding.evidence.actual).toBe(`jane.doe@acme.example${' '.repeat(70)}`);
    expect(finding.evidence.note).toContain('91 characters');
  });
});

describe('ArnLike patterns against hostile role ARNs', () => {
  it('matches a very long role ARN against an entry with several wildcards in linear time', () => {
    // ArnLike patterns with a few '*' in one part are ordinary IAM; STS takes a RoleArn of up to 2048
    // characters from any caller and logs it in the denied call. One `.*` per star would take time growing
    // as length^3 on this near miss.
    const engine = engineFor(`version: 1
accounts: ["111122223333", "444455556666"]
defaults: { unlistedRoles: alert }
roles:
  - arn: "arn:aws:iam::*:role/*-*-*-deploy"
    trustedPrincipals: ["111122223333"]
`);
    const record = deniedOn(`arn:aws:iam::444455556666:role/${'-'.repeat(16_000)}`);

    const findings = withinHangGuard(() => judgeRecord(record, engine));

    expect(findings.map((f) => f.rule)).toEqual(['assume-denied']);
    expect(findings[0]?.role?.arn).toBe(`arn:aws:iam::444455556666:role/${'-'.repeat(16_000)}`);
  });

  it('still matches ArnLike wildcards as IAM does', () => {
    const engine = engineFor(`version: 1
accounts: ["111122223333", "444455556666"]
defaults: { unlistedRoles: alert }
roles:
  - arn: "arn:aws:iam::*:role/*-*-*-deploy"
    trustedPrincipals: ["111122223333"]
`);
    const listed = scenarioRecord('unlisted-role');
    (listed.requestParameters as JsonObject).roleArn = 'arn:aws:iam::444455556666:role/a-b-c-d-deploy';
    const unlisted = scenarioRecord('unlisted-role');
    (unlisted.requestParameters as JsonObject).roleArn = 'arn:aws:iam::444455556666:role/a-b-deploy';

    expect(judgeRecord(listed, engine).map((f) => f.rule)).not.toContain('unlisted-role');
    expect(judgeRecord(unlisted, engine).map((f) => f.rule)).toContain('unlisted-role');
  });

  it('refuses at load time a role pattern longer than an ARN can be, so a scan never meets it', () => {
    const pattern = `arn:aws:iam::*:role/${'*a'.repeat(1500)}`;

    expect(() =>
      engineFor(`version: 1\nroles:\n  - arn: "${pattern}"\n    trustedPrincipals: ["111122223333"]\n`),
    ).toThrow(/roles\[0\]\.arn.*at most 2048/);
  });
});

describe('role ARNs in error messages', () => {
  it('finds the role in an error message full of punctuation in linear time', () => {
    const message =
      'User: arn:aws:iam::111122223333:user/breakglass is not authorized to perform: sts:AssumeRole ' +
      `on resource: arn:aws:iam::444455556666:role/${'.,;'.repeat(5400)}x`;

    // A trailing-punctuation regular expression retried from every run took ~0.5 s per call here: fifty
    // calls would take most of a minute, the linear loop takes milliseconds.
    withinHangGuard(() => {
      for (let i = 0; i < 50; i++) roleFromErrorMessage(message);
    });
    expect(roleFromErrorMessage('... on resource: arn:aws:iam::444455556666:role/ProdAdmin.;)')).toBe(
      'arn:aws:iam::444455556666:role/ProdAdmin',
    );
  });
});
