import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RoleEntry, TrustConfig } from '../../functions/core/model/trust-config.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';
import { runCli } from '../cli/run-cli.ts';

export const IAM_FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'iam');
export const LIST_ROLES = join(IAM_FIXTURES, 'list-roles-111122223333.json');
export const LIST_ROLES_ENCODED = join(IAM_FIXTURES, 'list-roles-111122223333-url-encoded.json');
export const AUTH_DETAILS = join(IAM_FIXTURES, 'account-authorization-details-444455556666.json');
export const AUTH_DETAILS_ENCODED = join(
  IAM_FIXTURES,
  'account-authorization-details-444455556666-url-encoded.json',
);

/** The ExternalId in the fixtures' VendorMonitoring and UnknownConditions policies: never to be printed. */
export const FIXTURE_EXTERNAL_ID = JSON.parse(readFileSync(LIST_ROLES, 'utf8')).Roles.find(
  (r: { RoleName: string }) => r.RoleName === 'VendorMonitoring',
).AssumeRolePolicyDocument.Statement[0].Condition.StringEquals['sts:ExternalId'] as string;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `rolewatch ARGS` in-process (through `main(argv, io)`); the environment is the test's. */
export async function rolewatch(...args: string[]): Promise<CliResult> {
  const run = await runCli(args);
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** Parses a draft as `rolewatch validate` would; throws with the issues when it is not valid. */
export function validDraft(text: string): TrustConfig {
  const r = parseTrustConfig(text, '<draft>');
  if (!r.ok)
    throw new Error(
      `the draft does not validate:\n${r.error.map((i) => `${i.line}: ${i.key}: ${i.message}`).join('\n')}`,
    );
  return r.value.config;
}

export function entryFor(config: TrustConfig, roleArn: string): RoleEntry {
  const entry = config.roles.find((e) => e.arn === roleArn);
  if (entry === undefined) throw new Error(`no entry for ${roleArn}`);
  return entry;
}

/** The comment lines written on the entry (or commented-out entry) of `roleArn`, without their `#`. */
export function commentsOn(draft: string, roleArn: string): string[] {
  const lines = draft.split('\n');
  const start = lines.findIndex((l) => l === `  - arn: "${roleArn}"` || l === `  # - arn: "${roleArn}"`);
  if (start < 0) throw new Error(`${roleArn} is not in the draft`);
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^ {2}(# )?- arn:/.test(line) || line === '' || /^\S/.test(line)) break;
    const comment = /^\s+# (.*)$/.exec(line)?.[1];
    if (comment !== undefined) out.push(comment);
  }
  return out;
}

/** Writes `content` as JSON to a fresh temporary file and returns its path. */
export function tempJson(name: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'rolewatch-trust-'));
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}
