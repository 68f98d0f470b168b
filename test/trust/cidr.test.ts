import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp } from '../../functions/core/trust/cidr.ts';

function block(raw: string) {
  const parsed = parseCidr(raw);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('parseIp', () => {
  it('parses a dotted quad', () => {
    expect(parseIp('203.0.113.9')).toEqual({ family: 4, value: 0xcb007109n });
  });

  it('refuses a zero-padded octet as CloudTrail sometimes records it', () => {
    // From aws.discovery.ec2-download-user-data.json in the public corpus.
    expect(parseIp('255.18.064.253')).toBeUndefined();
    expect(parseIp('06.237.252.245')).toBeUndefined();
  });

  it('refuses out-of-range octets, missing octets and host names', () => {
    expect(parseIp('256.1.1.1')).toBeUndefined();
    expect(parseIp('10.0.0')).toBeUndefined();
    expect(parseIp('ec2.amazonaws.com')).toBeUndefined();
    expect(parseIp('AWS Internal')).toBeUndefined();
  });

  it('parses IPv6 with :: compression, the unspecified address and an IPv4-mapped tail', () => {
    expect(parseIp('2001:db8::1')).toEqual({ family: 6, value: (0x20010db8n << 96n) | 1n });
    expect(parseIp('::')).toEqual({ family: 6, value: 0n });
    expect(parseIp('::ffff:203.0.113.9')).toEqual({ family: 6, value: (0xffffn << 32n) | 0xcb007109n });
    expect(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')?.value).toBe((0x20010db8n << 96n) | 1n);
  });

  it('refuses malformed IPv6', () => {
    expect(parseIp('2001:db8::1::2')).toBeUndefined();
    expect(parseIp('2001:db8:1:2:3:4:5:6:7')).toBeUndefined();
    expect(parseIp('2001:db8:12345::1')).toBeUndefined();
    expect(parseIp('fe80::1%eth0')).toBeUndefined();
  });
});

describe('parseCidr', () => {
  it('parses IPv4 and IPv6 blocks', () => {
    expect(block('203.0.113.0/24')).toMatchObject({ family: 4, prefixLength: 24, network: 0xcb007100n });
    expect(block('2001:db8::/32')).toMatchObject({ family: 6, prefixLength: 32 });
  });

  it('reads a bare address as a single host', () => {
    expect(block('198.51.100.7').prefixLength).toBe(32);
    expect(block('2001:db8::7').prefixLength).toBe(128);
  });

  it('refuses a block with host bits set and names the network address', () => {
    const parsed = parseCidr('203.0.113.7/24');

    expect(parsed).toEqual({ ok: false, error: expect.stringContaining('203.0.113.0/24') });
  });

  it('refuses prefix lengths beyond the address size', () => {
    expect(parseCidr('203.0.113.0/33').ok).toBe(false);
    expect(parseCidr('2001:db8::/129').ok).toBe(false);
    expect(parseCidr('203.0.113.0/').ok).toBe(false);
  });
});

describe('cidrContains', () => {
  it('says whether an IPv4 address lies in a block', () => {
    const office = block('203.0.113.0/24');

    expect(cidrContains(office, '203.0.113.250')).toBe(true);
    expect(cidrContains(office, '203.0.114.1')).toBe(false);
  });

  it('says whether an IPv6 address lies in a block', () => {
    const office = block('2001:db8:ac::/48');

    expect(cidrContains(office, '2001:db8:ac:12::9')).toBe(true);
    expect(cidrContains(office, '2001:db8:ad::9')).toBe(false);
  });

  it('compares an IPv4-mapped IPv6 address as IPv4', () => {
    expect(cidrContains(block('203.0.113.0/24'), '::ffff:203.0.113.9')).toBe(true);
  });

  it('never puts an address of the other family in a block', () => {
    expect(cidrContains(block('0.0.0.0/0'), '2001:db8::1')).toBe(false);
  });

  it('returns undefined when the source is not an address', () => {
    const office = block('203.0.113.0/24');

    expect(cidrContains(office, 'AWS Internal')).toBeUndefined();
    expect(cidrContains(office, 'ecs-tasks.amazonaws.com')).toBeUndefined();
    expect(cidrContains(office, '06.237.252.245')).toBeUndefined();
  });
});
