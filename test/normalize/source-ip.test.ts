import { describe, expect, it } from 'vitest';
import { classifySourceIp } from '../../functions/core/normalize/source-ip.ts';

describe('classifySourceIp', () => {
  it('accepts well-formed IPv4 and IPv6 addresses', () => {
    expect(classifySourceIp('203.0.113.25')).toBe('ipv4');
    expect(classifySourceIp('0.0.0.0')).toBe('ipv4');
    expect(classifySourceIp('2001:db8:ac::17')).toBe('ipv6');
    expect(classifySourceIp('::ffff:192.0.2.1')).toBe('ipv6');
    expect(classifySourceIp('2001:0db8:0000:0000:0000:ff00:0042:8329')).toBe('ipv6');
  });

  it('recognises AWS service callers', () => {
    expect(classifySourceIp('ec2.amazonaws.com')).toBe('service');
    expect(classifySourceIp('cloudformation.amazonaws.com')).toBe('service');
    expect(classifySourceIp('AWS Internal')).toBe('service');
  });

  it('recognises AWS service callers by the DNS suffix of every partition', () => {
    expect(classifySourceIp('ec2.amazonaws.com.cn')).toBe('service');
    expect(classifySourceIp('ec2.amazonaws.eu')).toBe('service');
    expect(classifySourceIp('ec2.c2s.ic.gov')).toBe('service');
    expect(classifySourceIp('ec2.sc2s.sgov.gov')).toBe('service');
    expect(classifySourceIp('ec2.cloud.adc-e.uk')).toBe('service');
    expect(classifySourceIp('ec2.csp.hci.ic.gov')).toBe('service');
  });

  it('does not take a host name that only contains a partition suffix for an AWS service', () => {
    expect(classifySourceIp('ec2.amazonaws.eu.example.com')).toBe('invalid');
    expect(classifySourceIp('amazonaws.eu')).toBe('invalid');
    expect(classifySourceIp('ec2.xc2s.ic.gov')).toBe('invalid');
  });

  it('rejects the malformed addresses of anonymised exports', () => {
    expect(classifySourceIp('06.237.252.245')).toBe('invalid');
    expect(classifySourceIp('255.18.064.253')).toBe('invalid');
    expect(classifySourceIp('256.1.1.1')).toBe('invalid');
    expect(classifySourceIp('1::2::3')).toBe('invalid');
    expect(classifySourceIp('1:2:3:4:5:6:7:8:9')).toBe('invalid');
    expect(classifySourceIp('example.com')).toBe('invalid');
    expect(classifySourceIp('GitHub Actions IP')).toBe('invalid');
  });
});
