import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TRUST, ROOT, runCli } from './run-cli.ts';

const RULE_FIXTURES = join(ROOT, 'fixtures', 'cloudtrail', 'rules');

describe('scanning many small files across workers', () => {
  let dir: string;
  let scenarios = 0;
  let dangling = 0;
  let records = 0;

  beforeAll(async () => {
    // Every rule scenario (three per rule), one small gzipped log file each (as CloudTrail delivers them), across folders,
    // with unreadable entries between them: more files than one worker batch holds.
    dir = mkdtempSync(join(tmpdir(), 'rolewatch-workers-'));
    let n = 0;
    records = 0;
    for (const rule of readdirSync(RULE_FIXTURES).sort()) {
      const sub = join(dir, rule);
      mkdirSync(sub);
      const scenarios = readdirSync(join(RULE_FIXTURES, rule)).filter((f) => f.endsWith('.json'));
      for (const name of scenarios.sort()) {
        const data = JSON.parse(readFileSync(join(RULE_FIXTURES, rule, name), 'utf8'));
        // A stateful rule's scenario is already a log file (a sequence of calls).
        const log = Array.isArray(data.Records) ? data : { Records: [data] };
        records += log.Records.length;
        writeFileSync(join(sub, `${name}.gz`), gzipSync(JSON.stringify(log)));
        n++;
        if (n % 10 === 0) {
          symlinkSync(join(dir, 'nowhere', `${n}.json`), join(sub, `dangling-${n}.json`));
          dangling++;
        }
      }
    }
    scenarios = n;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives byte-identical output for 1, 2 and 3 workers, errors in file order included', async () => {
    const outputs = await Promise.all(
      [1, 2, 3].map((w) =>
        runCli(['scan', '--format', 'json', '--config', EXAMPLE_TRUST, '--workers', String(w), dir]),
      ),
    );

    for (const run of outputs) expect(run.status).toBe(0);
    const json = JSON.parse(outputs[0]?.stdout ?? '');
    expect(scenarios).toBeGreaterThan(40);
    expect(json.summary.files).toBe(scenarios + dangling);
    // The trust-policy-changed scenarios are IAM records; every other record is a credential-issuing call.
    expect(json.summary.trustPolicyEvents).toBe(3);
    expect(json.summary.credentialEvents).toBe(records - 3);
    expect(json.summary.malformed).toBe(dangling);
    // The stateful rules ran on the scenarios, in the same order for every worker count.
    expect(json.summary.byRule['denied-burst']).toBeGreaterThan(0);
    expect(json.errors.map((e: { location: { file: string } }) => e.location.file)).toEqual(
      [...json.errors.map((e: { location: { file: string } }) => e.location.file)].sort(),
    );
    expect(outputs[1]?.stdout).toBe(outputs[0]?.stdout);
    expect(outputs[2]?.stdout).toBe(outputs[0]?.stdout);
  });
});
