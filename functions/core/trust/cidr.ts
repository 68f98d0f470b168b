import { BlockList, isIP, isIPv4 } from 'node:net';
import { err, ok, type Result } from '../model/result.ts';
import type { CidrBlock } from '../model/trust-config.ts';
import { quoted } from './quote-value.ts';

/**
 * The IP family of a text that is exactly an IPv4 or IPv6 address, else 0. Node's parser refuses
 * zero-padded octets (`06.237.252.245`: some parsers read them as octal, so their meaning is ambiguous);
 * zone ids (`fe80::1%eth0`), which Node accepts, are refused here: a source address never has one.
 */
export function ipFamily(text: string): 0 | 4 | 6 {
  if (text.includes('%')) return 0;
  // Every IPv6 text has a colon: without one, Node's IPv6 expression (long, and run on every AWS service
  // host name in `sourceIPAddress`) cannot match.
  if (!text.includes(':')) return isIPv4(text) ? 4 : 0;
  return isIP(text) as 0 | 4 | 6;
}

/** The address as 8 (IPv4: 2) 16-bit groups, for the host-bits check; the text is a valid address. */
function groupsOf(address: string, family: 4 | 6): number[] {
  const dotted = (quad: string): number[] => {
    const [a = 0, b = 0, c = 0, d = 0] = quad.split('.').map(Number);
    return [(a << 8) | b, (c << 8) | d];
  };
  if (family === 4) return dotted(address);
  const [head = '', tail] = address.split('::');
  const groups = (text: string): number[] =>
    text === ''
      ? []
      : text.split(':').flatMap((g) => (g.includes('.') ? dotted(g) : [Number.parseInt(g, 16)]));
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * The network address of `address/prefixLength` (host bits cleared) in canonical text: dotted quad, or
 * RFC 5952 IPv6. The address must be valid ({@link ipFamily}).
 */
export function networkAddress(address: string, family: 4 | 6, prefixLength: number): string {
  return networkOf(address, family, prefixLength).text;
}

/** The address with its host bits cleared, in the canonical text form. */
function networkOf(address: string, family: 4 | 6, prefixLength: number): { text: string; changed: boolean } {
  const groups = groupsOf(address, family);
  const masked = groups.map((g, i) => {
    const bits = Math.min(16, Math.max(0, prefixLength - i * 16));
    return bits === 0 ? 0 : g & (0xffff << (16 - bits)) & 0xffff;
  });
  const changed = masked.some((g, i) => g !== groups[i]);
  if (family === 4) {
    const [hi = 0, lo = 0] = masked;
    return { text: [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.'), changed };
  }
  // The WHATWG URL serializer writes IPv6 in the RFC 5952 form (lower case, longest zero run as `::`).
  const full = masked.map((g) => g.toString(16)).join(':');
  return { text: new URL(`http://[${full}]/`).hostname.slice(1, -1), changed };
}

/**
 * Parses `203.0.113.0/24` or `2001:db8::/32`; a bare address is a single host (`/32`, `/128`).
 * A block with host bits set (`203.0.113.7/24`) is an error, since it usually hides a typo.
 */
export function parseCidr(raw: string): Result<CidrBlock, string> {
  const text = raw.trim();
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const family = ipFamily(address);
  if (family === 0) return err(`${quoted(address)} is not an IPv4 or IPv6 address`);
  const bits = family === 4 ? 32 : 128;
  let prefixLength = bits;
  if (slash >= 0) {
    const prefix = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(prefix) || Number(prefix) > bits) {
      return err(`${quoted(text)}: ${quoted(prefix)} is not a prefix length for IPv${family} (0..${bits})`);
    }
    prefixLength = Number(prefix);
  }
  const network = networkOf(address, family, prefixLength);
  if (network.changed) {
    return err(`${quoted(text)} has host bits set; the network address is ${network.text}/${prefixLength}`);
  }
  return ok({ raw, family, network: address, prefixLength });
}

/** A valid dotted quad ({@link ipFamily} 4) as an unsigned 32-bit number. */
function ipv4Number(address: string): number {
  let n = 0;
  let octet = 0;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c === 0x2e) {
      n = n * 256 + octet;
      octet = 0;
    } else {
      octet = octet * 10 + (c - 0x30);
    }
  }
  return n * 256 + octet;
}

/**
 * Compiles CIDR blocks into one test: whether an address lies in any of them, or undefined when the text
 * is not an address (a service host name, `AWS Internal`, a malformed value). An IPv4-mapped IPv6 address
 * (`::ffff:203.0.113.9`) is compared as IPv4; an IPv4 address never lies in an IPv6 block. IPv4 addresses
 * (nearly every caller) are compared as numbers against each block's network and mask; IPv6 ones by
 * Node's BlockList, which builds an address object per check.
 */
export function compileCidrs(blocks: readonly CidrBlock[]): (ip: string) => boolean | undefined {
  const v4 = new BlockList();
  const v6 = new BlockList();
  const v4Networks: { readonly network: number; readonly mask: number }[] = [];
  for (const b of blocks) {
    if (b.family === 4) {
      v4.addSubnet(b.network, b.prefixLength, 'ipv4');
      const mask = b.prefixLength === 0 ? 0 : (0xffffffff << (32 - b.prefixLength)) >>> 0;
      v4Networks.push({ network: (ipv4Number(b.network) & mask) >>> 0, mask });
    } else {
      v6.addSubnet(b.network, b.prefixLength, 'ipv6');
    }
  }
  return (ip) => {
    const address = ip.trim();
    const family = ipFamily(address);
    if (family === 0) return undefined;
    if (family === 4) {
      const n = ipv4Number(address);
      return v4Networks.some((b) => (n & b.mask) >>> 0 === b.network);
    }
    // BlockList compares an IPv4-mapped IPv6 address against IPv4 rules, and no other IPv6 address.
    return v6.check(address, 'ipv6') || v4.check(address, 'ipv6');
  };
}
