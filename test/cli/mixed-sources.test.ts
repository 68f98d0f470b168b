// Local files named next to a remote source: the remote default period (the last 24 hours, CONTRACT §1)
// bounds what the remote source reads, not the local files. It used to be applied to the whole scan, so
// `scan ./incident.json s3://bucket` judged nothing of the incident file and exited 0.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXAMPLE_TRUST, runCli } from './run-cli.ts';

const LOCAL = 'fixtures/cloudtrail/rules/session-name-mismatch/match.json';
/** No region anywhere: the S3 source stops at once with an input error, without a network call. */
const NO_REGION = {
  AWS_REGION: undefined,
  AWS_DEFAULT_REGION: undefined,
  AWS_PROFILE: undefined,
  AWS_CONFIG_FILE: '/nonexistent/rolewatch-test-aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/rolewatch-test-aws-credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
};

afterEach(() => vi.unstubAllEnvs());

describe('rolewatch scan with local files and a remote source', () => {
  it('judges the local files whatever their age when --since is not given', async () => {
    for (const [k, v] of Object.entries(NO_REGION)) vi.stubEnv(k, v);
    const run = await runCli(
      [
        'scan',
        '--config',
        EXAMPLE_TRUST,
        '--format',
        'json',
        '--fail-on',
        'high',
        LOCAL,
        's3://no-such-bucket',
      ],
      { env: NO_REGION, now: Date.parse('2030-01-01T00:00:00Z') },
    );

    const json = JSON.parse(run.stdout);
    expect(json.summary.credentialEvents).toBe(1);
    expect(json.summary.outsidePeriod ?? 0).toBe(0);
    expect(json.findings.map((f: { rule: string }) => f.rule)).toContain('session-name-mismatch');
    expect(run.status).toBe(1);
  });

  it('still bounds local files by an explicit --since', async () => {
    for (const [k, v] of Object.entries(NO_REGION)) vi.stubEnv(k, v);
    const run = await runCli(
      ['scan', '--config', EXAMPLE_TRUST, '--format', 'json', '--since', '24h', LOCAL, 's3://no-such-bucket'],
      { env: NO_REGION, now: Date.parse('2030-01-01T00:00:00Z') },
    );

    const json = JSON.parse(run.stdout);
    expect(json.summary.credentialEvents).toBe(0);
    expect(json.summary.outsidePeriod).toBe(1);
  });
});
