import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { putObject, startS3rver } from './helpers/s3rver.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const INPUTS = join(ROOT, 'fixtures', 'inputs');
const SQS_EVENT = join(ROOT, 'fixtures', 'lambda-events', 's3-batch-object-created.json');

function invoke(fn: string, eventFile: string, env: Record<string, string> = {}) {
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'functions', 'tools', 'invoke-local.mjs'), fn, eventFile],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env },
    },
  );
  // Powertools writes WARN/ERROR lines to stderr and the rest to stdout; Lambda sends both to CloudWatch.
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.startsWith('{'));
  return { status: r.status, stderr: r.stderr, stdout: r.stdout, json: lines.map((l) => JSON.parse(l)) };
}

/** The session tokens in a JSON or JSON Lines input file (fake ones, standing in for the published tokens). */
function tokensIn(file: string): string[] {
  const tokens = [...readFileSync(file, 'utf8').matchAll(/"sessionToken":\s*"([^"]+)"/g)].map(
    (m) => m[1] ?? '',
  );
  expect(tokens.length).toBeGreaterThan(0);
  return tokens;
}

describe('the bundled functions, invoked locally with ROLEWATCH_ALERT_SINKS=log and a trust file path', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['functions/build.mjs', '--functions'], { cwd: ROOT, stdio: 'inherit' });
  }, 120_000);

  it('stream: judges a CloudWatch Logs subscription payload, logs alerts and EMF lines, leaks no token', () => {
    const file = join(INPUTS, 'cloudwatch-logs-subscription.json');
    const run = invoke('stream', file);

    expect(run.status).toBe(0);
    const alerts = run.json.filter((l) => l.message === 'alert');
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => typeof a.function_request_id === 'string')).toBe(true);
    const emf = run.json.filter((l) => l._aws?.CloudWatchMetrics?.[0]?.Namespace === 'rolewatch');
    const metricNames = emf.flatMap((l) =>
      l._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name),
    );
    expect(metricNames).toEqual(expect.arrayContaining(['CredentialEvents', 'Findings', 'Records']));
    // The subscription payload is base64 gzip; the same records are plain in records.jsonl.
    for (const token of tokensIn(join(INPUTS, 'records.jsonl'))) {
      expect(run.stdout + run.stderr).not.toContain(token.slice(0, 40));
    }
    expect(run.stdout).not.toMatch(/sessionToken|secretAccessKey/);
  });

  it('events: judges an EventBridge "AWS API Call via CloudTrail" event, logging a cold start', () => {
    const run = invoke('events', join(INPUTS, 'eventbridge-assume-role.json'));

    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/events returned \{"records":1,"credentialEvents":1/);
    expect(run.json.some((l) => l._aws !== undefined)).toBe(true);
    const logs = run.json.filter((l) => typeof l.level === 'string');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.every((l) => l.cold_start === true)).toBe(true);
  });

  it('s3-batch: refuses an event that is not an SQS event, naming the shape it expects', () => {
    const run = invoke('s3-batch', join(INPUTS, 'cloudtrail-log-file.json'));

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'cloudtrail-log-file.json is not what s3-batch receives: it expects an SQS event',
    );
    expect(run.stderr).toContain('fixtures/lambda-events/s3-batch-object-created.json');
    expect(run.stderr).not.toContain('batchItemFailures');
  });

  it('s3-batch: judges the log file the sample SQS event names, read from a local S3', async () => {
    const s3 = await startS3rver(['acme-cloudtrail-logs']);
    try {
      const event = JSON.parse(readFileSync(SQS_EVENT, 'utf8'));
      const key = JSON.parse(event.Records[0].body).Records[0].s3.object.key as string;
      await putObject(
        s3.client,
        'acme-cloudtrail-logs',
        key,
        readFileSync(join(INPUTS, 'cloudtrail-log-file.json.gz')),
      );
      const { port } = await s3.client.config.endpoint!();
      // Asynchronous: the S3 stand-in answers from this process while the function runs.
      const run = await promisify(execFile)(
        process.execPath,
        [join(ROOT, 'functions', 'tools', 'invoke-local.mjs'), 's3-batch', SQS_EVENT],
        {
          cwd: ROOT,
          env: {
            PATH: process.env.PATH ?? '',
            // The SDK's standard endpoint setting, which the function must honour.
            AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`,
            AWS_ACCESS_KEY_ID: 'S3RVER',
            AWS_SECRET_ACCESS_KEY: 'S3RVER',
          },
        },
      );

      expect(run.stderr).toContain('s3-batch returned {"batchItemFailures":[]}');
      const judged = `${run.stdout}\n${run.stderr}`
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l))
        .find((l) => l.message === 'judged');
      expect(judged).toMatchObject({ records: 3, credentialEvents: 2, malformed: 0 });
    } finally {
      await s3.stop();
    }
  });

  it('fails loudly, with a ConfigErrors metric, when the trust file is broken', () => {
    const run = invoke('stream', join(INPUTS, 'cloudwatch-logs-subscription.json'), {
      ROLEWATCH_CONFIG: join(ROOT, 'fixtures', 'trust', 'invalid', 'unknown-keys.yaml'),
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/threw/);
    const emf = run.json.filter((l) => l._aws !== undefined);
    expect(emf.some((l) => l.ConfigErrors === 1)).toBe(true);
    expect(run.json.filter((l) => l.message === 'alert')).toEqual([]);
  });
});
