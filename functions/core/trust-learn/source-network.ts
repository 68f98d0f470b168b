/*
 * The network a caller's address belongs to, for `trust learn`'s `sourceCidrs`: IPv4 addresses are
 * aggregated to their /24, IPv6 addresses to their /48 (a site's usual allocation). Parsing is strict, as
 * the rule's own is: a zero-padded octet (`06.237.252.245`) or a zone id is not an address, and such a call
 * would fire `source-ip-not-allowed` whatever ranges were listed.
 */

const OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

function ipv4Octets(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const octets = parts.map((p) => (OCTET.test(p) ? Number(p) : Number.NaN));
  return octets.every((o) => o <= 255) ? octets : undefined;
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail is two groups), or undefined. */
function ipv6Groups(text: string): number[] | undefined {
  if (!text.includes(':') || text.includes('%')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (const [i, p] of parts.entries()) {
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = ipv4Octets(p);
        if (v4 === undefined) return undefined;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (HEXTET.test(p)) out.push(Number.parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : undefined;
}

/**
 * `203.0.113.9` → `203.0.113.0/24`; `2001:db8:ac:10::c573` → `2001:db8:ac::/48`; an IPv4-mapped IPv6
 * address (`::ffff:203.0.113.9`) → its IPv4 /24. Undefined when the text is not an IP address.
 */
export function sourceNetworkOf(ip: string): string | undefined {
  const v4 = ipv4Octets(ip);
  if (v4 !== undefined) return `${v4[0]}.${v4[1]}.${v4[2]}.0/24`;
  const groups = ipv6Groups(ip);
  if (groups === undefined) return undefined;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const hi = groups[6] ?? 0;
    return `${hi >> 8}.${hi & 0xff}.${(groups[7] ?? 0) >> 8}.0/24`;
  }
  const [a = 0, b = 0, c = 0] = groups;
  const prefix = [a, b, c].map((g) => g.toString(16));
  // `2001:db8:ac::/48`; with trailing zero groups, the shortest form (`2001:db8::/48`, `::/48`).
  while (prefix.length > 0 && prefix.at(-1) === '0') prefix.pop();
  return `${prefix.join(':')}::/48`;
}
