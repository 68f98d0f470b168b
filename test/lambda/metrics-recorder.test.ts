import { afterEach, describe, expect, it } from 'vitest';
import { metricDimensionsFromEnv } from '../../functions/adapters/metrics/metric-dimensions.ts';
import { EmfMetricsRecorder } from '../../functions/adapters/metrics/metrics-recorder.ts';
import { type CapturedOutput, captureOutput, metricSum } from './helpers/capture-output.ts';
import { finding } from './helpers/finding.ts';

describe('EMF metrics', () => {
  let output: CapturedOutput | undefined;
  afterEach(() => output?.restore());

  it('writes EMF documents in the rolewatch namespace with function, rule and severity dimensions', () => {
    output = captureOutput();
    const recorder = new EmfMetricsRecorder({ functionName: 'stream' });

    recorder.finding(finding());
    recorder.finding(finding({ id: 'f2' }));
    recorder.finding(finding({ id: 'f3', rule: 'assume-denied', severity: 'medium' }));
    recorder.flush();

    const docs = output.emf();
    expect(docs.every((d) => d._aws.CloudWatchMetrics[0]?.Namespace === 'rolewatch')).toBe(true);
    expect(metricSum(docs, 'Findings', { rule: 'untrusted-principal', severity: 'critical' })).toBe(2);
    expect(metricSum(docs, 'Findings', { rule: 'assume-denied', severity: 'medium' })).toBe(1);
    const dims = docs.flatMap((d) => d._aws.CloudWatchMetrics.flatMap((m) => m.Dimensions.flat()));
    expect(new Set(dims)).toEqual(new Set(['function', 'rule', 'severity']));
  });

  it('never uses a role ARN or principal as a dimension unless the operator lists it', () => {
    output = captureOutput();
    const recorder = new EmfMetricsRecorder({ functionName: 'events' });

    recorder.finding(finding());
    recorder.flush();

    const text = output.text();
    expect(text).not.toContain('arn:aws:iam::444455556666:role/ProdAdmin');
    expect(text).not.toContain('mallory');
  });

  it('adds the role dimension when ROLEWATCH_METRIC_DIMENSIONS lists it', () => {
    output = captureOutput();
    const dims = metricDimensionsFromEnv({ ROLEWATCH_METRIC_DIMENSIONS: 'role' });
    const recorder = new EmfMetricsRecorder({
      functionName: 'events',
      extraDimensions: dims.ok ? dims.value : [],
    });

    recorder.finding(finding());
    recorder.flush();

    expect(metricSum(output.emf(), 'Findings', { role: 'arn:aws:iam::444455556666:role/ProdAdmin' })).toBe(1);
  });

  it('refuses an unknown dimension name', () => {
    const dims = metricDimensionsFromEnv({ ROLEWATCH_METRIC_DIMENSIONS: 'role,principalArn' });

    expect(!dims.ok && dims.error).toEqual([
      'ROLEWATCH_METRIC_DIMENSIONS: "principalArn" is not a metric dimension ' +
        '(role, actorAccount, recipientAccount, awsRegion)',
    ]);
  });

  it('keeps every granted-seconds and lag value, split so that no EMF document holds more than 100', () => {
    output = captureOutput();
    const recorder = new EmfMetricsRecorder({ functionName: 's3-batch' });

    for (let i = 0; i < 250; i++) recorder.grantedSessionSeconds('AssumeRole', 900);
    recorder.judgementLag(300_000);
    recorder.flush();

    const docs = output.emf();
    expect(metricSum(docs, 'GrantedSessionSeconds', { eventName: 'AssumeRole' })).toBe(250 * 900);
    expect(
      docs.every((d) => !Array.isArray(d.GrantedSessionSeconds) || d.GrantedSessionSeconds.length <= 100),
    ).toBe(true);
    expect(metricSum(docs, 'JudgementLagMilliseconds', { function: 's3-batch' })).toBe(300_000);
  });

  it('writes the documents Powertools Metrics wrote before, one write (one log event) per dimension set', () => {
    const writes: string[] = [];
    const recorder = new EmfMetricsRecorder({
      functionName: 'stream',
      write: (line) => writes.push(line),
      now: () => 1_796_182_464_691,
    });

    recorder.records(5);
    recorder.credentialEvent('AssumeRole');
    recorder.grantedSessionSeconds('AssumeRole', 3600);
    recorder.grantedSessionSeconds('AssumeRole', 900);
    recorder.judgementLag(1234.5);
    recorder.finding(finding({ rule: 'assume-denied', severity: 'medium' }));
    recorder.flush();

    // Captured from @aws-lambda-powertools/metrics 2.36.0 with the same calls.
    expect(writes.join('')).toEqual(
      [
        '{"_aws":{"Timestamp":1796182464691,"CloudWatchMetrics":[{"Namespace":"rolewatch","Dimensions":[["function"]],"Metrics":[{"Name":"Records","Unit":"Count"},{"Name":"JudgementLagMilliseconds","Unit":"Milliseconds"}]}]},"function":"stream","Records":5,"JudgementLagMilliseconds":1234.5}',
        '{"_aws":{"Timestamp":1796182464691,"CloudWatchMetrics":[{"Namespace":"rolewatch","Dimensions":[["function","eventName"],["function"]],"Metrics":[{"Name":"CredentialEvents","Unit":"Count"},{"Name":"GrantedSessionSeconds","Unit":"Seconds"}]}]},"function":"stream","eventName":"AssumeRole","CredentialEvents":1,"GrantedSessionSeconds":[3600,900]}',
        '{"_aws":{"Timestamp":1796182464691,"CloudWatchMetrics":[{"Namespace":"rolewatch","Dimensions":[["function","rule","severity"],["function"]],"Metrics":[{"Name":"Findings","Unit":"Count"}]}]},"function":"stream","rule":"assume-denied","severity":"medium","Findings":1}',
        '',
      ].join('\n'),
    );
    expect(writes).toHaveLength(3);
  });

  it('writes nothing when nothing was recorded', () => {
    output = captureOutput();
    const recorder = new EmfMetricsRecorder({ functionName: 'stream' });

    recorder.flush();

    expect(output.text()).toBe('');
  });
});
