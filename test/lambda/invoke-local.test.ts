import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const INPUTS = join(ROOT, 'fixtures', 'inputs');

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
    execFileSync(process.execPath, ['functions/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
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

  it('events: judges an EventBridge "AWS API Call via CloudTrail" event', () => {
    const run = invoke('events', join(INPUTS, 'eventbridge-assume-role.json'));

    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/events returned \{"records":1,"credentialEvents":1/);
    expect(run.json.some((l) => l._aws !== undefined)).toBe(true);
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
