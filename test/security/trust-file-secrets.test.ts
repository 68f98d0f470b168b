import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TRUST, ROOT, runCli } from '../cli/run-cli.ts';
import { SESSION_TOKENS } from '../lambda/helpers/records.ts';

// A trust file is edited by people, and people paste: a session token into a suppression's `owner` or
// `reason`, a token into a pattern. Whatever a verb prints from the file (an error or warning quoting it,
// validate's description of it) reaches terminals and CI logs, so every verb scrubs it as it scrubs record
// content. Found for `scan --format json` by a mutation survey; these are the other verbs.

const [TOKEN_IN_OWNER, TOKEN_IN_REASON] = SESSION_TOKENS;
const TOKEN_IN_PATTERN = `${TOKEN_IN_OWNER.slice(0, 60)}Pattern${'B'.repeat(40)}`;
const SECRETS = [TOKEN_IN_OWNER, TOKEN_IN_REASON, TOKEN_IN_PATTERN];
const TRAIL = join(ROOT, 'fixtures', 'cloudtrail', 'rules', 'session-name-mismatch', 'match.json');

describe('secrets a trust file holds, in what the verbs print', () => {
  let dir: string;
  let leaky: string;
  let invalid: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rolewatch-trust-secrets-'));
    const example = readFileSync(EXAMPLE_TRUST, 'utf8');
    // The expired suppression's owner (quoted by its warning) and the live one's reason (listed by validate).
    const withTokens = example
      .replace('owner: "platform@acme.example"', `owner: "platform@acme.example ${TOKEN_IN_OWNER}"`)
      .replace('SEC-123"', `SEC-123 ${TOKEN_IN_REASON}"`);
    expect(withTokens).not.toContain('owner: "platform@acme.example"');
    expect(withTokens).toContain(TOKEN_IN_REASON);
    leaky = join(dir, 'leaky.yaml');
    writeFileSync(leaky, withTokens);
    // An invalid pattern, quoted by its error.
    invalid = join(dir, 'invalid.yaml');
    writeFileSync(
      invalid,
      example.replace(
        'sessionNamePattern: "^[a-z.]+@acme\\\\.example$"',
        `sessionNamePattern: "^(${TOKEN_IN_PATTERN}"`,
      ),
    );
    expect(readFileSync(invalid, 'utf8')).toContain(TOKEN_IN_PATTERN);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const expectScrubbed = (printed: string): void => {
    for (const secret of SECRETS) expect(printed).not.toContain(secret);
    expect(printed).toContain('[REDACTED]');
  };

  it('validate: the warning and the description of the file', async () => {
    const run = await runCli(['validate', leaky]);
    expect(run.status, run.stderr).toBe(0);
    expectScrubbed(run.stderr);
    expectScrubbed(run.stdout);
    expect(run.stderr).toContain('platform@acme.example [REDACTED]');
    expect(run.stdout).toContain('SEC-123 [REDACTED]');
  });

  it('validate: an error quoting the file', async () => {
    const run = await runCli(['validate', invalid]);
    expect(run.status).toBe(2);
    expectScrubbed(run.stderr);
    expect(run.stderr).toMatch(/sessionNamePattern: .*\[REDACTED\]/);
  });

  it.each([
    ['explain', ['explain', '--config', '{trust}', TRAIL]],
    ['report', ['report', '--config', '{trust}', '--out', '{out}', TRAIL]],
    ['trust learn --merge', ['trust', 'learn', '--merge', '{trust}', TRAIL]],
    ['scan (table)', ['scan', '--config', '{trust}', TRAIL]],
  ])('%s: the warning', async (_, args) => {
    const out = mkdtempSync(join(dir, 'out-'));
    const run = await runCli(args.map((a) => a.replace('{trust}', leaky).replace('{out}', out)));
    expect(run.stderr + run.stdout).toContain('platform@acme.example [REDACTED]');
    expectScrubbed(run.stderr + run.stdout);
  });

  it.each([
    ['scan', ['scan', '--config', '{trust}', TRAIL]],
    ['explain', ['explain', '--config', '{trust}', TRAIL]],
    ['trust diff', ['trust', 'diff', '--config', '{trust}', '--from', TRAIL]],
  ])('%s: an error quoting the file', async (_, args) => {
    const run = await runCli(args.map((a) => a.replace('{trust}', invalid)));
    expect(run.status).toBe(2);
    expectScrubbed(run.stderr);
  });
});
