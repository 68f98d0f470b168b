import { ipFamily, networkAddress } from '../trust/cidr.ts';

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
