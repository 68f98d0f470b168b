import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TRUST, ROOT, runCli } from './run-cli.ts';
import {
  awslogsEvent,
  controlMessage,
  eventBridgeEvent,
  fixtureRecord,
  type JsonObject,
  logsPayload,
  lookupEntry,
  nonCredentialRecord,
  type ScanJsonRun,
  scanJson,
  TempTree,
  variant,
} from './scan-inputs.ts';

// No roles, unlisted roles alerted, alice's account in the zone: every successful AssumeRole of the
// template gives exactly one `unlisted-role` finding, so each session name shows how often it was judged.
const TRUST = `version: 1
accounts: ["444455556666"]
defaults:
  maxSessionSeconds: 3600
  unlistedRoles: alert
roles: []
`;

describe('rolewatch scan of a folder holding every input shape', () => {
  const tree = new TempTree();
  const base = fixtureRecord('assume-role/same-account-iam-user');
  const judged: string[] = [];
  let n = 0;
  const next = (name: string): JsonObject => {
    judged.push(name);
    return variant(base, name, ++n);
  };
  let run: ScanJsonRun;

  beforeAll(async () => {
    const trust = tree.write('trust.yaml', TRUST);
    const gzLog = { Records: [next('s3-log-gz-1'), nonCredentialRecord(), next('s3-log-gz-2')] };
    tree.write(
      'trail/AWSLogs/444455556666/CloudTrail/us-east-1/2026/11/02/log.json.gz',
      gzipSync(JSON.stringify(gzLog)),
    );
    tree.write(
      'trail/exports/lines.jsonl',
      `${JSON.stringify(next('jsonl-1'))}\n\n${JSON.stringify(next('jsonl-2'))}\n`,
    );
    tree.write('trail/exports/stream.ndjson', `${JSON.stringify(next('ndjson-1'))}\n`);
    tree.writeJson('trail/array.json', [next('array-1'), next('array-2')]);
    tree.writeJson('trail/single.json', next('single-record'));
    tree.writeJson('trail/events/eventbridge.json', eventBridgeEvent(next('eventbridge'), 1));
    tree.writeJson('trail/cwl/subscription.json', awslogsEvent(logsPayload([next('cwl-encoded')])));
    tree.writeJson('trail/cwl/decoded.json', logsPayload([next('cwl-decoded-1'), next('cwl-decoded-2')]));
    tree.writeJson('trail/cwl/control.json', controlMessage());
    tree.writeJson('trail/lookup/result.json', { Events: [lookupEntry(next('lookup-events'))] });
    tree.writeJson('trail/lookup/entry.json', lookupEntry(next('lookup-entry')));
    // Content decides, not the name: gzip bytes in a .json file, plain JSON in a .gz file.
    tree.write('trail/magic/compressed.json', gzipSync(JSON.stringify(next('gzip-by-magic'))));
    tree.write('trail/magic/plain-text.gz', JSON.stringify(next('plain-in-gz')));
    // Not an input name: never read, even though it holds a record.
    tree.writeJson('trail/notes.txt', variant(base, 'ignored-txt', 999));
    run = await scanJson(['--config', trust, tree.path('trail')]);
  });
  afterAll(() => tree.remove());

  it('judges every credential record exactly once', async () => {
    expect(run.status).toBe(0);
    expect(run.json.errors).toEqual([]);
    const names = run.json.findings.map((f) => f.session.name ?? '').sort();
    expect(names).toEqual([...judged].sort());
    expect(run.json.findings.every((f) => f.rule === 'unlisted-role')).toBe(true);
  });

  it('ignores files whose names are not input names', async () => {
    expect(run.stdout).not.toContain('ignored-txt');
  });

  it('counts every file read, every record, the skipped record and the control message', async () => {
    expect(run.json.summary).toMatchObject({
      files: 13,
      records: judged.length + 1,
      credentialEvents: judged.length,
      skipped: 1,
      controlMessages: 1,
      malformed: 0,
      findings: judged.length,
    });
  });

  it('tells where each record was read from', async () => {
    const at = (name: string) => run.json.findings.find((f) => f.session.name === name)?.location ?? '';
    expect(at('jsonl-2')).toBe(`${tree.path('trail/exports/lines.jsonl')}:3`);
    expect(at('array-2')).toContain(tree.path('trail/array.json'));
    expect(at('s3-log-gz-2')).toContain('log.json.gz');
  });
});

describe('rolewatch scan output stability', () => {
  const tree = new TempTree();
  const scan = (workers: string) =>
    runCli(['scan', '--config', EXAMPLE_TRUST, '--format', 'json', '--workers', workers, tree.dir]);

  beforeAll(async () => {
    cpSync(join(ROOT, 'fixtures', 'cloudtrail'), tree.path('cloudtrail'), { recursive: true });
    cpSync(join(ROOT, 'fixtures', 'inputs'), tree.path('inputs'), { recursive: true });
    tree.write('inputs/broken.json', '{"Records": [');
  });
  afterAll(() => tree.remove());

  it('prints byte-identical JSON with one worker and with three', async () => {
    const one = await scan('1');
    const three = await scan('3');
    expect(one.status).toBe(0);
    const parsed = JSON.parse(one.stdout) as { findings: unknown[]; errors: unknown[] };
    expect(parsed.findings.length).toBeGreaterThan(10);
    expect(parsed.errors).toHaveLength(1);
    expect(three.status).toBe(0);
    expect(three.stdout).toBe(one.stdout);
  });

  it('gives the same finding ids in the same order when run again', async () => {
    const first = await scan('2');
    const second = await scan('2');
    const ids = (stdout: string) =>
      (JSON.parse(stdout) as { findings: { id: string }[] }).findings.map((f) => f.id);
    expect(ids(second.stdout)).toEqual(ids(first.stdout));
    expect(second.stdout).toBe(first.stdout);
  });
});
