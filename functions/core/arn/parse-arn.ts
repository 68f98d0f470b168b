/**
 * ARN parsing. An ARN is `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, where RESOURCE may itself hold
 * ':' and '/'. Nothing here is cached: splitting an ARN costs less than looking a fresh string up in a map
 * (a record's strings are new each time they are parsed from JSON).
 */

export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** The six colon-separated parts of an ARN, the last keeping any further colons. */
export type ArnSegments = readonly [
  prefix: string,
  partition: string,
  service: string,
  region: string,
  account: string,
  resource: string,
];

const WHITESPACE = /\s+/g;

/**
 * Cuts text into the six parts of an ARN without judging them (patterns use this: a part may be a
 * wildcard or empty). Undefined when there are fewer than six parts.
 */
export function splitArn(text: string): ArnSegments | undefined {
  const p0 = text.indexOf(':');
  if (p0 < 0) return undefined;
  const p1 = text.indexOf(':', p0 + 1);
  if (p1 < 0) return undefined;
  const p2 = text.indexOf(':', p1 + 1);
  if (p2 < 0) return undefined;
  const p3 = text.indexOf(':', p2 + 1);
  if (p3 < 0) return undefined;
  const p4 = text.indexOf(':', p3 + 1);
  if (p4 < 0) return undefined;
  return [
    text.slice(0, p0),
    text.slice(p0 + 1, p1),
    text.slice(p1 + 1, p2),
    text.slice(p2 + 1, p3),
    text.slice(p3 + 1, p4),
    text.slice(p4 + 1),
  ];
}

/**
 * The parts of an ARN: `arn:` followed by a non-empty partition and service and three more parts;
 * undefined when the text is not one.
 *
 * @example parseArn('arn:aws:iam::111122223333:role/Deploy')?.resource // 'role/Deploy'
 */
export function parseArn(arn: string): ArnParts | undefined {
  const s = splitArn(arn);
  if (s === undefined || s[0] !== 'arn' || s[1] === '' || s[2] === '') return undefined;
  return { partition: s[1], service: s[2], region: s[3], account: s[4], resource: s[5] };
}

/** Exactly 12 ASCII digits. */
export function isAccountId(s: string | undefined): s is string {
  if (s === undefined || s.length !== 12) return false;
  for (let i = 0; i < 12; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** ARNs never contain whitespace; some records (and AWS's own examples) do, e.g. `iam:: 1111…`. */
export const cleanArn = (s: string): string => {
  const t = s.trim();
  return t.includes(' ') || t.includes('\t') || t.includes('\n') ? t.replace(WHITESPACE, '') : t;
};

/**
 * Region prefixes of the partitions other than `aws`, as the SDK's partition table writes them
 * (`regionRegex`): `us-iso-` and `us-isob-` differ only after `iso`, so each prefix ends with its dash.
 */
const REGION_PARTITIONS: readonly (readonly [prefix: string, partition: string])[] = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['us-iso-', 'aws-iso'],
  ['us-isob-', 'aws-iso-b'],
  ['eu-isoe-', 'aws-iso-e'],
  ['us-isof-', 'aws-iso-f'],
  ['eusc-', 'aws-eusc'],
];

/** The partition of an ARN, or of the region the call was made in (`cn-*`, `us-gov-*`, …), else `aws`. */
export function partitionFor(arn: string | undefined, region: string | undefined): string {
  if (arn !== undefined) {
    const p = parseArn(arn);
    if (p !== undefined) return p.partition;
  }
  if (region !== undefined) {
    for (const [prefix, partition] of REGION_PARTITIONS) if (region.startsWith(prefix)) return partition;
  }
  return 'aws';
}

/** The last `/`-separated segment of an ARN's resource (`user/dev/alice` → `alice`). */
export function lastResourceSegment(arn: string): string | undefined {
  const p = parseArn(arn);
  if (p === undefined) return undefined;
  const slash = p.resource.lastIndexOf('/');
  const seg = slash < 0 ? p.resource : p.resource.slice(slash + 1);
  return seg === '' ? undefined : seg;
}
