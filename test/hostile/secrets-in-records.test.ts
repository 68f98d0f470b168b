// Issue 7, defect 7: token-shaped strings that a record carries in free text (user agent, error message,
// a forged ARN) are scrubbed in every CLI output, with the function the Lambda logs and sinks use.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_MARKER } from '../../functions/core/text/scrub-secrets.ts';
import { EXAMPLE_TRUST, ROOT, runCli } from '../cli/run-cli.ts';
import { accessKeyId, secretAccessKey, sessionToken } from '../text/secret-shapes.ts';

let dir: string;
const token = sessionToken();
const key = secretAccessKey();
const keyId = accessKeyId('AKIA');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolewatch-secrets-'));
  const load = (rule: string) =>
    JSON.parse(readFileSync(join(ROOT, 'fixtures', 'cloudtrail', 'rules', rule, 'match.json'), 'utf8'));
  const denied = load('assume-denied');
  denied.userAgent = `aws-cli/2.22 token=${token}`;
  denied.errorMessage = `User: arn:aws:iam::444455556666:user/alice is not authorized (${keyId} ${key})`;
  const long = load('session-too-long');
  long.userIdentity.arn = `arn:aws:iam::111122223333:user/${token.slice(0, 60)}`;
  writeFileSync(
    join(dir, 'trail.jsonl'),
    `${JSON.stringify(denied)}\n${JSON.stringify(long)}\n{"broken": "${token}`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile: credential-shaped strings inside records', () => {
  it.each(['table', 'json', 'jsonl', 'sarif'])(
    'never reach --format %s (stdout or stderr)',
    async (format) => {
      const run = await runCli(['scan', '--format', format, '--config', EXAMPLE_TRUST, dir]);

      const out = run.stdout + run.stderr;
      expect(out).not.toContain(token.slice(12, 60));
      expect(out).not.toContain(key);
      expect(out).toContain(SECRET_MARKER);
      expect(out).toContain('assume-denied');
    },
  );
});

describe('hostile: credential-shaped strings in what trust learn and explain print', () => {
  it('never reach a learned draft: a caller or role carrying a token is not trusted, comments are scrubbed', async () => {
    const run = await runCli(['trust', 'learn', '--workers', '1', dir]);

    expect(run.status).toBe(0);
    const out = run.stdout + run.stderr;
    expect(out).not.toContain(token.slice(12, 60));
    expect(out).not.toContain(key);
    expect(run.stdout).not.toContain('user/IQoJ');
    expect(run.stderr).toContain('which no trustedPrincipals entry can name');
  });

  it.each(['table', 'json'])('never reach explain --format %s', async (format) => {
    const record = join(dir, 'denied.json');
    writeFileSync(record, readFileSync(join(dir, 'trail.jsonl'), 'utf8').split('\n')[0] ?? '');
    const run = await runCli(['explain', '--config', EXAMPLE_TRUST, '--format', format, record]);

    expect(run.status).toBe(0);
    const out = run.stdout + run.stderr;
    expect(out).not.toContain(token.slice(12, 60));
    expect(out).not.toContain(key);
    expect(out).toContain('assume-denied');
    if (format === 'json') expect(out).toContain(SECRET_MARKER);
  });
});
