import { describe, expect, it } from 'vitest';
import { sourceNetworkOf } from '../../functions/core/trust-learn/source-network.ts';

describe('sourceNetworkOf', () => {
  it('aggregates IPv4 addresses to their /24 and IPv6 addresses to their /48', () => {
    expect(sourceNetworkOf('203.0.113.9')).toBe('203.0.113.0/24');
    expect(sourceNetworkOf('2001:db8:ac:10::c573')).toBe('2001:db8:ac::/48');
    expect(sourceNetworkOf('2001:db8::1')).toBe('2001:db8::/48');
    expect(sourceNetworkOf('2001:0db8:00ac:0010:0000:0000:0000:c573')).toBe('2001:db8:ac::/48');
    expect(sourceNetworkOf('::1')).toBe('::/48');
  });

  it('reads an IPv4-mapped IPv6 address as IPv4, as the rule compares it', () => {
    expect(sourceNetworkOf('::ffff:198.51.100.7')).toBe('198.51.100.0/24');
  });

  it('refuses what the rule refuses: zero-padded octets, zone ids, host names, AWS Internal', () => {
    for (const bad of [
      '06.237.252.245',
      '256.1.1.1',
      '1.2.3',
      'fe80::1%eth0',
      '1::2::3',
      'ec2.amazonaws.com',
      'AWS Internal',
      '',
    ]) {
      expect(sourceNetworkOf(bad), bad).toBeUndefined();
    }
  });
});
