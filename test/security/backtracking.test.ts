import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roleFromErrorMessage } from '../../functions/core/normalize/role-from-error-message.ts';
import { globToRegExp } from '../../functions/core/trust/arn-like.ts';
import { deniedOn, engineFor, findingOf, type JsonObject, judgeRecord, scenarioRecord } from './support.ts';

// Patterns come from the trust file, but the strings they are tested against come from records. Each
// bound below is far above what a linear match needs and far below what backtracking took.
const elapsedMs = (run: () => unknown): number => {
  const start = performance.now();
  run();
  return performance.now() - start;
};

describe('trusted patterns against hostile strings', () => {
  it('matches a role ARN of 2048 characters against an entry with several wildcards in linear time', () => {
    // ArnLike patterns with a few '*' in one part are ordinary IAM; STS takes a RoleArn of up to
    // 2048 characters from any caller and logs it in the denied call.
    const engine = engineFor(`version: 1
accounts: ["111122223333", "444455556666"]
roles:
  - arn: "arn:aws:iam::*:role/*-*-*-deploy"
    trustedPrincipals: ["111122223333"]
`);
    const record = deniedOn(`arn:aws:iam::444455556666:role/${'-'.repeat(2000)}`);

    const ms = elapsedMs(() => judgeRecord(record, engine));

    expect(ms).toBeLessThan(250);
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

  it('compiles globs that agree with a reference matcher on every pattern and value', () => {
    // Dynamic programming over (pattern, value) positions: slow, obviously right.
    const reference = (glob: string, value: string): boolean => {
      let row = [true, ...Array.from(value, () => false)];
      for (const g of glob) {
        const next = [g === '*' && row[0] === true];
        for (let j = 1; j <= value.length; j++) {
          next[j] =
            g === '*'
              ? row[j] === true || next[j - 1] === true
              : row[j - 1] === true && (g === '?' || g === value[j - 1]);
        }
        row = next;
      }
      return row[value.length] === true;
    };
    const text = (chars: string) => fc.string({ unit: fc.constantFrom(...chars), maxLength: 12 });

    fc.assert(
      fc.property(text('ab-*?'), text('ab-'), (glob, value) => {
        expect(globToRegExp(glob).test(value)).toBe(reference(glob, value));
      }),
      { numRuns: 3000 },
    );
  });

  it('does not run sessionNamePattern over a session name longer than STS allows', () => {
    const engine = engineFor(`version: 1
accounts: ["111122223333"]
roles:
  - arn: "arn:aws:iam::111122223333:role/OktaAdmin"
    trustedPrincipals: ["saml:arn:aws:iam::111122223333:saml-provider/Okta"]
    maxSessionSeconds: 43200
    sessionNamePattern: "[a-z.]+@acme\\\\.example"
`);
    const record = scenarioRecord('session-name-mismatch');
    (record.requestParameters as JsonObject).roleSessionName = 'a'.repeat(100_000);

    let rules: string[] = [];
    const ms = elapsedMs(() => {
      rules = judgeRecord(record, engine).map((f) => f.rule);
    });

    expect(ms).toBeLessThan(250);
    expect(rules).toContain('session-name-mismatch');
  });

  it('reports a session name longer than STS allows as a mismatch, with its length', () => {
    const record = scenarioRecord('session-name-mismatch');
    (record.requestParameters as JsonObject).roleSessionName = `jane.doe@acme.example${' '.repeat(70)}`;

    const finding = findingOf('session-name-mismatch', record);

    expect(finding.evidence.actual).toBe(`jane.doe@acme.example${' '.repeat(70)}`);
    expect(finding.evidence.note).toContain('91 characters');
  });

  it('finds the role in an error message full of punctuation in linear time', () => {
    const message =
      'User: arn:aws:iam::111122223333:user/breakglass is not authorized to perform: sts:AssumeRole ' +
      `on resource: arn:aws:iam::444455556666:role/${'.,;'.repeat(5400)}x`;

    const ms = elapsedMs(() => roleFromErrorMessage(message));

    expect(ms).toBeLessThan(40);
    expect(roleFromErrorMessage('... on resource: arn:aws:iam::444455556666:role/ProdAdmin.;)')).toBe(
      'arn:aws:iam::444455556666:role/ProdAdmin',
    );
  });
});
