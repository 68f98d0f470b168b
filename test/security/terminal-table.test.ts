import { describe, expect, it } from 'vitest';
import { renderTable } from '../../functions/core/render/render-table.ts';
import { deniedOn, findingOf, type JsonObject, scanOf, scenarioRecord } from './support.ts';

describe('the terminal table built from hostile records', () => {
  it('makes invisible format characters visible, so a role cannot pass for another', () => {
    // A denied call on "ProdAdmin" with a zero-width space, a word joiner, a soft hyphen and the
    // Arabic letter mark (a bidirectional control) hidden in it reads exactly like the real role.
    const finding = findingOf(
      'assume-denied',
      deniedOn('arn:aws:iam::444455556666:role/Prod\u200bAd\u2060m\u00adin\u061c'),
    );

    const out = renderTable(scanOf([finding]), { width: 200 });

    expect(out).toContain('role:       arn:aws:iam::444455556666:role/Prod\uFFFDAd\uFFFDm\uFFFDin\uFFFD');
    expect(out).not.toMatch(/[\u200b\u2060\u00ad\u061c]/);
  });

  it('cannot be given extra rows or colours by a session name, user agent or error text', () => {
    const record = scenarioRecord('session-name-mismatch');
    (record.requestParameters as JsonObject).roleSessionName =
      'jane\r\n  2026-11-26 13:30:02  untrusted-principal\u001b[8m\u2028\u2029\u0085';
    record.userAgent = '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007';

    const out = renderTable(scanOf([findingOf('session-name-mismatch', record)]), { width: 200 });

    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    const rows = out.split('\n').filter((l) => /^ {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}/.test(l));
    expect(rows).toEqual(['  2026-11-26 13:30:02Z  session-name-mismatch']);
  });

  it('shows spaces other than the ASCII space, so a value cannot pass for another that differs in them', () => {
    // A role session from a branch `main` + NO-BREAK SPACE, or a user agent with a FIGURE SPACE, reads
    // like `main ` and `aws-cli/2.22 ` in a terminal: only the space U+0020 is printed as a space.
    const record = scenarioRecord('session-name-mismatch');
    record.userAgent = 'aws-cli/2.22.1\u00a0md/\u2007x\u3000y z';

    const out = renderTable(scanOf([findingOf('session-name-mismatch', record)]), { width: 400 });

    expect(out).not.toMatch(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/);
    expect(out).toContain('aws-cli/2.22.1\uFFFDmd/\uFFFDx\uFFFDy z');
  });
});

describe('the terminal table and values that reach it from elsewhere than the record', () => {
  // Titles and actor names are made printable by the rules, and a location names a file: an S3 key or
  // a file name can hold an escape sequence too. The table makes each of them terminal-safe itself.
  it('neutralises controls and bidi overrides in the title, the actor and the source location', () => {
    const finding = findingOf('assume-denied', deniedOn('arn:aws:iam::444455556666:role/ProdAdmin'));
    const forged = {
      ...finding,
      title: 'Denied\u001b[2J call \u202Eto ProdAdmin',
      actor: { ...finding.actor, display: 'alice\u001b]0;owned\u0007 \u2066(IAM user)' },
      location: 'trail/\u001b[31mevil\u202E.json:3 Records[0]',
    };

    const out = renderTable(scanOf([forged]), { width: 200 });

    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e\u2066]/);
    expect(out).toContain('Denied\uFFFD[2J call \uFFFDto ProdAdmin');
    expect(out).toContain('alice\uFFFD]0;owned\uFFFD \uFFFD(IAM user)');
    expect(out).toContain('trail/\uFFFD[31mevil\uFFFD.json:3 Records[0]');
  });

  it('neutralises them in the input errors and trust-file warnings it lists', () => {
    const scan = scanOf([findingOf('assume-denied', deniedOn('arn:aws:iam::444455556666:role/ProdAdmin'))]);
    const out = renderTable(
      {
        ...scan,
        summary: { ...scan.summary, malformed: 1 },
        errors: [
          {
            kind: 'json',
            message: 'invalid JSON near "\u202Eevil\u001b[2J"',
            location: { file: 'trail/\u001b[31mred.json', line: 4 },
          },
        ],
        warnings: [{ file: 'trust\u001b[8m.yaml', line: 3, key: 'roles[0]', message: 'owner \u202Eadmin' }],
      },
      { width: 200 },
    );

    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out).toContain('  trail/\uFFFD[31mred.json:4: invalid JSON near "\uFFFDevil\uFFFD[2J"');
    expect(out).toContain('  trust\uFFFD[8m.yaml:3 roles[0]: owner \uFFFDadmin');
  });
});
