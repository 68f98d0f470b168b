import { ipFamily } from '../trust/cidr.ts';

/**
 * Classifies `sourceIPAddress`, which holds an IPv4/IPv6 address, an AWS service host name
 * (`ec2.amazonaws.com`) or `AWS Internal`, and in anonymised exports sometimes a malformed address
 * such as `06.237.252.245` (a leading zero is not a valid dotted-quad octet for strict parsers).
 * Addresses are read by the same parser as the trust file's `sourceCidrs` (cidr.ts), so what is an
 * address here is an address there.
 */
export type SourceIpKind = 'ipv4' | 'ipv6' | 'service' | 'invalid';

const AWS_SERVICE_HOST = /^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)*\.amazonaws\.com(?:\.cn)?$/i;

export function classifySourceIp(s: string): SourceIpKind {
  if (s === 'AWS Internal') return 'service';
  const family = ipFamily(s);
  if (family === 4) return 'ipv4';
  if (family === 6) return 'ipv6';
  if (s.includes(':')) return 'invalid';
  return AWS_SERVICE_HOST.test(s) ? 'service' : 'invalid';
}
