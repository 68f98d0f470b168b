// Builds scan inputs for the CLI end-to-end tests: real-shaped records from fixtures/cloudtrail, wrapped
// at test time into every input shape of CONTRACT §1, written into a temporary folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Finding } from '../../functions/core/model/finding.ts';
import type { InputError } from '../../functions/core/model/input-error.ts';
import { type CliRun, ROOT, runCli } from './run-cli.ts';

export type JsonObject = { [key: string]: unknown };

/** A deep copy of `fixtures/cloudtrail/<name>.json`. */
export function fixtureRecord(name: string): JsonObject {
  return JSON.parse(readFileSync(join(ROOT, 'fixtures', 'cloudtrail', `${name}.json`), 'utf8')) as JsonObject;
}

/** Records copied from the public corpus into fixtures/inputs (see its SOURCES.md). */
export function inputFixture(name: string): unknown {
  return JSON.parse(readFileSync(join(ROOT, 'fixtures', 'inputs', name), 'utf8'));
}

/** The real `LeaveOrganization` record (Stratus Red Team): a CloudTrail record that issues no credentials. */
export function nonCredentialRecord(): JsonObject {
  const log = inputFixture('cloudtrail-log-file.json') as { Records: JsonObject[] };
  const record = log.Records.find((r) => r.eventName === 'LeaveOrganization');
  if (record === undefined)
    throw new Error('fixtures/inputs/cloudtrail-log-file.json lost LeaveOrganization');
  return record;
}

const obj = (v: unknown): JsonObject => v as JsonObject;

/**
 * Another call like `base` (an AssumeRole fixture): its own eventID, requestID and session name, so that
 * each variant is a separate credential event whose findings can be told apart by `session.name`.
 */
export function variant(base: JsonObject, sessionName: string, n: number): JsonObject {
  const r = structuredClone(base);
  const hex = n.toString(16).padStart(12, '0');
  r.eventID = `c11e0000-0000-4000-8000-${hex}`;
  r.requestID = `c11e0000-0000-4000-9000-${hex}`;
  obj(r.requestParameters).roleSessionName = sessionName;
  const user = obj(obj(r.responseElements).assumedRoleUser);
  user.arn = String(user.arn).replace(/[^/]+$/, sessionName);
  user.assumedRoleId = String(user.assumedRoleId).replace(/:.*$/, `:${sessionName}`);
  return r;
}

export function eventBridgeEvent(record: JsonObject, n: number): JsonObject {
  return {
    version: '0',
    id: `0d7b2a3e-6c1f-4e8a-9b2d-${n.toString(16).padStart(12, '0')}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.sts',
    account: record.recipientAccountId,
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: record,
  };
}

/** A decoded CloudWatch Logs subscription payload from a CloudTrail log group. */
export function logsPayload(records: readonly JsonObject[]): JsonObject {
  return {
    messageType: 'DATA_MESSAGE',
    owner: '444455556666',
    logGroup: 'aws-cloudtrail-logs-444455556666-org',
    logStream: '444455556666_CloudTrail_us-east-1',
    subscriptionFilters: ['rolewatch-stream'],
    logEvents: records.map((record, i) => ({
      id: `38612${String(i).padStart(51, '0')}`,
      timestamp: Date.parse(String(record.eventTime)),
      message: JSON.stringify(record),
    })),
  };
}

/** The health check CloudWatch Logs sends when a subscription is created. */
export function controlMessage(): JsonObject {
  return {
    messageType: 'CONTROL_MESSAGE',
    owner: 'CloudwatchLogs',
    logGroup: '',
    logStream: '',
    subscriptionFilters: [],
    logEvents: [
      {
        id: '',
        timestamp: 1793614447000,
        message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.',
      },
    ],
  };
}

/** What a subscribed Lambda receives: the payload gzip-compressed and base64-encoded. */
export function awslogsEvent(payload: JsonObject): JsonObject {
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}

/** One entry of `aws cloudtrail lookup-events` output. */
export function lookupEntry(record: JsonObject): JsonObject {
  const identity = obj(record.userIdentity);
  return {
    EventId: record.eventID,
    EventName: record.eventName,
    ReadOnly: 'true',
    AccessKeyId: identity.accessKeyId,
    EventTime: String(record.eventTime).replace('Z', '+00:00'),
    EventSource: record.eventSource,
    Username: identity.userName,
    Resources: [],
    CloudTrailEvent: JSON.stringify(record),
  };
}

/** A temporary folder that tests write their inputs into. */
export class TempTree {
  readonly dir = mkdtempSync(join(tmpdir(), 'rolewatch-cli-'));

  /** Writes `content` at `relative` (creating folders) and returns the absolute path. */
  write(relative: string, content: string | Uint8Array): string {
    const path = this.path(relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  }

  writeJson(relative: string, value: unknown): string {
    return this.write(relative, `${JSON.stringify(value, null, 2)}\n`);
  }

  path(relative: string): string {
    return join(this.dir, relative);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `scan --format json` output (CONTRACT §5). */
export interface ScanJson {
  readonly summary: {
    files: number;
    records: number;
    credentialEvents: number;
    skipped: number;
    malformed: number;
    controlMessages: number;
    findings: number;
    byRule: Record<string, number>;
    bySeverity: Record<string, number>;
  };
  readonly findings: Finding[];
  readonly errors: InputError[];
}

export interface ScanJsonRun extends CliRun {
  readonly json: ScanJson;
}

/** Runs `scan --format json ARGS` and parses stdout. */
export async function scanJson(args: readonly string[]): Promise<ScanJsonRun> {
  const run = await runCli(['scan', '--format', 'json', ...args]);
  let json: ScanJson;
  try {
    json = JSON.parse(run.stdout) as ScanJson;
  } catch {
    throw new Error(`scan did not print JSON (exit ${run.status}): ${run.stderr}\n${run.stdout}`);
  }
  return { ...run, json };
}
