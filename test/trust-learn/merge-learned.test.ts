import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../functions/core/normalize/normalize-record.ts';
import { unifiedDiff } from '../../functions/core/render/unified-diff.ts';
import { trustLearnTap } from '../../functions/core/trust-learn/learn-tap.ts';
import { learnTrust } from '../../functions/core/trust-learn/learned-trust.ts';
import { mergeLearned } from '../../functions/core/trust-learn/merge-learned.ts';
import { applyUnifiedDiff } from '../support/apply-diff.ts';
import { validDraft } from '../support/trust-cli.ts';

const CLOUDTRAIL = join(import.meta.dirname, '..', '..', 'fixtures', 'cloudtrail');
// alice (IAM user, prod) assumes ReadOnly in prod from 203.0.113.25, session "alice-cli".
const RECORD = JSON.parse(
  readFileSync(join(CLOUDTRAIL, 'assume-role', 'same-account-iam-user.json'), 'utf8'),
);
const ALICE = 'arn:aws:iam::444455556666:user/alice';

function learned() {
  const acc = trustLearnTap.create();
  const outcome = normalizeRecord(RECORD, { file: 'test' });
  if (outcome.kind !== 'event') throw new Error('not a credential event');
  trustLearnTap.onEvent(acc, outcome.event, []);
  return learnTrust(acc).roles;
}

/** `config` is the file's own, or (a file without `roles`, which trust files may leave out) an equivalent's. */
function merge(text: string, config = validDraft(text)): { merged: string; added: readonly string[] } {
  const result = mergeLearned(text, config, learned());
  if (!result.ok) throw new Error(result.error);
  // The diff the CLI prints applies back to the same text.
  expect(applyUnifiedDiff(text, unifiedDiff(text, result.value.text, 'f'))).toBe(result.value.text);
  return { merged: result.value.text, added: result.value.additions.flatMap((a) => a.values) };
}

describe('mergeLearned (trust learn --merge)', () => {
  it('adds a principal under the last item of a block list, at its indentation, with its counts', () => {
    const text = [
      'version: 1',
      'accounts: ["444455556666"]',
      'roles:',
      '- arn: "arn:aws:iam::444455556666:role/ReadOnly"',
      '  trustedPrincipals:',
      '  - "111122223333"',
      '  sourceCidrs: ["198.51.100.0/24"]',
      '',
    ].join('\n');
    const { merged, added } = merge(text);
    expect(added).toEqual([ALICE, '203.0.113.0/24']);
    expect(merged).toContain(
      `  - "111122223333"\n  - "${ALICE}"    # learned: 1 call, last 2026-11-02T09:14:07Z\n`,
    );
    expect(merged).toContain('  sourceCidrs: ["198.51.100.0/24", "203.0.113.0/24"]\n');
    expect(validDraft(merged).roles[0]?.trustedPrincipals.map((m) => m.raw)).toEqual(['111122223333', ALICE]);
  });

  it("adds an entry after the last one when no entry matches, shifted to the file's indentation", () => {
    const text =
      'version: 1\naccounts: []\nroles:\n- arn: "arn:aws:iam::*:role/Other"\n  trustedPrincipals: ["111122223333"]\n';
    const { merged } = merge(text);
    const config = validDraft(merged);
    expect(config.roles.map((e) => e.arn)).toEqual([
      'arn:aws:iam::*:role/Other',
      'arn:aws:iam::444455556666:role/ReadOnly',
    ]);
    expect(merged).toContain('\n- arn: "arn:aws:iam::444455556666:role/ReadOnly"\n');
  });

  it('adds to the list that ends the file and a new entry after it, each where it belongs', () => {
    // Both edits fall at the end of the file: the new entry came first and the list items after it, so
    // they landed in the new entry (here after its allowChaining: invalid, exit 3; after a last list of
    // the new entry, such as its sourceCidrs, they widened that one and silently not the right one).
    const github = JSON.parse(
      readFileSync(join(CLOUDTRAIL, 'assume-role-with-web-identity', 'github-actions-main.json'), 'utf8'),
    );
    const acc = trustLearnTap.create();
    for (const r of [RECORD, github]) {
      const outcome = normalizeRecord(r, { file: 'test' });
      if (outcome.kind !== 'event') throw new Error('not a credential event');
      trustLearnTap.onEvent(acc, outcome.event, []);
    }
    const text = [
      'version: 1',
      'accounts: ["444455556666"]',
      'roles:',
      '  - arn: "arn:aws:iam::444455556666:role/ReadOnly"',
      '    sourceCidrs:',
      '      - "198.51.100.0/24"',
      '    trustedPrincipals:',
      '      - "arn:aws:iam::444455556666:user/bob"',
      '',
    ].join('\n');
    const result = mergeLearned(text, validDraft(text), learnTrust(acc).roles);
    if (!result.ok) throw new Error(result.error);
    const config = validDraft(result.value.text);
    expect(
      config.roles.map((e) => [e.arn, e.trustedPrincipals.map((m) => m.raw), e.sourceCidrs?.length]),
    ).toEqual([
      ['arn:aws:iam::444455556666:role/ReadOnly', ['arn:aws:iam::444455556666:user/bob', ALICE], 2],
      ['arn:aws:iam::777788889999:role/github-actions', ['oidc:token.actions.githubusercontent.com'], 1],
    ]);
  });

  it('adds to a block list on the last line of a file that does not end with a line break', () => {
    const text = [
      'version: 1',
      'accounts: ["444455556666"]',
      'roles:',
      '  - arn: "arn:aws:iam::444455556666:role/ReadOnly"',
      '    trustedPrincipals:',
      '      - "arn:aws:iam::444455556666:user/bob"',
    ].join('\n');
    // Without the comment the merged file did not parse; with it, the value went into the comment and
    // the entry, silently, did not trust the caller the summary said was added.
    for (const end of ['', '    # on-call']) {
      const { merged, added } = merge(`${text}${end}`);
      expect(added).toEqual([ALICE]);
      expect(validDraft(merged).roles[0]?.trustedPrincipals.map((m) => m.raw)).toEqual([
        'arn:aws:iam::444455556666:user/bob',
        ALICE,
      ]);
    }
  });

  it('writes a roles list into a file that has none, or an empty one', () => {
    const empty = validDraft('version: 1\naccounts: []\nroles: []\n');
    for (const text of [
      'version: 1\naccounts: []\n',
      'version: 1\naccounts: []\nroles: []\n',
      'version: 1\naccounts: []',
    ]) {
      const config = validDraft(merge(text, empty).merged);
      expect(config.roles.map((e) => [e.arn, e.trustedPrincipals.map((m) => m.raw)])).toEqual([
        ['arn:aws:iam::444455556666:role/ReadOnly', [ALICE]],
      ]);
    }
  });

  it('adds nothing where the entry already covers the caller (a whole account, a pattern)', () => {
    for (const principal of ['"444455556666"', '"arn:aws:iam::444455556666:user/*"']) {
      const text = `version: 1\naccounts: []\nroles:\n  - arn: "arn:aws:iam::*:role/Read*"\n    trustedPrincipals: [${principal}]\n`;
      expect(merge(text)).toEqual({ merged: text, added: [] });
    }
  });

  it('does not widen sourceCidrs by more networks than a fresh draft would state, and says so', () => {
    const acc = trustLearnTap.create();
    for (let i = 1; i <= 9; i++) {
      const outcome = normalizeRecord({ ...RECORD, sourceIPAddress: `198.51.${i}.7` }, { file: 'test' });
      if (outcome.kind !== 'event') throw new Error('not a credential event');
      trustLearnTap.onEvent(acc, outcome.event, []);
    }
    const text = [
      'version: 1',
      'accounts: ["444455556666"]',
      'roles:',
      '  - arn: "arn:aws:iam::444455556666:role/ReadOnly"',
      `    trustedPrincipals: ["${ALICE}"]`,
      '    sourceCidrs: ["203.0.113.0/24"]',
      '',
    ].join('\n');
    const result = mergeLearned(text, validDraft(text), learnTrust(acc).roles);
    if (!result.ok) throw new Error(result.error);
    expect(result.value.text).toBe(text);
    expect(result.value.notes.join('\n')).toMatch(/9 networks outside sourceCidrs; none is added/);
  });
});
