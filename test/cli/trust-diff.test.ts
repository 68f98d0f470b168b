import { describe, expect, it } from 'vitest';
import {
  AUTH_DETAILS,
  FIXTURE_EXTERNAL_ID,
  LIST_ROLES,
  LIST_ROLES_ENCODED,
  rolewatch,
  tempJson,
} from '../support/trust-cli.ts';

const A = '111122223333';
const B = '444455556666';
const SAVED = ['--from', LIST_ROLES, '--from', AUTH_DETAILS];

/** The trust file `trust import` drafts from the fixtures, with unlisted roles ignored. */
async function importedTrustFile(edit?: (text: string) => string): Promise<string> {
  const draft = (await rolewatch('trust', 'import', ...SAVED)).stdout.replace(
    'unlistedRoles: alert',
    'unlistedRoles: ignore',
  );
  const edited = edit === undefined ? draft : edit(draft);
  if (edit !== undefined && edited === draft) throw new Error('the edit changed nothing');
  return tempJson('rolewatch.yaml', edited);
}

/** Whether text holds a C0 control character other than a line break, or DEL. */
const hasControlCharacter = (text: string): boolean =>
  [...text].some((c) => {
    const code = c.codePointAt(0) ?? 0;
    return (code < 0x20 && c !== '\n') || code === 0x7f;
  });

interface DiffJson {
  summary: { widening: number; other: number; roles: number; accounts: string[] };
  drifts: {
    kind: string;
    widens: boolean;
    roleArn?: string;
    principals?: string[];
    condition?: string;
    entry?: { line?: number };
  }[];
}

describe('rolewatch trust diff --from (saved IAM output)', () => {
  it('exits 0 when the trust file declares what IAM lets in (its own import)', async () => {
    const config = await importedTrustFile();
    const run = await rolewatch('trust', 'diff', '--config', config, ...SAVED);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('IAM lets in nothing beyond what the trust file declares.');
    expect(run.stdout).toMatch(
      /trust diff: 24 IAM role\(s\) in 2 account\(s\), 22 entries: 0 where IAM lets in more/,
    );
  });

  it('exits 1 and names the principal when a trust policy lets in one the file does not trust (a whole account, where the file trusts one user of it)', async () => {
    const config = await importedTrustFile((t) =>
      t.replace(
        `      - "${B}"\n      - "arn:aws:iam::${B}:user/alice"\n    maxSessionSeconds`,
        `      - "arn:aws:iam::${B}:user/alice"\n    maxSessionSeconds`,
      ),
    );
    const run = await rolewatch('trust', 'diff', '--config', config, ...SAVED, '--format', 'json');
    expect(run.code).toBe(1);
    const diff = JSON.parse(run.stdout) as DiffJson;
    expect(diff.drifts.filter((d) => d.widens)).toEqual([
      expect.objectContaining({
        kind: 'untrusted-principal',
        roleArn: `arn:aws:iam::${A}:role/CrossAccountAdmin`,
        principals: [B],
      }),
    ]);
    expect(run.stderr).toContain('1 where IAM lets in more than declared');
  });

  it('exits 1 when the file requires a condition a policy lacks, or allows shorter sessions than IAM', async () => {
    const config = await importedTrustFile((t) =>
      t
        .replace(
          'requireExternalId: true    # the value itself is not copied',
          'requireExternalId: true\n    requireMfa: true',
        )
        .replace('maxSessionSeconds: 43200', 'maxSessionSeconds: 3600'),
    );
    const run = await rolewatch('trust', 'diff', '--config', config, ...SAVED, '--format', 'json');
    expect(run.code).toBe(1);
    const widening = (JSON.parse(run.stdout) as DiffJson).drifts.filter((d) => d.widens);
    expect(widening.map((d) => [d.kind, d.roleArn, d.condition])).toEqual([
      ['session-too-long', `arn:aws:iam::${A}:role/OktaAdmin`, 'maxSessionSeconds'],
      ['missing-condition', `arn:aws:iam::${A}:role/VendorMonitoring`, 'requireMfa'],
    ]);
  });

  it('reports roles without an entry (a widening with unlistedRoles: alert) and entries whose role is gone', async () => {
    const config = tempJson(
      'rolewatch.yaml',
      `version: 1\naccounts: ["${A}"]\ndefaults:\n  unlistedRoles: alert\nroles:\n  - arn: "arn:aws:iam::${A}:role/Retired"\n    trustedPrincipals: ["${B}"]\n`,
    );
    const run = await rolewatch(
      'trust',
      'diff',
      '--config',
      config,
      '--from',
      LIST_ROLES,
      '--format',
      'json',
    );
    expect(run.code).toBe(1);
    const diff = JSON.parse(run.stdout) as DiffJson;
    expect(diff.drifts.filter((d) => d.kind === 'unlisted-role').length).toBe(15);
    expect(diff.drifts.find((d) => d.kind === 'missing-role')).toMatchObject({
      widens: false,
      entry: { line: 6 },
    });
  });

  it('writes SARIF 2.1.0 with one result per difference, located at the entry', async () => {
    const config = await importedTrustFile((t) =>
      t.replace('maxSessionSeconds: 43200', 'maxSessionSeconds: 3600'),
    );
    const run = await rolewatch('trust', 'diff', '--config', config, ...SAVED, '--format', 'sarif');
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout);
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results as {
      ruleId: string;
      level: string;
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
      }[];
    }[];
    const rules = sarif.runs[0].tool.driver.rules as { id: string }[];
    const tooLong = results.find((r) => r.ruleId === 'trust-diff/session-too-long');
    expect(tooLong?.level).toBe('error');
    expect(tooLong?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(config);
    expect(tooLong?.locations[0]?.physicalLocation.region?.startLine).toBeGreaterThan(10);
    expect(results.every((r) => rules.some((rule) => rule.id === r.ruleId))).toBe(true);
  });

  it('shows IAM-controlled text in the table without terminal control characters', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'x\u001b[2J\u001b]0;owned\u0007',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    const listing = tempJson('roles.json', {
      Roles: [
        {
          Path: '/',
          RoleName: 'Open',
          Arn: `arn:aws:iam::${A}:role/Open`,
          AssumeRolePolicyDocument: policy,
          MaxSessionDuration: 3600,
        },
      ],
    });
    const config = tempJson(
      'rolewatch.yaml',
      `version: 1\nroles:\n  - arn: "arn:aws:iam::${A}:role/Open"\n    trustedPrincipals: ["${B}"]\n`,
    );
    const run = await rolewatch('trust', 'diff', '--config', config, '--from', listing);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('unstatable-grant');
    expect(hasControlCharacter(run.stdout)).toBe(false);
  });

  it('never prints the ExternalId value, in any format', async () => {
    const config = await importedTrustFile();
    for (const format of ['table', 'json', 'sarif']) {
      const run = await rolewatch(
        'trust',
        'diff',
        '--config',
        config,
        '--from',
        LIST_ROLES_ENCODED,
        '--format',
        format,
      );
      expect(run.stdout + run.stderr).not.toContain(FIXTURE_EXTERNAL_ID);
    }
  });

  it('exits 2 for a missing --config, an invalid trust file, an unreadable listing or an unknown format', async () => {
    expect((await rolewatch('trust', 'diff', '--from', LIST_ROLES)).code).toBe(2);
    const invalid = tempJson('bad.yaml', 'version: 1\nroles:\n  - arn: "nope"\n');
    const bad = await rolewatch('trust', 'diff', '--config', invalid, '--from', LIST_ROLES);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('roles[0].arn');
    const config = await importedTrustFile();
    expect((await rolewatch('trust', 'diff', '--config', config, '--from', '/nonexistent.json')).code).toBe(
      2,
    );
    expect(
      (await rolewatch('trust', 'diff', '--config', config, '--from', LIST_ROLES, '--format', 'csv')).code,
    ).toBe(2);
  });
});
