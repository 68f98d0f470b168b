/**
 * Small, allocation-light ARN helpers. An ARN is `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`,
 * where RESOURCE may itself contain ':' and '/'.
 */

export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

import { boundedMemo } from './bounded-memo.ts';

const WHITESPACE = /\s+/g;

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

/** The parts of an ARN, or undefined when it is not one. Results are shared: do not modify them. */
export const parseArn: (arn: string) => ArnParts | undefined = boundedMemo(splitArnParts);

function splitArnParts(arn: string): ArnParts | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const p1 = arn.indexOf(':', 4);
  if (p1 < 0) return undefined;
  const p2 = arn.indexOf(':', p1 + 1);
  if (p2 < 0) return undefined;
  const p3 = arn.indexOf(':', p2 + 1);
  if (p3 < 0) return undefined;
  const p4 = arn.indexOf(':', p3 + 1);
  if (p4 < 0) return undefined;
  const partition = arn.slice(4, p1);
  const service = arn.slice(p1 + 1, p2);
  if (partition === '' || service === '') return undefined;
  return {
    partition,
    service,
    region: arn.slice(p2 + 1, p3),
    account: arn.slice(p3 + 1, p4),
    resource: arn.slice(p4 + 1),
  };
}

/** The partition of an ARN, or of the region the call was made in (`cn-*`, `us-gov-*`), else `aws`. */
export function partitionFor(arn: string | undefined, region: string | undefined): string {
  if (arn !== undefined) {
    const p = parseArn(arn);
    if (p !== undefined) return p.partition;
  }
  if (region !== undefined) {
    if (region.startsWith('cn-')) return 'aws-cn';
    if (region.startsWith('us-gov-')) return 'aws-us-gov';
    if (region.startsWith('us-iso-')) return 'aws-iso';
    if (region.startsWith('us-isob-')) return 'aws-iso-b';
  }
  return 'aws';
}

/** `arn:P:iam::A:role/path/Name` → `path/Name`; undefined when not an IAM role ARN. */
export function roleNameOf(arn: string): string | undefined {
  const p = parseArn(arn);
  if (p === undefined || p.service !== 'iam' || !p.resource.startsWith('role/')) return undefined;
  const name = p.resource.slice(5);
  return name === '' ? undefined : name;
}

export interface AssumedRoleArn {
  /** `arn:P:iam::A:role/NAME`: the role's path is not in an assumed-role ARN, so it is unknown here. */
  readonly roleArn: string;
  readonly roleName: string;
  readonly sessionName?: string | undefined;
  readonly account: string;
}

/** `arn:P:sts::A:assumed-role/NAME/SESSION` → the role it is a session of (a shared result). */
export const parseAssumedRoleArn: (arn: string) => AssumedRoleArn | undefined = boundedMemo(assumedRoleOf);

function assumedRoleOf(arn: string): AssumedRoleArn | undefined {
  const p = parseArn(arn);
  if (p === undefined || p.service !== 'sts' || !p.resource.startsWith('assumed-role/')) return undefined;
  const rest = p.resource.slice('assumed-role/'.length);
  const slash = rest.indexOf('/');
  const roleName = slash < 0 ? rest : rest.slice(0, slash);
  if (roleName === '') return undefined;
  const session = slash < 0 ? '' : rest.slice(slash + 1);
  return {
    roleArn: `arn:${p.partition}:iam::${p.account}:role/${roleName}`,
    roleName,
    sessionName: session === '' ? undefined : session,
    account: p.account,
  };
}

/** The last `/`-separated segment of an ARN's resource (`user/dev/alice` → `alice`). */
export function lastResourceSegment(arn: string): string | undefined {
  const p = parseArn(arn);
  if (p === undefined) return undefined;
  const slash = p.resource.lastIndexOf('/');
  const seg = slash < 0 ? p.resource : p.resource.slice(slash + 1);
  return seg === '' ? undefined : seg;
}
