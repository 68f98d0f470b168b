import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TRUST, ROOT, runCli } from './run-cli.ts';
import { fixtureRecord, type JsonObject, TempTree } from './scan-inputs.ts';

const CORPUS = '/work/shared/corpus';
const INPUT_NAME = /\.(json|jsonl|ndjson|gz)$/;
// A secret value after its key, in plain JSON or inside a JSON string (escaped quotes).
const SECRET = /\\*"(?:sessionToken|secretAccessKey)\\*"\s*:\s*\\*"([^"\\]{16,})/g;
const WINDOW = 20;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => INPUT_NAME.test(f) && statSync(f).isFile());
}

/** The text of a file, gunzipped, plus the decoded payload of any CloudWatch Logs `awslogs.data`. */
function textsOf(file: string): string[] {
  const bytes = readFileSync(file);
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  const texts = [text];
  for (const m of text.matchAll(/"data"\s*:\s*"([A-Za-z0-9+/=]+)"/g)) {
    texts.push(gunzipSync(Buffer.from(m[1] ?? '', 'base64')).toString('utf8'));
  }
  return texts;
}

/** Every sessionToken / secretAccessKey value in the files. */
function secretsIn(files: readonly string[]): Set<string> {
  const secrets = new Set<string>();
  for (const file of files) {
    for (const text of textsOf(file)) for (const m of text.matchAll(SECRET)) secrets.add(m[1] ?? '');
  }
  return secrets;
}

/** Every WINDOW-character piece of every secret: an excerpt must not carry part of one either. */
function pieces(secrets: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const s of secrets) for (let i = 0; i + WINDOW <= s.length; i++) out.add(s.slice(i, i + WINDOW));
  return out;
}

function leaks(output: string, secretPieces: Set<string>): string[] {
  const found: string[] = [];
  for (let i = 0; i + WINDOW <= output.length; i++) {
    const piece = output.slice(i, i + WINDOW);
    if (secretPieces.has(piece)) found.push(piece);
  }
  return found;
}

describe('secrets in scan inputs', () => {
  const tree = new TempTree();
  const paths = [join(ROOT, 'fixtures', 'cloudtrail'), join(ROOT, 'fixtures', 'inputs')];
  let secretPieces: Set<string>;
  let secretCount = 0;

  beforeAll(async () => {
    // A response that (unlike CloudTrail's) carries a secret key, and files cut next to the secrets,
    // so that error excerpts are exercised too.
    const withKey = fixtureRecord('get-session-token/iam-user-with-mfa');
    const credentials = (withKey.responseElements as { credentials: JsonObject }).credentials;
    credentials.secretAccessKey = 'rolewatchFakeSecretKey/K7MDENG/bPxRfiCYzzEXAMPLEKEY';
    tree.writeJson('crafted/with-secret-key.json', withKey);
    const pretty = JSON.stringify(withKey, null, 2);
    const token = String(credentials.sessionToken);
    const inToken = pretty.indexOf(token) + Math.floor(token.length / 2);
    tree.write('crafted/cut-in-token.json', pretty.slice(0, inToken));
    const key = String(credentials.secretAccessKey);
    tree.write('crafted/cut-in-key.json', pretty.slice(0, pretty.indexOf(key) + key.length - 4));
    // Valid up to just after the token, then a syntax error: the excerpt would start inside the token.
    tree.write(
      'crafted/error-after-token.jsonl',
      `${JSON.stringify(withKey).replace(`${token}",`, `${token}"!`)}\n`,
    );
    paths.push(tree.path('crafted'));
    if (existsSync(CORPUS)) paths.push(CORPUS);

    const secrets = secretsIn(paths.flatMap(filesUnder));
    secretCount = secrets.size;
    secretPieces = pieces(secrets);
  });
  afterAll(() => tree.remove());

  it('finds the tokens it guards against (fixtures, crafted files and the corpus)', async () => {
    expect(secretCount).toBeGreaterThanOrEqual(existsSync(CORPUS) ? 15 : 8);
    expect(secretPieces.has('rolewatchFakeSecretK')).toBe(true);
    const raw = readFileSync(join(ROOT, 'fixtures', 'inputs', 'assume-role-record.json'), 'utf8');
    expect(leaks(raw, secretPieces).length).toBeGreaterThan(0);
  });

  it.each(['json', 'jsonl', 'sarif', 'table'])(
    'never prints a session token or secret key (--format %s)',
    async (format) => {
      const run = await runCli(['scan', '--config', EXAMPLE_TRUST, '--format', format, ...paths]);
      expect(run.status).toBe(0);
      expect(run.stdout.length).toBeGreaterThan(1000);
      expect(leaks(run.stdout, secretPieces)).toEqual([]);
      expect(leaks(run.stderr, secretPieces)).toEqual([]);
    },
  );

  it('still reports the cut files as input errors, without the secret text', async () => {
    const run = await runCli(['scan', '--config', EXAMPLE_TRUST, '--format', 'json', tree.path('crafted')]);
    const out = JSON.parse(run.stdout) as { errors: { location: { file: string } }[] };
    expect(out.errors.map((e) => e.location.file).sort()).toEqual(
      ['cut-in-key.json', 'cut-in-token.json', 'error-after-token.jsonl'].map((f) =>
        tree.path(`crafted/${f}`),
      ),
    );
  });
});
