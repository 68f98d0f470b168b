import type { Finding } from '../../../functions/core/model/finding.ts';

/** A finding as the engine builds it for `crossAccountAssumeRole()` (untrusted-principal, critical). */
export const finding = (over: Partial<Finding> = {}): Finding => ({
  id: 'f1',
  rule: 'untrusted-principal',
  severity: 'critical',
  title: 'ProdAdmin was assumed by a principal it does not trust',
  eventId: '3c1d4d8e-7d55-4a43-9f0b-6f1d8c2a9e01',
  eventTime: '2026-03-02T10:00:00Z',
  eventName: 'AssumeRole',
  awsRegion: 'us-east-1',
  recipientAccountId: '999988887777',
  role: { arn: 'arn:aws:iam::444455556666:role/ProdAdmin', accountId: '444455556666' },
  actor: {
    type: 'IAMUser',
    arn: 'arn:aws:iam::999988887777:user/mallory',
    accountId: '999988887777',
    display: 'mallory',
  },
  session: { name: 'mallory-session', requestedSeconds: 3600, grantedSeconds: 3600 },
  evidence: {
    expected: 'arn:aws:iam::111122223333:role/OktaAdmin',
    actual: 'arn:aws:iam::999988887777:user/mallory',
  },
  remediation: 'Check who mallory is.',
  suppressed: false,
  ...over,
});
