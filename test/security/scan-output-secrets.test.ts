import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TRUST, ROOT, runCli } from '../cli/run-cli.ts';
import { SECRET_ACCESS_KEY, SESSION_TOKENS } from '../lambda/helpers/records.ts';

// `rolewatch scan` passes findings, input errors and warnings through one scrubbing writer
// (render/scrub-output.ts). The records here carry credentials where an attacker or a careless script
// would put them (a token in the user agent, another as the session name, a secret key beside its key id
// in an error message, a webhook URL in a broken line): no output format may print any of them. Two
// values of one object and two entries of one list hold a secret, so that scrubbing the second one cannot
// undo the first.

const [TOKEN_IN_AGENT, TOKEN_AS_SESSION_NAME] = SESSION_TOKENS;
const TOKEN_IN_WARNING = `${TOKEN_IN_AGENT.slice(0, 60)}WarningCopy${'A'.repeat(40)}`;
/** A webhook short enough to sit whole in an input error's excerpt (24 characters before the error). */
const webhook = (n: number) => `hooks.slack.com/T${n}/B${n}/Q`;
const SECRETS = [
  TOKEN_IN_AGENT,
  TOKEN_AS_SESSION_NAME,
  TOKEN_IN_WARNING,
  SECRET_ACCESS_KEY,
  'hooks.slack.com',
];

const fixture = (...path: string[]): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ROOT, 'fixtures', 'cloudtrail', ...path), 'utf8')) as Record<string, unknown>;

function leakyRecords(): Record<string, unknown>[] {
  const mismatch = fixture('rules', 'session-name-mismatch', 'match.json');
  const denied = fixture('rules', 'assume-denied', 'match.json');
  return [
    {
      ...mismatch,
      userAgent: `aws-cli/2.22.4 token=${TOKEN_IN_AGENT}`,
      requestParameters: {
        ...(mismatch.requestParameters as Record<string, unknown>),
        roleSessionName: TOKEN_AS_SESSION_NAME,
      },
    },
    {
      ...denied,
      errorMessage: `not authorized; key AKIAIOSFODNN7EXAMPLE secret ${SECRET_ACCESS_KEY}`,
    },
  ];
}

describe('rolewatch scan and credentials in records', () => {
  let dir: string;
  let trust: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rolewatch-scan-secrets-'));
    // The example trust file, its expired suppression's owner (quoted by the warning) holding a token.
    trust = join(mkdtempSync(join(tmpdir(), 'rolewatch-scan-secrets-trust-')), 'trust.yaml');
    const example = readFileSync(EXAMPLE_TRUST, 'utf8');
    const leakyOwner = example.replace(
      'owner: "platform@acme.example"',
      `owner: "platform@acme.example ${TOKEN_IN_WARNING}"`,
    );
    expect(leakyOwner).not.toBe(example);
    writeFileSync(trust, leakyOwner);
    writeFileSync(join(dir, 'leaky.json'), JSON.stringify({ Records: leakyRecords() }));
    // Two broken inputs whose error excerpts quote a webhook URL: two entries of the list of errors.
    writeFileSync(join(dir, 'broken-1.json'), `{"Records": [{"notify":"${webhook(1)}"oops}]}`);
    writeFileSync(join(dir, 'broken-2.json'), `{"Records": [{"notify":"${webhook(2)}"oops}]}`);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(trust, '..'), { recursive: true, force: true });
  });

  it.each(['table', 'json', 'jsonl', 'sarif'])('--format %s prints none of them', async (format) => {
    const run = await runCli(['scan', '--config', trust, '--format', format, dir], { columns: 400 });
    expect(run.status, run.stderr).toBe(0);
    const printed = run.stdout + run.stderr;
    for (const secret of SECRETS) expect(printed).not.toContain(secret);
    expect(run.stdout).toContain('[REDACTED]');
  });

  it('--format json still names each finding and both input errors', async () => {
    const run = await runCli(['scan', '--config', trust, '--format', 'json', dir]);
    const out = JSON.parse(run.stdout) as {
      findings: { rule: string; title: string; userAgent?: string; session: { name?: string } }[];
      errors: { message: string }[];
      warnings: unknown[];
    };
    const mismatch = out.findings.find((f) => f.rule === 'session-name-mismatch');
    expect(mismatch?.session.name).toBe('[REDACTED]');
    expect(mismatch?.title).toContain('[REDACTED]');
    expect(mismatch?.userAgent).toBe('aws-cli/2.22.4 token=[REDACTED]');
    expect(out.errors).toHaveLength(2);
    for (const e of out.errors) expect(e.message).toContain('[REDACTED]');
    expect(JSON.stringify(out.warnings)).toContain('platform@acme.example [REDACTED]');
  });
});
