import { BlockList, isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CidrBlock } from '../../functions/core/model/trust-config.ts';
import { compileCidrs, ipFamily, parseCidr } from '../../functions/core/trust/cidr.ts';

function block(raw: string): CidrBlock {
  const parsed = parseCidr(raw);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const contains = (raws: string[], ip: string) => compileCidrs(raws.map(block))(ip);

describe('ipFamily', () => {
  it('knows a dotted quad and IPv6 with :: compression, the unspecified address and an IPv4-mapped tail', () => {
    expect(ipFamily('203.0.113.9')).toBe(4);
    expect(ipFamily('2001:db8::1')).toBe(6);
    expect(ipFamily('::')).toBe(6);
    expect(ipFamily('::ffff:203.0.113.9')).toBe(6);
    expect(ipFamily('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe(6);
  });

  it('refuses a zero-padded octet as CloudTrail sometimes records it', () => {
    // From aws.discovery.ec2-download-user-data.json in the public corpus.
    expect(ipFamily('255.18.064.253')).toBe(0);
    expect(ipFamily('06.237.252.245')).toBe(0);
    expect(ipFamily('::ffff:06.1.1.1')).toBe(0);
  });

  it('refuses out-of-range octets, missing octets, host names, zone ids and surrounding space', () => {
    for (const text of [
      '256.1.1.1',
      '10.0.0',
      'ec2.amazonaws.com',
      'AWS Internal',
      'fe80::1%eth0',
      ' 1.2.3.4',
    ]) {
      expect(ipFamily(text), text).toBe(0);
    }
  });

  it('refuses malformed IPv6', () => {
    for (const text of ['2001:db8::1::2', '2001:db8:1:2:3:4:5:6:7', '2001:db8:12345::1', '[::1]']) {
      expect(ipFamily(text), text).toBe(0);
    }
  });
});

describe('parseCidr', () => {
  it('parses IPv4 and IPv6 blocks', () => {
    expect(block('203.0.113.0/24')).toEqual({
      raw: '203.0.113.0/24',
      family: 4,
      network: '203.0.113.0',
      prefixLength: 24,
    });
    expect(block('2001:db8::/32')).toMatchObject({ family: 6, network: '2001:db8::', prefixLength: 32 });
  });

  it('reads a bare address as a single host', () => {
    expect(block('198.51.100.7').prefixLength).toBe(32);
    expect(block('2001:db8::7').prefixLength).toBe(128);
  });

  it('refuses a block with host bits set and names the network address', () => {
    expect(parseCidr('203.0.113.7/24')).toEqual({
      ok: false,
      error: expect.stringContaining('203.0.113.0/24'),
    });
    expect(parseCidr('2001:db8:0:0:1::/64')).toEqual({
      ok: false,
      error: expect.stringContaining(' 2001:db8::/64'),
    });
    expect(parseCidr('::ffff:203.0.113.7/120')).toEqual({
      ok: false,
      error: expect.stringContaining('::ffff:cb00:7100/120'),
    });
  });

  it('accepts blocks whose host bits are clear, at every boundary', () => {
    for (const raw of [
      '0.0.0.0/0',
      '10.0.0.0/8',
      '203.0.113.128/25',
      '::/0',
      '2001:db8:8000::/33',
      '::ffff:203.0.113.0/120',
    ]) {
      expect(parseCidr(raw).ok, raw).toBe(true);
    }
  });

  it('refuses prefix lengths beyond the address size, and addresses that are not addresses', () => {
    expect(parseCidr('203.0.113.0/33').ok).toBe(false);
    expect(parseCidr('2001:db8::/129').ok).toBe(false);
    expect(parseCidr('203.0.113.0/').ok).toBe(false);
    expect(parseCidr('06.0.113.0/24').ok).toBe(false);
    expect(parseCidr('fe80::%eth0/64').ok).toBe(false);
  });
});

describe('compileCidrs', () => {
  it('says whether an IPv4 address lies in a block', () => {
    expect(contains(['203.0.113.0/24'], '203.0.113.250')).toBe(true);
    expect(contains(['203.0.113.0/24'], '203.0.114.1')).toBe(false);
  });

  it('says whether an IPv6 address lies in a block', () => {
    expect(contains(['2001:db8:ac::/48'], '2001:db8:ac:12::9')).toBe(true);
    expect(contains(['2001:db8:ac::/48'], '2001:db8:ad::9')).toBe(false);
  });

  it('looks in every block', () => {
    expect(contains(['192.0.2.0/24', '2001:db8::/32', '203.0.113.0/24'], '203.0.113.1')).toBe(true);
  });

  it('compares an IPv4-mapped IPv6 address as IPv4, and as IPv6 against IPv6 blocks', () => {
    expect(contains(['203.0.113.0/24'], '::ffff:203.0.113.9')).toBe(true);
    expect(contains(['203.0.113.0/24'], '::ffff:cb00:7109')).toBe(true);
    expect(contains(['::ffff:0:0/96'], '::ffff:203.0.113.9')).toBe(true);
    // The deprecated IPv4-compatible form is not IPv4-mapped.
    expect(contains(['203.0.113.0/24'], '::cb00:7109')).toBe(false);
  });

  it('never puts an address of the other family in a block', () => {
    expect(contains(['0.0.0.0/0'], '2001:db8::1')).toBe(false);
    expect(contains(['::/0'], '203.0.113.9')).toBe(false);
  });

  it('trims the address, as records sometimes pad it', () => {
    expect(contains(['203.0.113.0/24'], ' 203.0.113.9 ')).toBe(true);
  });

  it('returns undefined when the source is not an address', () => {
    for (const ip of ['AWS Internal', 'ecs-tasks.amazonaws.com', '06.237.252.245', 'fe80::1%eth0']) {
      expect(contains(['203.0.113.0/24'], ip), ip).toBeUndefined();
    }
  });
});

describe('ipFamily (property)', () => {
  it("answers as Node's isIP (zone ids refused) for any text, with or without a colon", () => {
    const piece = fc.constantFrom(
      '1',
      '0',
      '255',
      '256',
      '06',
      'a',
      'ff',
      'ffff',
      'g',
      ':',
      '::',
      '.',
      '%',
      'eth0',
      '',
    );
    const text = fc.oneof(
      fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
      fc.constantFrom(
        '203.0.113.9',
        '2001:db8::1',
        '::ffff:203.0.113.9',
        'ec2.amazonaws.com',
        'AWS Internal',
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(ipFamily(t)).toBe(t.includes('%') ? 0 : isIP(t));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('compileCidrs (property)', () => {
  const dotted = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  const maskOf = (prefix: number): number => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
  const v4Block = fc
    .tuple(fc.nat({ max: 0xffffffff }), fc.integer({ min: 0, max: 32 }))
    .map(([n, prefix]) => ({ network: (n & maskOf(prefix)) >>> 0, prefix }));

  /** What the blocks contain, asked of Node's BlockList alone: the definition the fast path must keep. */
  function reference(blocks: { network: number; prefix: number }[], v6: string[], ip: string) {
    const list4 = new BlockList();
    const list6 = new BlockList();
    for (const b of blocks) list4.addSubnet(dotted(b.network), b.prefix, 'ipv4');
    for (const b of v6) list6.addSubnet(b, 64, 'ipv6');
    const address = ip.trim();
    const family = ipFamily(address);
    if (family === 0) return undefined;
    if (family === 4) return list4.check(address, 'ipv4');
    return list6.check(address, 'ipv6') || list4.check(address, 'ipv6');
  }

  it("answers as Node's BlockList for IPv4 at and around every block's edges, IPv4-mapped and IPv6", () => {
    fc.assert(
      fc.property(
        fc.array(v4Block, { maxLength: 4 }),
        fc.subarray(['2001:db8::', 'fd00:1::']),
        fc.nat(),
        fc.integer({ min: -2, max: 2 }),
        fc.constantFrom('start', 'end', 'random', 'mapped', 'v6', 'padded'),
        fc.nat({ max: 0xffffffff }),
        (blocks, v6, pick, offset, where, random) => {
          const b = blocks[pick % Math.max(1, blocks.length)];
          const size = b === undefined ? 1 : 2 ** (32 - b.prefix);
          const edge = b === undefined ? random : where === 'end' ? b.network + size - 1 : b.network;
          const n = where === 'random' ? random : Math.min(0xffffffff, Math.max(0, edge + offset));
          const ip =
            where === 'mapped'
              ? `::ffff:${dotted(n)}`
              : where === 'v6'
                ? `2001:db8::${(n & 0xffff).toString(16)}`
                : where === 'padded'
                  ? ` ${dotted(n)} `
                  : dotted(n);
          const cidrs = [
            ...blocks.map((x) => block(`${dotted(x.network)}/${x.prefix}`)),
            ...v6.map((x) => block(`${x}/64`)),
          ];

          expect(compileCidrs(cidrs)(ip)).toBe(reference(blocks, v6, ip));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
