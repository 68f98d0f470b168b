// Issue 7, defect 2: output that does not fit in one string. 100,000 findings used to be printed (or
// not) only once all were held in memory (~4.5 KB of heap each); every format now streams: 13,500
// findings pass through a 32 MB heap.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { fixtureRecord, runBundle } from './support.ts';

const RECORDS = 1_500;
const FILES = 20;
/** A trust file under which one chained call breaks nine rules at once. */
const TRUST = `
version: 1
accounts: ["111122223333"]
roles:
  - arn: "arn:aws:iam::777788889999:role/Target"
    trustedPrincipals: ["arn:aws:iam::111122223333:role/Nobody"]
    maxSessionSeconds: 900
    requireMfa: true
    requireExternalId: true
    requireSourceIdentity: true
    sessionNamePattern: "^human-"
    sourceCidrs: ["203.0.113.0/24"]
    allowChaining: false
`;

let dir: string;
let trust: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolewatch-streamed-'));
  trust = join(dir, 'trust.yaml');
  writeFileSync(trust, TRUST);
  const base = fixtureRecord('assume-role/chained-assumed-role');
  (base.requestParameters as Record<string, unknown>).roleArn = 'arn:aws:iam::777788889999:role/Target';
  (base.requestParameters as Record<string, unknown>).durationSeconds = 43200;
  delete base.sharedEventID;
  const text = JSON.stringify(base);
  const perFile = RECORDS / FILES;
  for (let f = 0; f < FILES; f++) {
    const records: string[] = [];
    for (let i = 0; i < perFile; i++) {
      const n = f * perFile + i;
      records.push(
        text.replace(
          /"eventID":"[^"]+"/,
          `"eventID":"5eed0000-0000-4000-8000-${n.toString(16).padStart(12, '0')}"`,
        ),
      );
    }
    writeFileSync(join(dir, `trail-${f}.json.gz`), gzipSync(`{"Records":[${records.join(',')}]}`));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile: hundreds of thousands of findings', () => {
  it('builds inputs in which every record gives several findings', async () => {
    const one = await runCli(['scan', '--format', 'json', '--config', trust, join(dir, 'trail-0.json.gz')]);

    const json = JSON.parse(one.stdout);
    expect(json.summary.credentialEvents).toBe(RECORDS / FILES);
    expect(json.summary.findings / json.summary.credentialEvents).toBeGreaterThanOrEqual(5);
  });

  // The three child processes run side by side (each has its own capped heap).
  it.concurrent.for(['jsonl', 'json', 'sarif'])(
    'streams --format %s within a 32 MB heap (holding the findings would need ~60 MB)',
    { timeout: 120_000 },
    async (format, { expect }) => {
      const run = await runBundle(['scan', '--workers', '1', '--format', format, '--config', trust, dir], {
        heapMb: 32,
        timeoutMs: 120_000,
      });

      expect(run.signal).toBeNull();
      expect(run.stderr).not.toMatch(/heap out of memory|Invalid string length/);
      expect(run.status).toBe(0);
      if (format === 'jsonl') expect(run.stdoutLines).toBeGreaterThanOrEqual(5 * RECORDS);
      expect(run.stdoutBytes).toBeGreaterThan(5 * RECORDS * 1000);
    },
  );
});
