/**
 * Classifies `sourceIPAddress`, which holds an IPv4/IPv6 address, an AWS service host name
 * (`ec2.amazonaws.com`) or `AWS Internal`, and in anonymised exports sometimes a malformed address
 * such as `06.237.252.245` (a leading zero is not a valid dotted-quad octet for strict parsers).
 */
export type SourceIpKind = 'ipv4' | 'ipv6' | 'service' | 'invalid';

const AWS_SERVICE_HOST = /^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)*\.amazonaws\.com(?:\.cn)?$/i;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

const validOctet = (s: string | undefined): boolean =>
  s !== undefined && (s === '0' || !s.startsWith('0')) && Number(s) <= 255;

export function isIpv4(s: string): boolean {
  const m = IPV4.exec(s);
  return m !== null && validOctet(m[1]) && validOctet(m[2]) && validOctet(m[3]) && validOctet(m[4]);
}

function validGroups(part: string): number {
  if (part === '') return 0;
  const groups = part.split(':');
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] ?? '';
    if (i === groups.length - 1 && g.includes('.')) {
      if (!isIpv4(g)) return -1;
      count += 2;
    } else if (HEX_GROUP.test(g)) {
      count += 1;
    } else {
      return -1;
    }
  }
  return count;
}

export function isIpv6(s: string): boolean {
  if (s.length < 2 || s.length > 45) return false;
  const dbl = s.indexOf('::');
  if (dbl < 0) return validGroups(s) === 8;
  if (s.indexOf('::', dbl + 1) >= 0) return false;
  const head = s.slice(0, dbl);
  const tail = s.slice(dbl + 2);
  if (head.includes('.')) return false;
  const h = validGroups(head);
  const t = validGroups(tail);
  return h >= 0 && t >= 0 && h + t <= 7;
}

export function classifySourceIp(s: string): SourceIpKind {
  if (s === 'AWS Internal') return 'service';
  if (isIpv4(s)) return 'ipv4';
  if (s.includes(':')) return isIpv6(s) ? 'ipv6' : 'invalid';
  return AWS_SERVICE_HOST.test(s) ? 'service' : 'invalid';
}
