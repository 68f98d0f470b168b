import { describe, expect, it } from 'vitest';
import type { Finding } from '../../functions/core/model/finding.ts';
import { FindingSet } from '../../functions/core/pipeline/finding-set.ts';
import { preferFinding } from '../../functions/core/pipeline/prefer-finding.ts';

const callerCopy: Finding = {
  id: '5f0c3e2a9b8d7c6e5f4a3b2c1d0e9f8a',
  rule: 'session-too-long',
  severity: 'medium',
  title:
    'batch/nightly (role session, 111122223333) assumed role DataPipeline (444455556666) for requested 21600 s.',
  eventId: '11111111-1111-4111-8111-111111111111',
  sharedEventId: '7e5a1c2b-3d4f-4e6a-9b8c-0d1e2f3a4b5c',
  eventTime: '2026-11-29T10:00:00Z',
  eventName: 'AssumeRole',
  awsRegion: 'us-east-1',
  recipientAccountId: '111122223333',
  role: { arn: 'arn:aws:iam::444455556666:role/DataPipeline', accountId: '444455556666' },
  actor: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111122223333:assumed-role/batch/nightly',
    accountId: '111122223333',
    display: 'batch/nightly (role session, 111122223333)',
  },
  sourceIp: '203.0.113.9',
  session: { name: 'nightly', requestedSeconds: 21600, grantedSeconds: 21600 },
  evidence: { expected: 'at most 3600 s', actual: 'requested 21600 s' },
  remediation: 'Lower the maximum session duration.',
  suppressed: false,
  location: 'caller.json:1',
};
const targetCopy: Finding = {
  ...callerCopy,
  eventId: '22222222-2222-4222-8222-222222222222',
  recipientAccountId: '444455556666',
  actor: {
    type: 'AWSAccount',
    accountId: '111122223333',
    display: 'account 111122223333 (cross-account caller; principal not resolved)',
  },
  location: 'target.json:1',
};

describe('preferFinding', () => {
  it('keeps the copy whose actor is resolved, whichever comes first', () => {
    expect(preferFinding(callerCopy, targetCopy)).toBe(callerCopy);
    expect(preferFinding(targetCopy, callerCopy)).toBe(callerCopy);
  });

  it('breaks ties on severity, then deterministically on content', () => {
    const raised: Finding = { ...targetCopy, severity: 'critical' };
    const otherTarget: Finding = { ...targetCopy, location: 'target-again.json:9' };

    expect(preferFinding(targetCopy, raised)).toBe(raised);
    expect(preferFinding(targetCopy, otherTarget)).toBe(preferFinding(otherTarget, targetCopy));
  });
});

describe('FindingSet', () => {
  it('collapses findings with one id into the preferred copy', () => {
    const other: Finding = { ...callerCopy, id: '0000000000000000000000000000000a', rule: 'assume-denied' };
    const set = new FindingSet();

    set.addAll([targetCopy, other, callerCopy]);

    expect(set.sorted()).toEqual([other, callerCopy]);
  });
});
