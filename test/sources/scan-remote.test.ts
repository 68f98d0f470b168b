import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CLOUDTRAIL_PARTITION_KEYS,
  CLOUDTRAIL_TABLE_COLUMNS,
} from '../../infra/constructs/cloudtrail-table-schema.ts';
import { CLI, ROOT, runCli } from '../cli/run-cli.ts';
import { stubAwsEnv } from '../support/aws-env.ts';
import { startFakeAthena } from '../support/fake-athena.ts';
import { type S3Proxy, startS3Proxy } from '../support/s3-proxy.ts';
import { type LocalS3, startLocalS3 } from '../support/s3rver.ts';
import { EXAMPLE_TRUST, fixtureRecords, objectsForRecords } from '../support/trail-objects.ts';

const BUCKET = 'org-trail';
const DAY = 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/02/';
const NOT_GZIP = `${DAY}111122223333_CloudTrail_us-east-1_20261102T0905Z_notgzip.json.gz`;
const GONE = `${DAY}111122223333_CloudTrail_us-east-1_20261102T0906Z_gone.json.gz`;
const SINCE = '2026-11-01T00:00:00Z';
const UNTIL = '2026-11-11T00:00:00Z';

let s3: LocalS3;
let proxy: S3Proxy;
beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
  proxy = await startS3Proxy(s3.endpoint);
  const fixtures = fixtureRecords().filter(
    (r) => String(r.eventTime) >= SINCE && String(r.eventTime) < UNTIL,
  );
  await s3.putAll(BUCKET, objectsForRecords(fixtures.filter((r) => r.awsRegion === 'us-east-1')));
  // Gzip magic bytes, then not a deflate stream.
  await s3.put(
    BUCKET,
    NOT_GZIP,
    Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from('not deflate')]),
  );
  await s3.put(BUCKET, GONE, gzipSync('{"Records":[]}'));
});
afterAll(async () => {
  await proxy.stop();
  await s3.stop();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

interface ScanJson {
  readonly summary: { files: number; malformed: number; credentialEvents: number };
  readonly findings: unknown[];
  readonly errors: { kind: string; message: string; location: { file: string } }[];
}

describe('rolewatch scan s3://…', () => {
  it('reports an object that does not decompress and one deleted after listing, and judges the rest', async () => {
    stubAwsEnv({ S3: proxy.endpoint });
    proxy.rules.push((r) =>
      r.method === 'GET' && r.key === GONE ? { before: () => s3.remove(BUCKET, GONE) } : undefined,
    );

    const run = await runCli(
      [
        'scan',
        '--format',
        'json',
        '--workers',
        '1',
        '--config',
        EXAMPLE_TRUST,
        '--since',
        SINCE,
        '--until',
        UNTIL,
        `s3://${BUCKET}`,
      ],
      { now: Date.parse(UNTIL) },
    );

    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as ScanJson;
    expect(out.errors).toEqual([
      {
        kind: 'gzip',
        message: expect.stringMatching(/does not decompress|gzip/i),
        location: expect.objectContaining({ file: `s3://${BUCKET}/${NOT_GZIP}` }),
      },
      {
        kind: 'read',
        message: 'cannot get the object (NoSuchKey, HTTP 404): it was listed, then gone',
        location: { file: `s3://${BUCKET}/${GONE}` },
      },
    ]);
    expect(out.summary.credentialEvents).toBeGreaterThan(5);
    expect(out.findings.length).toBeGreaterThan(0);
  });

  it('exits 1 with --strict when an object could not be read', async () => {
    stubAwsEnv({ S3: s3.endpoint });

    const run = await runCli(
      [
        'scan',
        '--format',
        'json',
        '--workers',
        '1',
        '--strict',
        '--since',
        SINCE,
        '--until',
        UNTIL,
        `s3://${BUCKET}/${NOT_GZIP}`,
      ],
      { now: Date.parse(UNTIL) },
    );

    expect(run.status).toBe(1);
  });

  it('reads the day before --until when only --until is given', async () => {
    stubAwsEnv({ S3: s3.endpoint });
    const args = ['scan', '--format', 'json', '--workers', '1', '--config', EXAMPLE_TRUST];
    const scan = async (period: string[]) =>
      JSON.parse(
        (await runCli([...args, ...period, `s3://${BUCKET}`], { now: Date.parse(UNTIL) + 86_400_000 * 30 }))
          .stdout,
      ) as ScanJson;

    const untilOnly = await scan(['--until', UNTIL]);
    const dayBefore = await scan([
      '--since',
      new Date(Date.parse(UNTIL) - 86_400_000).toISOString(),
      '--until',
      UNTIL,
    ]);
    expect(untilOnly.summary).toEqual(dayBefore.summary);
  });

  it('refuses a source URL it cannot use before reading anything (exit 2)', async () => {
    const run = await runCli(['scan', 'lookup://us-east-1,mars-1']);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain("rolewatch: lookup://us-east-1,mars-1: 'mars-1' is not an AWS region");
  });
});

describe('rolewatch scan --region', () => {
  it('sends requests to the region named, signed for it', async () => {
    const server = await startFakeAthena([], {
      database: 'rolewatch',
      table: 'cloudtrail',
      columns: CLOUDTRAIL_TABLE_COLUMNS,
      partitionKeys: CLOUDTRAIL_PARTITION_KEYS,
      pollsBeforeDone: 0,
    });
    stubAwsEnv({ ATHENA: server.endpoint }, 'us-east-1');
    try {
      const run = await runCli([
        'scan',
        '--format',
        'json',
        '--region',
        'eu-central-1',
        'athena://rolewatch.cloudtrail',
      ]);

      expect(run.status).toBe(0);
      expect(new Set(server.calls.map((c) => c.region))).toEqual(new Set(['eu-central-1']));
    } finally {
      await server.stop();
    }
  });
});

describe('the CLI bundle', () => {
  it('loads an SDK client chunk and reads a remote source, run as a user runs it', async () => {
    const records = fixtureRecords().filter(
      (r) => String(r.eventTime) >= SINCE && String(r.eventTime) < UNTIL,
    );
    const server = await startFakeAthena(records, {
      database: 'rolewatch',
      table: 'cloudtrail',
      columns: CLOUDTRAIL_TABLE_COLUMNS,
      partitionKeys: CLOUDTRAIL_PARTITION_KEYS,
      pollsBeforeDone: 0,
    });
    try {
      // Asynchronously: the stand-in answers from this process while the CLI runs.
      const child = spawn(
        process.execPath,
        [
          CLI,
          'scan',
          '--format',
          'json',
          '--since',
          SINCE,
          '--until',
          UNTIL,
          'athena://rolewatch.cloudtrail',
        ],
        {
          cwd: ROOT,
          env: {
            PATH: process.env.PATH,
            AWS_ENDPOINT_URL_ATHENA: server.endpoint,
            AWS_REGION: 'us-east-1',
            AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
            AWS_SECRET_ACCESS_KEY: 'test-only',
            AWS_CONFIG_FILE: '/nonexistent',
            AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
            AWS_EC2_METADATA_DISABLED: 'true',
          },
        },
      );
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString('utf8');
      });
      const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));

      expect(status).toBe(0);
      const out = JSON.parse(stdout) as ScanJson;
      expect(out.errors).toEqual([]);
      expect(out.summary.credentialEvents).toBe(
        records.filter((r) => r.eventSource === 'sts.amazonaws.com').length,
      );
    } finally {
      await server.stop();
    }
  });

  it('keeps the AWS SDK clients out of its entry: chunks loaded on first use, never for local files', () => {
    const entry = readFileSync(join(ROOT, 'dist', 'cli', 'index.mjs'), 'utf8');
    const chunks = readdirSync(join(ROOT, 'dist', 'cli', 'chunks'))
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => readFileSync(join(ROOT, 'dist', 'cli', 'chunks', f), 'utf8'))
      .join('\n');

    const clients = {
      'client-s3': 'com.amazonaws.s3"',
      'client-cloudtrail': 'com.amazonaws.cloudtrail"',
      'client-cloudwatch-logs': 'com.amazonaws.cloudwatchlogs"',
      'client-athena': 'com.amazonaws.athena"',
    };
    for (const [name, code] of Object.entries(clients)) {
      expect(entry).not.toContain(code);
      // In a chunk of the bundle, or left to node_modules (an external import): never in the entry.
      expect(chunks.includes(code) || `${entry}\n${chunks}`.includes(`"@aws-sdk/${name}"`)).toBe(true);
    }
  });
});
