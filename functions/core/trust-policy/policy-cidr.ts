import { compileCidrs, ipFamily, networkAddress, parseCidr } from '../trust/cidr.ts';

/**
 * An `aws:SourceIp` value as a canonical CIDR block for `sourceCidrs`: a bare address becomes a /32 or
 * /128, and host bits are cleared (IAM matches `203.0.113.7/24` as `203.0.113.0/24`; the trust file
 * refuses host bits as a likely typo). Undefined when the value is not an address or block.
 */
export function canonicalCidr(value: string): string | undefined {
  const text = value.trim();
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const family = ipFamily(address);
  if (family === 0) return undefined;
  const bits = family === 4 ? 32 : 128;
  const prefix = slash < 0 ? String(bits) : text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefix) || Number(prefix) > bits) return undefined;
  return `${networkAddress(address, family, Number(prefix))}/${prefix}`;
}

/** Whether the canonical block `inner` lies inside the canonical block `outer` (same family, no wider). */
function within(inner: string, outer: string): boolean {
  const i = parseCidr(inner);
  const o = parseCidr(outer);
  if (!i.ok || !o.ok || i.value.family !== o.value.family) return false;
  return i.value.prefixLength >= o.value.prefixLength && compileCidrs([o.value])(i.value.network) === true;
}

/**
 * The addresses two `aws:SourceIp` conditions both allow (IAM ANDs them), as canonical blocks. Two CIDR
 * blocks are either nested or apart, so the result is exact: the smaller of each nested pair. Empty when
 * no address passes both.
 *
 * @example intersectCidrs(['10.0.0.0/8', '192.0.2.0/24'], ['10.1.0.0/16']) // ['10.1.0.0/16']
 */
export function intersectCidrs(a: readonly string[], b: readonly string[]): string[] {
  const out = new Set<string>();
  for (const x of a) {
    for (const y of b) {
      if (within(x, y)) out.add(x);
      else if (within(y, x)) out.add(y);
    }
  }
  return [...out];
}
