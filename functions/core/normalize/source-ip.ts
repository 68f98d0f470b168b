import { ipFamily } from '../trust/cidr.ts';

/**
 * Classifies `sourceIPAddress`, which holds an IPv4/IPv6 address, an AWS service host name
 * (`ec2.amazonaws.com`, or its partition's form such as `ec2.amazonaws.com.cn`) or `AWS Internal`, and in anonymised exports sometimes a malformed address
 * such as `06.237.252.245` (a leading zero is not a valid dotted-quad octet for strict parsers).
 * Addresses are read by the same parser as the trust file's `sourceCidrs` (cidr.ts), so what is an
 * address here is an address there.
 */
export type SourceIpKind = 'ipv4' | 'ipv6' | 'service' | 'invalid';

/**
 * A service host name in any partition: the DNS suffixes of the SDK's partition table (`aws`, `aws-us-gov`:
 * amazonaws.com; `aws-cn`: amazonaws.com.cn; `aws-eusc`: amazonaws.eu; `aws-iso`: c2s.ic.gov; `aws-iso-b`:
 * sc2s.sgov.gov; `aws-iso-e`: cloud.adc-e.uk; `aws-iso-f`: csp.hci.ic.gov). CloudTrail writes the address,
 * so a caller cannot choose one of these names to pass as a service.
 */
const AWS_SERVICE_HOST =
  /^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)*\.(?:amazonaws\.com(?:\.cn)?|amazonaws\.eu|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/i;

export function classifySourceIp(s: string): SourceIpKind {
  if (s === 'AWS Internal') return 'service';
  const family = ipFamily(s);
  if (family === 4) return 'ipv4';
  if (family === 6) return 'ipv6';
  if (s.includes(':')) return 'invalid';
  return AWS_SERVICE_HOST.test(s) ? 'service' : 'invalid';
}
