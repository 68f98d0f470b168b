import { describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  assumeRoleRecord,
  awsService,
  iamUser,
  patched,
  roleSession,
} from './support/cloudtrail-records.ts';
import { judgeRule } from './support/judge.ts';
import {
  assumeOn,
  itGivesOutcomes,
  NO_MATCH,
  notApplicable,
  roleGateCases,
} from './support/outcome-cases.ts';

const PROD_ADMIN = `arn:aws:iam::${ACCOUNTS.prod}:role/ProdAdmin`;
const TRUST = `
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
roles:
  - arn: "${PROD_ADMIN}"
    trustedPrincipals: ["arn:aws:iam::${ACCOUNTS.identity}:role/OktaAdmin", "service:ec2.amazonaws.com"]
    sourceCidrs: ["203.0.113.0/24", "2001:db8:ac::/48"]
    severity: critical
  - arn: "arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly"
    trustedPrincipals: ["${ACCOUNTS.identity}"]
`;
const fromIp = (sourceIp: string) =>
  assumeRoleRecord({
    identity: roleSession(ACCOUNTS.identity, 'OktaAdmin', 'jane@acme.example'),
    roleArn: PROD_ADMIN,
    sourceIp,
  });

describe('source-ip-not-allowed', () => {
  it('flags a role assumed from an address outside its allowed ranges, at the role severity', () => {
    const [finding, ...rest] = judgeRule('source-ip-not-allowed', TRUST, fromIp('198.51.100.77'));

    expect(rest).toEqual([]);
    expect(finding?.severity).toBe('critical');
    expect(finding?.sourceIp).toBe('198.51.100.77');
    expect(finding?.evidence).toEqual({
      expected: 'an address in: 203.0.113.0/24, 2001:db8:ac::/48',
      actual: '198.51.100.77',
    });
    expect(finding?.title).toContain('from 198.51.100.77, outside its allowed ranges');
  });

  it('flags a malformed address and says it is not a valid address', () => {
    const [finding] = judgeRule('source-ip-not-allowed', TRUST, fromIp('06.237.252.245'));

    expect(finding?.evidence.actual).toBe('06.237.252.245');
    expect(finding?.evidence.note).toBe(
      '06.237.252.245 is not a valid IP address, so it is in no allowed range',
    );
  });

  it('accepts addresses inside an allowed IPv4 or IPv6 range (near miss)', () => {
    expect(judgeRule('source-ip-not-allowed', TRUST, fromIp('203.0.113.250'))).toEqual([]);
    expect(judgeRule('source-ip-not-allowed', TRUST, fromIp('2001:db8:ac:1::17'))).toEqual([]);
  });

  it('excludes AWS service callers and AWS Internal', () => {
    const service = assumeRoleRecord({
      identity: awsService('ec2.amazonaws.com'),
      roleArn: PROD_ADMIN,
      sourceIp: 'ec2.amazonaws.com',
      sessionName: 'i-0a1b2c3d4e5f67890',
    });

    expect(judgeRule('source-ip-not-allowed', TRUST, service)).toEqual([]);
    expect(judgeRule('source-ip-not-allowed', TRUST, fromIp('AWS Internal'))).toEqual([]);
  });

  it('excludes a role session acting through an AWS service in any partition (its host name as the address)', () => {
    for (const host of [
      'cloudformation.amazonaws.com',
      'cloudformation.amazonaws.com.cn',
      'cloudformation.amazonaws.eu',
      'cloudformation.c2s.ic.gov',
      'cloudformation.sc2s.sgov.gov',
      'cloudformation.cloud.adc-e.uk',
      'cloudformation.csp.hci.ic.gov',
    ]) {
      expect(judgeRule('source-ip-not-allowed', TRUST, fromIp(host)), host).toEqual([]);
    }
  });

  it('ignores roles without sourceCidrs (unrelated record)', () => {
    const record = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.identity, 'alice'),
      roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`,
      sourceIp: '198.51.100.77',
    });

    expect(judgeRule('source-ip-not-allowed', TRUST, record)).toEqual([]);
  });
});

describe('source-ip-not-allowed: not applicable versus no match', () => {
  const READ_ONLY = `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`;
  itGivesOutcomes('source-ip-not-allowed', TRUST, [
    ...roleGateCases(PROD_ADMIN),
    [
      'a role whose entry sets no ranges',
      assumeOn(READ_ONLY),
      notApplicable('the role entry sets no sourceCidrs'),
    ],
    [
      'an AWS service actor',
      assumeOn(PROD_ADMIN, awsService('ec2.amazonaws.com')),
      notApplicable('an AWS service made the call'),
    ],
    [
      'a call from AWS Internal',
      assumeOn(PROD_ADMIN, undefined, { sourceIp: 'AWS Internal' }),
      notApplicable('an AWS service made the call'),
    ],
    [
      'a record without sourceIPAddress',
      patched(assumeOn(PROD_ADMIN), { sourceIPAddress: undefined }),
      notApplicable('the record has no sourceIPAddress'),
    ],
    [
      'an address inside the ranges (judged, fine)',
      assumeOn(PROD_ADMIN, undefined, { sourceIp: '203.0.113.7' }),
      NO_MATCH,
    ],
    [
      'an address outside them',
      assumeOn(PROD_ADMIN, undefined, { sourceIp: '192.0.2.7' }),
      expect.objectContaining({ status: 'match' }),
    ],
  ]);
});
