import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  InternalException,
  LimitExceededException,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SinkError } from '../../functions/adapters/sinks/alert-sink.ts';
import {
  createSecurityHubSink,
  defaultProductArn,
  type SecurityHubSinkOptions,
  securityHubSinkFromEnv,
  toAsff,
} from '../../functions/adapters/sinks/securityhub-sink.ts';
import { fakeSleep, hostileFinding, manyFindings, secretsIn } from './finding-fixtures.ts';

const shMock = mockClient(SecurityHubClient);
// Module-level mocks patch the client classes for the whole process: undo them when this file ends.
afterAll(() => {
  for (const m of [shMock]) m.restore();
});
const imported = (): AwsSecurityFinding[][] =>
  shMock.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings ?? []);
const NOW = new Date('2026-11-29T10:00:00.000Z');

function sink(options: Partial<SecurityHubSinkOptions> = {}) {
  const { sleep, delays } = fakeSleep();
  return {
    delays,
    sink: createSecurityHubSink({
      client: new SecurityHubClient({ region: 'eu-west-1', maxAttempts: 1 }),
      region: 'eu-west-1',
      accountId: '321848314756',
      minSeverity: 'low',
      now: () => NOW,
      retry: { sleep, random: () => 0 },
      ...options,
    }),
  };
}

beforeEach(() => {
  shMock.reset();
  shMock.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({
    SuccessCount: input.Findings.length,
    FailedCount: 0,
    FailedFindings: [],
  }));
});

describe('securityhub sink', () => {
  it('maps a finding to ASFF with the default product ARN of the account and a stable id', async () => {
    await sink().sink.send([hostileFinding()]);

    const asff = imported()[0]?.[0];
    expect(asff).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: 'f-untrusted-principal-cf589cd4',
      ProductArn: 'arn:aws:securityhub:eu-west-1:321848314756:product/321848314756/default',
      GeneratorId: 'rolewatch/untrusted-principal',
      AwsAccountId: '321848314756',
      Types: ['TTPs/Initial Access/untrusted-principal'],
      CreatedAt: '2024-07-31T19:52:33Z',
      UpdatedAt: '2026-11-29T10:00:00.000Z',
      Severity: { Label: 'HIGH', Original: 'high' },
      Resources: [
        {
          Type: 'AwsIamRole',
          Id: 'arn:aws:iam::321848314756:role/stratus-red-team-get-usr-data-role',
          Partition: 'aws',
          Region: 'eu-west-1',
        },
      ],
      Remediation: { Recommendation: { Text: expect.stringContaining('christophe') } },
    });
  });

  it('names who started a chained session (actor.origin) in the description and a product field', async () => {
    const origin = {
      display: 'alice (IAM user, 111122223333) → Deploy → Admin',
      chain: ['arn:aws:iam::111122223333:user/alice'],
    };
    await sink().sink.send([hostileFinding({ actor: { ...hostileFinding().actor, origin } })]);

    const asff = imported()[0]?.[0];
    expect(asff?.ProductFields?.['rolewatch/origin']).toBe(origin.display);
    expect(asff?.Description).toContain(`(started by ${origin.display})`);
  });

  it('imports the same id again on a re-run, so Security Hub updates instead of duplicating', async () => {
    const s = sink().sink;
    await s.send([hostileFinding()]);
    await s.send([hostileFinding()]);
    const [a, b] = imported();
    expect(a?.[0]?.Id).toBe(b?.[0]?.Id);
    expect(a?.[0]?.CreatedAt).toBe(b?.[0]?.CreatedAt);
  });

  it('keeps titles, descriptions and remediation text within the ASFF limits', () => {
    const long = hostileFinding({
      title: 'T'.repeat(600),
      remediation: 'R'.repeat(900),
      evidence: { expected: 'e'.repeat(2000), actual: 'a' },
    });
    const asff = toAsff(long, { region: 'us-east-1', accountId: '321848314756', productArn: 'p', now: NOW });
    expect(asff.Title?.length).toBeLessThanOrEqual(256);
    expect(asff.Description?.length).toBeLessThanOrEqual(1024);
    expect(asff.Remediation?.Recommendation?.Text?.length).toBeLessThanOrEqual(512);
  });

  it('classifies behaviour findings as unusual user behaviour and maps info to INFORMATIONAL', () => {
    const f = hostileFinding({ rule: 'session-too-long', severity: 'info' });
    const asff = toAsff(f, { region: 'us-east-1', accountId: '321848314756', productArn: 'p', now: NOW });
    expect(asff.Types).toEqual(['Unusual Behaviors/User/session-too-long']);
    expect(asff.Severity?.Label).toBe('INFORMATIONAL');
  });

  it('builds the product ARN in the partition of the region', () => {
    expect(defaultProductArn('cn-north-1', '111122223333')).toBe(
      'arn:aws-cn:securityhub:cn-north-1:111122223333:product/111122223333/default',
    );
    expect(defaultProductArn('us-gov-west-1', '111122223333')).toMatch(/^arn:aws-us-gov:/);
  });

  it('imports as the configured account with the configured product ARN, whatever the finding’s recipient account', async () => {
    const productArn = 'arn:aws:securityhub:eu-west-1:444455556666:product/444455556666/default';
    await sink({ accountId: '444455556666', productArn }).sink.send([hostileFinding()]);
    expect(imported()[0]?.[0]?.AwsAccountId).toBe('444455556666');
    expect(imported()[0]?.[0]?.ProductArn).toBe(productArn);
  });

  it('refuses to start without ROLEWATCH_ACCOUNT_ID instead of importing findings as their recipient account', () => {
    // An organisation trail's findings carry every member account's id, but BatchImportFindings with the
    // default product ARN accepts only findings whose AwsAccountId is the calling account.
    const built = securityHubSinkFromEnv(
      {},
      { minSeverity: 'low', retry: {}, region: 'eu-west-1', clientConfig: { maxAttempts: 1 } },
      new SecurityHubClient({ region: 'eu-west-1', maxAttempts: 1 }),
    );
    expect(built.ok ? [] : built.error).toEqual(['ROLEWATCH_ACCOUNT_ID: required by the securityhub sink']);
  });

  it('imports at most 100 findings per call', async () => {
    await sink().sink.send(manyFindings(230));
    expect(imported().map((b) => b.length)).toEqual([100, 100, 30]);
  });

  it('re-imports only the findings listed in FailedFindings', async () => {
    const findings = manyFindings(3);
    shMock
      .on(BatchImportFindingsCommand)
      .resolvesOnce({
        SuccessCount: 2,
        FailedCount: 1,
        FailedFindings: [{ Id: findings[1]?.id, ErrorCode: 'InternalException', ErrorMessage: 'try again' }],
      })
      .resolves({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });
    const { sink: s, delays } = sink();
    await s.send(findings);
    expect(imported().map((b) => b.map((f) => f.Id))).toEqual([findings.map((f) => f.id), [findings[1]?.id]]);
    expect(delays).toHaveLength(1);
  });

  it('retries a throttled (LimitExceededException) or failed (5xx) call', async () => {
    shMock
      .on(BatchImportFindingsCommand)
      .rejectsOnce(
        new LimitExceededException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }),
      )
      .rejectsOnce(new InternalException({ message: 'Internal', $metadata: { httpStatusCode: 500 } }))
      .resolves({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });
    await sink().sink.send([hostileFinding()]);
    expect(imported()).toHaveLength(3);
  });

  it('fails with a SinkError when findings are still failing after the retries', async () => {
    shMock.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => ({
      SuccessCount: 0,
      FailedCount: input.Findings.length,
      FailedFindings: input.Findings.map((f) => ({
        Id: f.Id,
        ErrorCode: 'InternalException',
        ErrorMessage: 'x',
      })),
    }));
    const error = await sink()
      .sink.send(manyFindings(2))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect((error as SinkError).failedCount).toBe(2);
    expect(imported()).toHaveLength(4);
  });

  it('does not re-import a finding rejected as invalid input', async () => {
    shMock.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => ({
      SuccessCount: 0,
      FailedCount: 1,
      FailedFindings: [{ Id: input.Findings[0]?.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'bad' }],
    }));
    const error = await sink()
      .sink.send([hostileFinding()])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect(imported()).toHaveLength(1);
  });

  it('imports no session token or credentials object', async () => {
    await sink().sink.send([hostileFinding(), ...manyFindings(2)]);
    expect(secretsIn(imported())).toEqual([]);
  });
});
