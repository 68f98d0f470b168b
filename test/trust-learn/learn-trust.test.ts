import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CredentialEvent } from '../../functions/core/model/credential-event.ts';
import { normalizeRecord } from '../../functions/core/normalize/normalize-record.ts';
import { renderTrustDocument } from '../../functions/core/trust-draft/render-trust-draft.ts';
import { trustLearnTap } from '../../functions/core/trust-learn/learn-tap.ts';
import type { LearnedActivity } from '../../functions/core/trust-learn/learned-activity.ts';
import { learnTrust } from '../../functions/core/trust-learn/learned-trust.ts';
import { validDraft } from '../support/trust-cli.ts';

const CLOUDTRAIL = join(import.meta.dirname, '..', '..', 'fixtures', 'cloudtrail');
const record = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(CLOUDTRAIL, path), 'utf8')) as Record<string, unknown>;

function event(r: unknown): CredentialEvent {
  const outcome = normalizeRecord(r, { file: 'test' });
  if (outcome.kind !== 'event') throw new Error(`not a credential event: ${outcome.kind}`);
  return outcome.event;
}

function learn(records: readonly unknown[]): LearnedActivity {
  const acc = trustLearnTap.create();
  for (const r of records) trustLearnTap.onEvent(acc, event(r), []);
  return acc;
}

const draft = (activity: LearnedActivity): string => renderTrustDocument(learnTrust(activity).document);

const FIXTURES = [
  'assume-role/same-account-iam-user.json',
  'assume-role/aws-service-lambda.json',
  'assume-role/chained-assumed-role.json',
  'assume-role/cross-account-target-copy.json',
  'assume-role/cross-account-caller-copy.json',
  'assume-role/with-mfa.json',
  'assume-role/with-external-id.json',
  'assume-role/denied-null-request-parameters.json',
  'assume-role-with-saml/okta-user.json',
  'assume-role-with-web-identity/github-actions-main.json',
  'get-session-token/iam-user-with-mfa.json',
];

describe('trust learning (tap and draft)', () => {
  it('drafts a valid trust file from real-shaped records of every caller kind', () => {
    const text = draft(learn(FIXTURES.map(record)));
    const config = validDraft(text);
    expect(config.roles.length).toBeGreaterThan(4);
    expect(text).toContain('GetSessionToken: 1 call');
  });

  it('gives the same draft however the records are split between inputs and merged', () => {
    const records = FIXTURES.map(record);
    const whole = draft(learn(records));
    const parts = [records.slice(0, 3), records.slice(3, 7), records.slice(7)].map(learn);
    // Accumulators cross worker threads as structured clones.
    const cloned = parts.map((p) => structuredClone(p));
    const merged = cloned.reduce((a, b) => trustLearnTap.merge(a, b));
    expect(draft(merged)).toBe(whole);
    const backwards = [...parts.map((p) => structuredClone(p))]
      .reverse()
      .reduce((a, b) => trustLearnTap.merge(a, b));
    expect(draft(backwards)).toBe(whole);
  });

  it('never turns a value from a record into a wildcard: a role or caller written with * is not trusted', () => {
    const forged = record('assume-role/same-account-iam-user.json');
    const wildRole = {
      ...forged,
      requestParameters: {
        roleArn: 'arn:aws:iam::444455556666:role/*',
        roleSessionName: 'x1',
        durationSeconds: 900,
      },
    };
    const wildCaller = {
      ...forged,
      userIdentity: { ...(forged.userIdentity as object), arn: 'arn:aws:iam::444455556666:user/*' },
    };
    const learned = learnTrust(learn([wildRole, wildCaller]));
    const text = renderTrustDocument(learned.document);
    const config = validDraft(text);
    // ReadOnly was assumed only by a caller no entry can name: it stays a comment, trusting nobody.
    expect(config.roles).toEqual([]);
    expect(text).toContain('  # - arn: "arn:aws:iam::444455556666:role/ReadOnly"');
    expect(learned.warnings.join('\n')).toMatch(/role\/\*" is not a role ARN an entry can hold/);
    expect(learned.warnings.join('\n')).toMatch(/user\/\*, which no trustedPrincipals entry can name/);
  });

  it('lists no role whose ARN in the record is longer than an entry takes, and still drafts the others', () => {
    // Any caller can send a RoleArn of 2048 characters and more; one such denied-or-not call made the
    // whole learned draft invalid (exit 3, nothing printed).
    const forged = record('assume-role/same-account-iam-user.json');
    const long = {
      ...forged,
      eventID: 'b0a5f3c2-1111-4c3e-9d2a-7e6f5a4b3c21',
      requestParameters: {
        ...(forged.requestParameters as object),
        roleArn: `arn:aws:iam::444455556666:role/${'p/'.repeat(1100)}ReadOnly`,
      },
    };
    const learned = learnTrust(learn([forged, long]));
    const config = validDraft(renderTrustDocument(learned.document));
    expect(config.roles.map((e) => e.arn)).toEqual(['arn:aws:iam::444455556666:role/ReadOnly']);
    expect(learned.warnings.join('\n')).toMatch(/p\/p\/.*" is not a role ARN an entry can hold/);
  });

  it('writes record values in comments as one safe line each', () => {
    const forged = record('assume-role/with-mfa.json');
    const hostile = {
      ...forged,
      errorCode: 'AccessDenied\n  - arn: "arn:aws:iam::*:role/*"\u001b[2J',
      errorMessage: 'denied',
      responseElements: null,
    };
    const text = draft(learn([hostile]));
    validDraft(text);
    expect(text).not.toContain('\u001b');
    expect(text.split('\n').filter((l) => l.includes('AccessDenied'))).toHaveLength(1);
    expect(text.split('\n').find((l) => l.includes('AccessDenied'))).toMatch(/^# /);
  });

  it('lists only token subjects it can state literally: none holding * (a wildcard there), none too long to validate', () => {
    const main = record('assume-role-with-web-identity/github-actions-main.json');
    const withSubject = (subject: string) => ({
      ...main,
      responseElements: {
        ...(main.responseElements as object),
        subjectFromWebIdentityToken: subject,
      },
    });
    const learned = learnTrust(
      learn([main, withSubject('repo:acme/*'), withSubject(`repo:acme/${'a'.repeat(3000)}`)]),
    );
    const text = renderTrustDocument(learned.document);
    const entry = validDraft(text).roles[0];
    expect(entry?.oidcSubjects).toEqual(['repo:acme/app:ref:refs/heads/main']);
    const warnings = learned.warnings.join('\n');
    expect(warnings).toMatch(/"repo:acme\/\*" holds '\*'.*left out/);
    expect(warnings).toMatch(/"repo:acme\/a+…" is left out: it has 3010 characters/);
  });

  it('lists no value the trust file would read back as another (it trims the spaces around values)', () => {
    // `main\u00a0` is a valid git branch name, and a record's invokedBy is whatever the record says: read
    // back trimmed, the learned file trusted `main` and `lambda.amazonaws.com`, and reported the very calls
    // it was learned from.
    const main = record('assume-role-with-web-identity/github-actions-main.json');
    const subject = 'repo:acme/app:ref:refs/heads/main\u00a0';
    const branch = {
      ...main,
      userIdentity: { ...(main.userIdentity as object), userName: subject },
      responseElements: { ...(main.responseElements as object), subjectFromWebIdentityToken: subject },
    };
    const lambda = record('assume-role/aws-service-lambda.json');
    const spaced = { ...lambda, userIdentity: { type: 'AWSService', invokedBy: 'lambda.amazonaws.com ' } };
    const learned = learnTrust(learn([main, branch, spaced]));
    const config = validDraft(renderTrustDocument(learned.document));

    expect(config.roles.map((e) => [e.arn, e.oidcSubjects])).toEqual([
      ['arn:aws:iam::777788889999:role/github-actions', ['repo:acme/app:ref:refs/heads/main']],
    ]);
    const warnings = learned.warnings.join('\n');
    expect(warnings).toMatch(
      /subject "repo:acme\/app:ref:refs\/heads\/main\u00a0" is left out: a trust file trims/,
    );
    expect(warnings).toMatch(
      /orders-api-role-k2j4h1: 1 call, .* by .*, which no trustedPrincipals entry can name/,
    );
  });

  it('says so when no token subject seen can be listed, rather than listing a wildcard', () => {
    const main = record('assume-role-with-web-identity/github-actions-main.json');
    const wild = {
      ...main,
      responseElements: { ...(main.responseElements as object), subjectFromWebIdentityToken: 'repo:*' },
    };
    const learned = learnTrust(learn([wild]));
    const entry = validDraft(renderTrustDocument(learned.document)).roles[0];
    expect(entry?.oidcSubjects).toBeUndefined();
    expect(learned.warnings.join('\n')).toMatch(/no token subject seen can be listed/);
  });

  it('warns when one long session raises maxSessionSeconds above the default, saying how many calls did', () => {
    const alice = record('assume-role/same-account-iam-user.json');
    const lasting = (seconds: number) => ({
      ...alice,
      requestParameters: { ...(alice.requestParameters as object), durationSeconds: seconds },
      responseElements: null,
    });
    const learned = learnTrust(learn([lasting(3600), lasting(3600), lasting(43_200)]));
    expect(validDraft(renderTrustDocument(learned.document)).roles[0]?.maxSessionSeconds).toBe(43_200);
    expect(learned.warnings.join('\n')).toMatch(
      /maxSessionSeconds 43200 is above the default 3600 s because 1 of 3 calls asked for longer sessions/,
    );
    // Within the default, nothing to warn about.
    expect(learnTrust(learn([lasting(3600), lasting(900)])).warnings).toEqual([]);
  });

  it('lists at most 500 roles seen only in denied calls, the same ones in any order, and counts the rest', () => {
    // A role enumeration: one caller asks for 1,200 role names that do not exist (CloudTrail names the
    // role only in the error message). Each used to become a role of its own in memory and a comment line
    // in the draft: 50,000 guesses took 706 MB and a 50,000-line draft.
    const probe = record('denied-burst/role-enumeration.json') as { Records: Record<string, unknown>[] };
    const denied = probe.Records[0]!;
    const guess = (i: number): Record<string, unknown> => ({
      ...denied,
      eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      errorMessage: String(denied.errorMessage).replace(
        /role\/.*$/,
        `role/guess-${String(i).padStart(4, '0')}`,
      ),
    });
    // ReadOnly is denied first, then assumed: its denied call belongs to its entry, not to the trailer.
    const readOnly = record('assume-role/same-account-iam-user.json');
    const readOnlyDenied = {
      ...denied,
      errorMessage: String(denied.errorMessage).replace(/role\/.*$/, 'role/ReadOnly'),
    };
    const records = [readOnlyDenied, ...Array.from({ length: 1200 }, (_, i) => guess(1199 - i)), readOnly];

    const learned = learnTrust(learn(records));
    const text = renderTrustDocument(learned.document);
    const config = validDraft(text);
    expect(config.roles.map((e) => e.arn)).toEqual(['arn:aws:iam::444455556666:role/ReadOnly']);
    const listed = text.split('\n').filter((l) => /role\/guess-\d{4}: 1 call/.test(l));
    expect(listed).toHaveLength(500);
    expect(listed[0]).toContain('role/guess-0000:');
    expect(listed[499]).toContain('role/guess-0499:');
    expect(text).toContain('and 700 calls denied on other roles, not listed: more than 500 roles');
    expect(learned.warnings).toContainEqual(expect.stringContaining('700 calls denied on other roles'));
    expect(text).toMatch(
      /- arn: "arn:aws:iam::444455556666:role\/ReadOnly"\n(?: +#.*\n)* +# denied: 1 call, .*: AccessDenied by .*user\/build-bot\n/,
    );
    expect(text).not.toMatch(/^# +arn:aws:iam::444455556666:role\/ReadOnly:/m);

    // The same draft for any split of the trail and any merge order.
    const parts = [records.slice(0, 400), records.slice(400, 900), records.slice(900)].map(learn);
    const merged = parts.map((p) => structuredClone(p)).reduce((a, b) => trustLearnTap.merge(a, b));
    expect(draft(merged)).toBe(text);
    const backwards = parts
      .map((p) => structuredClone(p))
      .reverse()
      .reduce((a, b) => trustLearnTap.merge(a, b));
    expect(draft(backwards)).toBe(text);
  });
});
