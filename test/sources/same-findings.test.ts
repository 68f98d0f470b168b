import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PaceClock } from '../../functions/adapters/sources/token-bucket.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import {
  CLOUDTRAIL_PARTITION_KEYS,
  CLOUDTRAIL_TABLE_COLUMNS,
} from '../../infra/constructs/cloudtrail-table-schema.ts';
import { runCli } from '../cli/run-cli.ts';
import { stubAwsEnv } from '../support/aws-env.ts';
import { type AwsJsonServer, maxCallsInWindow } from '../support/aws-json-server.ts';
import { startFakeAthena } from '../support/fake-athena.ts';
import { startFakeCloudTrail } from '../support/fake-cloudtrail.ts';
import { startFakeLogsInsights } from '../support/fake-logs-insights.ts';
import { type LocalS3, startLocalS3 } from '../support/s3rver.ts';
import { virtualClock } from '../support/source-harness.ts';
import {
  type CloudTrailRecord,
  demoTrail,
  EXAMPLE_TRUST,
  fixtureRecords,
  objectsForRecords,
  type TrailObject,
  writeObjects,
} from '../support/trail-objects.ts';

/**
 * The same real-shaped records — the generator's demo trail (one breach of each rule among ordinary
 * activity) and the scenario fixtures — scanned from a local folder and from each remote source, through
 * the CLI with the real SDK clients pointed at loopback stand-ins by AWS_ENDPOINT_URL_<SERVICE>.
 */
const SINCE = '2026-11-01T00:00:00Z';
const UNTIL = '2026-11-11T00:00:00Z';
const GROUP = 'aws-cloudtrail-logs-111122223333-1a2b3c4d';
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

interface ScanJson {
  readonly summary: {
    readonly credentialEvents: number;
    readonly malformed: number;
    readonly findings: number;
  };
  readonly findings: Finding[];
  readonly errors: unknown[];
}

let objects: TrailObject[];
let records: CloudTrailRecord[];
let usEast1Fixtures: CloudTrailRecord[];
let dir: string;
let s3: LocalS3;
const servers: AwsJsonServer[] = [];

beforeAll(async () => {
  const demo = demoTrail(250);
  const fixtures = fixtureRecords().filter(
    (r) => REGION.test(String(r.awsRegion)) && String(r.eventTime) >= SINCE && String(r.eventTime) < UNTIL,
  );
  usEast1Fixtures = fixtures.filter((r) => r.awsRegion === 'us-east-1');
  objects = [...demo.objects, ...objectsForRecords(fixtures)];
  records = objects.flatMap(
    (o) => (JSON.parse(gunzipSync(o.body).toString('utf8')) as { Records: CloudTrailRecord[] }).Records,
  );
  dir = mkdtempSync(join(tmpdir(), 'rolewatch-same-'));
  writeObjects(join(dir, 'all'), objects);
  writeObjects(join(dir, 'us-east-1'), objectsForRecords(usEast1Fixtures));
  s3 = await startLocalS3(['org-trail']);
  await s3.putAll('org-trail', objects);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  for (const s of servers) await s.stop();
  await s3.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function scan(source: string, now = Date.parse(UNTIL), paceClock?: PaceClock): Promise<ScanJson> {
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
      source,
    ],
    { now, ...(paceClock === undefined ? {} : { paceClock }) },
  );
  expect(run.stderr).not.toMatch(/internal error/);
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as ScanJson;
}

/** Findings in a canonical order, each without its `location` (which names where it was read). */
const comparable = (scan: ScanJson): Omit<Finding, 'location'>[] =>
  scan.findings
    .map(({ location: _location, ...rest }) => rest)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe('one trail, every source, the same findings', () => {
  let local: ScanJson;
  beforeAll(async () => {
    local = await scan(join(dir, 'all'));
  });

  it('has something to compare: the local scan finds breaches of many rules', () => {
    expect(local.errors).toEqual([]);
    expect(new Set(local.findings.map((f) => f.rule)).size).toBeGreaterThanOrEqual(8);
  });

  it('s3:// gives the local findings', async () => {
    stubAwsEnv({ S3: s3.endpoint });

    const remote = await scan('s3://org-trail');

    expect(remote.errors).toEqual([]);
    expect(comparable(remote)).toEqual(comparable(local));
    expect(remote.findings[0]!.location).toMatch(/^s3:\/\/org-trail\/AWSLogs\//);
  });

  it('logs:// gives the local findings', async () => {
    const server = await startFakeLogsInsights(records, { logGroup: GROUP, pollsBeforeDone: 0 });
    servers.push(server);
    stubAwsEnv({ CLOUDWATCH_LOGS: server.endpoint });

    const remote = await scan(`logs://${GROUP}`);

    expect(remote.errors).toEqual([]);
    expect(remote.summary.credentialEvents).toBe(local.summary.credentialEvents);
    expect(comparable(remote)).toEqual(comparable(local));
  });

  it('athena:// gives the local findings', async () => {
    const server = await startFakeAthena(records, {
      database: 'rolewatch',
      table: 'cloudtrail',
      columns: CLOUDTRAIL_TABLE_COLUMNS,
      partitionKeys: CLOUDTRAIL_PARTITION_KEYS,
      pollsBeforeDone: 0,
    });
    servers.push(server);
    stubAwsEnv({ ATHENA: server.endpoint });

    const remote = await scan('athena://rolewatch.cloudtrail?workgroup=rolewatch');

    expect(remote.errors).toEqual([]);
    expect(remote.summary.credentialEvents).toBe(local.summary.credentialEvents);
    expect(comparable(remote)).toEqual(comparable(local));
  });

  it('lookup:// gives the findings of the same records read locally, two calls a second at most', async () => {
    // The scan keeps LookupEvents' pace on a virtual clock (its waits take no time), which also stamps
    // the calls the server receives: the spacing seen is the one the CLI asked for.
    const clock = virtualClock();
    const server = await startFakeCloudTrail(usEast1Fixtures, { clock: clock.now });
    servers.push(server);
    stubAwsEnv({ CLOUDTRAIL: server.endpoint });
    const localSubset = await scan(join(dir, 'us-east-1'));

    const remote = await scan('lookup://us-east-1', Date.parse(UNTIL), clock);

    expect(localSubset.findings.length).toBeGreaterThan(3);
    expect(remote.errors).toEqual([]);
    expect(comparable(remote)).toEqual(comparable(localSubset));
    const times = server.calls.map((c) => c.atMs);
    expect(times.length).toBeGreaterThanOrEqual(9);
    expect(maxCallsInWindow(times, 1000)).toBeLessThanOrEqual(2);
    expect(Math.min(...times.slice(1).map((t, k) => t - times[k]!))).toBeGreaterThanOrEqual(500);
  });
});
