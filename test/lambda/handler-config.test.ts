import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { EventBridgeEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/events/index.ts';
import { type CapturedOutput, captureOutput, fakeContext, metricSum } from './helpers/capture-output.ts';
import { crossAccountAssumeRole, NOW_MS, TRUST_FILE } from './helpers/records.ts';
import { recordingSink } from './helpers/sinks.ts';

const event = (): EventBridgeEvent<'AWS API Call via CloudTrail', unknown> => ({
  version: '0',
  id: '0d9c8b7a-6f5e-4d3c-2b1a-098f7e6d5c4b',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.sts',
  account: '999988887777',
  time: '2026-03-02T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: crossAccountAssumeRole(),
});

function brokenTrustFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rolewatch-config-'));
  const path = join(dir, 'trust.yaml');
  writeFileSync(
    path,
    'version: 1\naccounts: ["111122223333"]\nroles:\n  - arn: "arn:aws:iam::111122223333:role/Deploy"\n    trustedPrincipal: ["111122223333"]\n',
  );
  return path;
}

describe('configuration at cold start', () => {
  let output: CapturedOutput;
  afterEach(() => output.restore());

  it('fails loudly on a broken trust file: an error log naming the problem, a ConfigErrors metric, a throw', async () => {
    output = captureOutput();
    const path = brokenTrustFile();
    const handler = createHandler({
      env: { ROLEWATCH_CONFIG: path, ROLEWATCH_ALERT_SINKS: 'log' },
      now: () => NOW_MS,
    });

    await expect(handler(event(), fakeContext('e', 'req-cfg-1'))).rejects.toThrow(/configuration is broken/);

    const error = output.logs().find((l) => l.level === 'ERROR');
    expect(error?.function_request_id).toBe('req-cfg-1');
    expect(JSON.stringify(error?.problems)).toContain(`${path}:5`);
    expect(JSON.stringify(error?.problems)).toContain('trustedPrincipal');
    expect(metricSum(output.emf(), 'ConfigErrors', { function: 'events' })).toBe(1);
  });

  it('fails again on the next invocation rather than running with no rules', async () => {
    output = captureOutput();
    const handler = createHandler({ env: { ROLEWATCH_ALERT_SINKS: 'log' }, now: () => NOW_MS });

    await expect(handler(event(), fakeContext('e', 'a'))).rejects.toThrow(/ROLEWATCH_CONFIG: required/);
    await expect(handler(event(), fakeContext('e', 'b'))).rejects.toThrow(/ROLEWATCH_CONFIG: required/);

    expect(metricSum(output.emf(), 'ConfigErrors')).toBe(2);
  });

  it('refuses an unknown sink or state store, naming the environment variable', async () => {
    output = captureOutput();
    const handler = createHandler({
      env: { ROLEWATCH_CONFIG: TRUST_FILE, ROLEWATCH_ALERT_SINKS: 'log,pager', ROLEWATCH_STATE: 'redis' },
      now: () => NOW_MS,
    });

    const run = handler(event(), fakeContext('e', 'c'));

    await expect(run).rejects.toThrow(
      'ROLEWATCH_ALERT_SINKS: "pager" is not a sink (sns, slack, securityhub, eventbridge, log)',
    );
    await expect(run).rejects.toThrow('ROLEWATCH_STATE: "redis" is not a state store');
  });

  it('refuses state settings it cannot use, naming every variable at once', async () => {
    output = captureOutput();
    const handler = createHandler({
      env: {
        ROLEWATCH_CONFIG: TRUST_FILE,
        ROLEWATCH_ALERT_SINKS: 'log',
        ROLEWATCH_STATE: 'dynamodb:x',
        ROLEWATCH_LEARN_UNTIL: 'next month',
        ROLEWATCH_DEDUP_HOURS: '-1',
      },
      now: () => NOW_MS,
    });

    await expect(handler(event(), fakeContext('e', 'd'))).rejects.toThrow(/configuration is broken/);

    const problems = JSON.stringify(output.logs().find((l) => l.level === 'ERROR')?.problems);
    expect(problems).toContain('ROLEWATCH_STATE: \\"dynamodb:x\\" does not name a DynamoDB table');
    expect(problems).toContain('ROLEWATCH_LEARN_UNTIL: \\"next month\\" is not an ISO 8601 date');
    expect(problems).toContain('ROLEWATCH_DEDUP_HOURS: \\"-1\\" must be a number of hours');
  });

  it('loads the trust file from an SSM parameter once per cold start', async () => {
    output = captureOutput();
    const ssm = new SSMClient({ region: 'us-east-1' });
    const mock = mockClient(ssm);
    mock.on(GetParameterCommand, { Name: '/rolewatch/trust', WithDecryption: true }).resolves({
      Parameter: { Name: '/rolewatch/trust', Type: 'SecureString', Value: readFileSync(TRUST_FILE, 'utf8') },
    });
    const sink = recordingSink();
    const handler = createHandler({
      env: { ROLEWATCH_CONFIG: '/rolewatch/trust', ROLEWATCH_ALERT_SINKS: 'log' },
      ssm,
      sinks: [sink],
      now: () => NOW_MS,
    });

    await handler(event(), fakeContext('e', 'e1'));
    await handler(event(), fakeContext('e', 'e2'));

    expect(mock.commandCalls(GetParameterCommand)).toHaveLength(1);
    expect(sink.sent.map((f) => f.rule)).toContain('untrusted-principal');
    mock.restore();
  });
});
