import { describe, expect, it } from 'vitest';
import { PUT_EVENTS_MAX_REQUEST_BYTES, toEntry } from '../../functions/adapters/sinks/eventbridge-sink.ts';
import { toAsff } from '../../functions/adapters/sinks/securityhub-sink.ts';
import { findingOf, type JsonObject, scenarioRecord } from './support.ts';

// STS takes a RoleArn of at most 2048 characters, but the pipeline reads whatever a log file holds; a
// record written by someone with access to the trail bucket may carry a role ARN of any length.
const HUGE_ROLE = `arn:aws:iam::444455556666:role/${'x'.repeat(300_000)}`;

function hugeRoleFinding() {
  const record = scenarioRecord('assume-denied', 'near-miss');
  record.errorCode = 'AccessDenied';
  record.requestParameters = {
    roleArn: HUGE_ROLE,
    roleSessionName: 'probe',
  } satisfies JsonObject;
  return findingOf('assume-denied', record);
}

describe('alert resources built from a record with an oversized role ARN', () => {
  const finding = hugeRoleFinding();

  it('keeps the EventBridge entry under the PutEvents size limit', () => {
    const entry = toEntry(finding, 'rolewatch');

    const bytes = [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])].reduce(
      (n, s) => n + Buffer.byteLength(s ?? '', 'utf8'),
      14,
    );

    expect(bytes).toBeLessThan(PUT_EVENTS_MAX_REQUEST_BYTES);
    expect(entry.Resources?.[0]?.startsWith('arn:aws:iam::444455556666:role/xxx')).toBe(true);
  });

  it('keeps the Security Hub finding small (BatchImportFindings refuses findings over 240 KB)', () => {
    const asff = toAsff(finding, {
      region: 'us-east-1',
      accountId: '111122223333',
      productArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default',
      now: new Date('2026-11-29T00:00:00Z'),
    });

    expect(Buffer.byteLength(JSON.stringify(asff), 'utf8')).toBeLessThan(16_384);
    expect(asff.Resources?.[0]?.Id?.startsWith('arn:aws:iam::444455556666:role/xxx')).toBe(true);
  });
});
