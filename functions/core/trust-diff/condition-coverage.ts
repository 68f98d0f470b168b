import { compileWildcard } from '../arn/wildcard.ts';
import type { CidrBlock, RoleEntry } from '../model/trust-config.ts';
import { compileCidrs, parseCidr } from '../trust/cidr.ts';
import { compileSessionNamePattern } from '../trust/session-name-pattern.ts';
import { hasWildcard, iamValueExample } from '../trust-policy/iam-glob.ts';
import type { GrantConditions, TrustPrincipal } from '../trust-policy/trust-policy.ts';

/** A condition the entry requires that a statement does not enforce (or that cannot be compared). */
export interface ConditionGap {
  /** The trust-file key. */
  readonly condition: string;
  /** False when the gap could not be decided either way. */
  readonly widens: boolean;
  readonly expected: string;
  readonly actual: string;
}

/** The trust-file keys, and which IAM principals the rules judge them for. */
type Judged = (p: TrustPrincipal) => boolean;
const EVERYONE: Judged = () => true;
/** source-ip-not-allowed leaves AWS service callers out; AWS picks their addresses. */
const NOT_SERVICES: Judged = (p) => p.kind !== 'service';
/** oidcSubjects concern AssumeRoleWithWebIdentity only. */
const OIDC_ONLY: Judged = (p) => p.kind === 'oidc';

const REQUIREMENTS = [
  {
    key: 'requireMfa',
    iam: 'Bool aws:MultiFactorAuthPresent "true"',
    has: (c: GrantConditions) => c.requireMfa,
  },
  {
    key: 'requireExternalId',
    iam: 'StringEquals sts:ExternalId',
    has: (c: GrantConditions) => c.requireExternalId,
  },
  {
    key: 'requireSourceIdentity',
    iam: 'a sts:SourceIdentity condition',
    has: (c: GrantConditions) => c.requireSourceIdentity,
  },
] as const;

/** An inner block lies in an outer one of the same family when it is no wider and its network is inside. */
function blockContains(outer: CidrBlock, inner: CidrBlock): boolean {
  if (outer.family !== inner.family || inner.prefixLength < outer.prefixLength) return false;
  return compileCidrs([outer])(inner.network) === true;
}

/** Whether the CIDR block `raw` lies inside one of the entry's `sourceCidrs` (false when unreadable). */
export function cidrWithin(entry: readonly CidrBlock[], raw: string): boolean {
  const block = parseCidr(raw);
  return block.ok && entry.some((outer) => blockContains(outer, block.value));
}

function cidrGap(entry: readonly CidrBlock[], c: GrantConditions): ConditionGap | undefined {
  const expected = `aws:SourceIp within ${entry.map((b) => b.raw).join(', ')}`;
  if (c.sourceCidrs === undefined)
    return { condition: 'sourceCidrs', widens: true, expected, actual: 'no aws:SourceIp condition' };
  const outside = c.sourceCidrs.filter((raw) => !cidrWithin(entry, raw));
  if (outside.length === 0) return undefined;
  return {
    condition: 'sourceCidrs',
    widens: true,
    expected,
    actual: `aws:SourceIp also allows ${outside.join(', ')}`,
  };
}

/**
 * What `*` and `?` of an IAM session-name value are filled with to find a name IAM allows and the pattern
 * refuses: letters, digits, nothing at all (`deploy-*` allows `deploy-`), and the punctuation STS allows
 * in session names (`+=,.@_-`), which patterns such as `[A-Za-z0-9-]+` forget.
 */
const EXAMPLE_FILLS = [
  { star: 'a', one: 'a' },
  { star: 'Z9-x', one: '0' },
  { star: '', one: '@' },
  { star: 'a@b.c', one: '.' },
  { star: '+=,_', one: '_' },
];

/** What STS accepts as a role session name: 2 to 64 of `[\w+=,.@-]`. */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

function sessionNameGap(source: string, c: GrantConditions): ConditionGap | undefined {
  const expected = `session names matching ${source}`;
  const matches = compileSessionNamePattern(source);
  if (c.sessionNames === undefined) {
    return {
      condition: 'sessionNamePattern',
      widens: true,
      expected,
      actual: 'no sts:RoleSessionName condition',
    };
  }
  const { values, like } = c.sessionNames;
  // A concrete name IAM allows that the pattern refuses proves the gap.
  for (const v of values) {
    for (const fill of hasWildcard(v, like) ? EXAMPLE_FILLS : [EXAMPLE_FILLS[0] ?? { star: '', one: '' }]) {
      const example = iamValueExample(v, like, fill);
      if (SESSION_NAME.test(example) && !matches(example)) {
        return {
          condition: 'sessionNamePattern',
          widens: true,
          expected,
          actual: `IAM allows the session name "${example}"`,
        };
      }
    }
  }
  if (values.every((v) => !hasWildcard(v, like)) || c.sessionNamePattern === source) return undefined;
  return {
    condition: 'sessionNamePattern',
    widens: false,
    expected,
    actual: `IAM allows names matching ${values.map((v) => JSON.stringify(v)).join(', ')} (${like ? 'StringLike' : 'StringEquals'}); not every such name could be checked`,
  };
}

/**
 * Whether an `oidcSubjects` entry covers a subject (`*` is any run of characters, everything else
 * literal); a subject written with `*` is covered when the pattern matches its text, `*` included.
 */
export function subjectCovers(pattern: string, subject: string): boolean {
  return compileWildcard(pattern, { questionMark: false })(subject);
}

function subjectGap(entry: readonly string[], c: GrantConditions): ConditionGap | undefined {
  const expected = `token subjects within ${entry.join(', ')}`;
  if (c.oidcSubjects === undefined)
    return { condition: 'oidcSubjects', widens: true, expected, actual: 'no sub condition: any subject' };
  // A subject written with '*' is covered when an entry pattern matches its text, its '*' included.
  const outside = c.oidcSubjects.filter((s) => !entry.some((p) => subjectCovers(p, s)));
  if (outside.length === 0) return undefined;
  return {
    condition: 'oidcSubjects',
    widens: true,
    expected,
    actual: `IAM also allows ${outside.join(', ')}`,
  };
}

/**
 * What the entry requires that one statement does not enforce for the principal `p`. A requirement
 * counts for the principals its rule judges (no source networks for AWS services, subjects for OIDC).
 */
export function conditionGaps(entry: RoleEntry, c: GrantConditions, p: TrustPrincipal): ConditionGap[] {
  const gaps: ConditionGap[] = [];
  for (const r of REQUIREMENTS) {
    if (entry[r.key] && EVERYONE(p) && !r.has(c))
      gaps.push({ condition: r.key, widens: true, expected: r.iam, actual: 'no such condition' });
  }
  const cidr = entry.sourceCidrs !== undefined && NOT_SERVICES(p) ? cidrGap(entry.sourceCidrs, c) : undefined;
  const name =
    entry.sessionNamePattern === undefined ? undefined : sessionNameGap(entry.sessionNamePattern, c);
  const subject =
    entry.oidcSubjects !== undefined && OIDC_ONLY(p) ? subjectGap(entry.oidcSubjects, c) : undefined;
  for (const gap of [cidr, name, subject]) if (gap !== undefined) gaps.push(gap);
  return gaps;
}
