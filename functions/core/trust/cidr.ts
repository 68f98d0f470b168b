import { err, ok, type Result } from '../model/result.ts';
import type { CidrBlock } from '../model/trust-config.ts';

export interface ParsedIp {
  readonly family: 4 | 6;
  readonly value: bigint;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const IPV4_MAPPED_PREFIX = 0xffffn << 32n;

function parseIpv4(raw: string): bigint | undefined {
  const parts = raw.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    // Zero-padded octets are refused: some parsers read them as octal, so their meaning is ambiguous.
    if (!OCTET.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseGroups(text: string): bigint[] | undefined {
  if (text === '') return [];
  const groups: bigint[] = [];
  const parts = text.split(':');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    if (i === parts.length - 1 && p.includes('.')) {
      const v4 = parseIpv4(p);
      if (v4 === undefined) return undefined;
      groups.push(v4 >> 16n, v4 & 0xffffn);
    } else if (HEX_GROUP.test(p)) {
      groups.push(BigInt(`0x${p}`));
    } else {
      return undefined;
    }
  }
  return groups;
}

function parseIpv6(raw: string): bigint | undefined {
  const halves = raw.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  // An embedded IPv4 address may only close the address.
  if (halves.length === 2 && (halves[0] ?? '').includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let value = 0n;
  for (const g of [...head, ...new Array<bigint>(missing).fill(0n), ...tail]) value = (value << 16n) | g;
  return value;
}

/**
 * Parses an IPv4 or IPv6 address strictly: four decimal octets without zero padding
 * (`06.237.252.245` is refused), or IPv6 with `::` compression and an optional trailing dotted quad.
 * Zone ids, brackets and ports are refused.
 */
export function parseIp(raw: string): ParsedIp | undefined {
  if (raw.includes(':')) {
    const v6 = parseIpv6(raw);
    return v6 === undefined ? undefined : { family: 6, value: v6 };
  }
  const v4 = parseIpv4(raw);
  return v4 === undefined ? undefined : { family: 4, value: v4 };
}

const bitsOf = (family: 4 | 6): number => (family === 4 ? 32 : 128);

/**
 * Parses `203.0.113.0/24` or `2001:db8::/32`; a bare address is a single host (`/32`, `/128`).
 * A block with host bits set (`203.0.113.7/24`) is an error, since it usually hides a typo.
 */
export function parseCidr(raw: string): Result<CidrBlock, string> {
  const text = raw.trim();
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const ip = parseIp(address);
  if (ip === undefined) return err(`'${address}' is not an IPv4 or IPv6 address`);
  const bits = bitsOf(ip.family);
  let prefixLength = bits;
  if (slash >= 0) {
    const prefix = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(prefix) || Number(prefix) > bits) {
      return err(`'${text}': '${prefix}' is not a prefix length for IPv${ip.family} (0..${bits})`);
    }
    prefixLength = Number(prefix);
  }
  const hostMask = (1n << BigInt(bits - prefixLength)) - 1n;
  if ((ip.value & hostMask) !== 0n) {
    const network = ip.value & ~hostMask;
    return err(
      `'${text}' has host bits set; the network address is ${formatIp(ip.family, network)}/${prefixLength}`,
    );
  }
  return ok({ raw, family: ip.family, network: ip.value, prefixLength });
}

/**
 * Whether `ip` lies in `block`; undefined when `ip` is not an address (a service host name,
 * `AWS Internal`, a malformed value). An IPv4-mapped IPv6 address (`::ffff:203.0.113.9`) is compared
 * as IPv4.
 */
export function cidrContains(block: CidrBlock, ip: string): boolean | undefined {
  const parsed = parseIp(ip.trim());
  if (parsed === undefined) return undefined;
  let { family, value } = parsed;
  if (family === 6 && block.family === 4 && value >> 32n === IPV4_MAPPED_PREFIX >> 32n) {
    family = 4;
    value &= 0xffffffffn;
  }
  if (family !== block.family) return false;
  const shift = BigInt(bitsOf(family) - block.prefixLength);
  return value >> shift === block.network >> shift;
}

/** Formats an address in dotted quad or RFC 5952 form (used in messages). */
export function formatIp(family: 4 | 6, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 0xffn).toString()).join('.');
  }
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => (value >> s) & 0xffffn);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0n) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0n) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
