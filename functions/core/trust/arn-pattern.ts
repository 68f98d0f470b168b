import { splitArn } from '../arn/parse-arn.ts';
import { MAX_PATTERN_CHARS } from '../arn/wildcard.ts';
import { quoted } from './quote-value.ts';

/** The parts of an IAM/STS ARN pattern, already split. */
export interface ArnPatternParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** What an ARN pattern may name in a given place of the trust file. */
export interface ArnPatternRules {
  /** Allowed services, e.g. `['iam']` or `['iam', 'sts']`. */
  readonly services: readonly string[];
  /** Allowed resource types (`role`, `user`, ...), `root` for `:root`, `*` for a bare `*` resource. */
  readonly resourceTypes: readonly string[];
}

const PARTITION = /^(aws(-[a-z]+)*|[a-z*?-]*[*?][a-z*?-]*)$/;
const ACCOUNT_PATTERN = /^[0-9*?]{1,12}$/;
const ACCOUNT_ID = /^[0-9]{12}$/;

/**
 * Checks an ARN pattern against the shape IAM gives principals and roles: `arn:PARTITION:SERVICE::ACCOUNT:TYPE/…`
 * (IAM and STS ARNs carry no region). Returns the parts, or a message saying what is wrong.
 */
export function checkArnPattern(
  raw: string,
  rules: ArnPatternRules,
): { ok: true; parts: ArnPatternParts } | { ok: false; message: string } {
  if (raw.length > MAX_PATTERN_CHARS) {
    return {
      ok: false,
      message: `an ARN pattern of ${raw.length} characters; at most ${MAX_PATTERN_CHARS} are allowed`,
    };
  }
  const parts = splitArn(raw);
  if (parts === undefined || parts[0] !== 'arn') {
    return { ok: false, message: `${quoted(raw)} is not an ARN (arn:PARTITION:SERVICE::ACCOUNT:RESOURCE)` };
  }
  const [, partition = '', service = '', region = '', account = '', resource = ''] = parts;
  if (!PARTITION.test(partition)) {
    return {
      ok: false,
      message: `${quoted(partition)} is not an AWS partition (aws, aws-cn, aws-us-gov, ...)`,
    };
  }
  if (!rules.services.includes(service)) {
    return {
      ok: false,
      message: `service ${quoted(service)} is not allowed here (${rules.services.join(' or ')})`,
    };
  }
  if (region !== '') {
    return { ok: false, message: `${service} ARNs have no region, found ${quoted(region)}` };
  }
  const hasWildcard = /[*?]/.test(account);
  if (!ACCOUNT_PATTERN.test(account) || (!hasWildcard && !ACCOUNT_ID.test(account))) {
    return { ok: false, message: `account ${quoted(account)} is not a 12-digit account id` };
  }
  const type = resource === 'root' || resource === '*' ? resource : resource.split('/')[0];
  const hasName = resource.includes('/') && resource.slice(resource.indexOf('/') + 1) !== '';
  const typeOk = type !== undefined && rules.resourceTypes.includes(type);
  if (!typeOk || (type !== 'root' && type !== '*' && !hasName)) {
    const expected = rules.resourceTypes.map((t) => (t === 'root' || t === '*' ? t : `${t}/NAME`));
    return { ok: false, message: `resource ${quoted(resource)} should be ${expected.join(', ')}` };
  }
  // IAM names never end with '/' (a path does): such a pattern matches no ARN, so an entry, principal or
  // suppression written with it would silently never apply.
  if (type !== 'root' && type !== '*' && resource.endsWith('/')) {
    return {
      ok: false,
      message:
        `resource ${quoted(resource)} ends with '/', so it names no ${type} (a path is not a name); ` +
        `write ${quoted(`${resource}*`)} for every ${type} under that path`,
    };
  }
  return { ok: true, parts: { partition, service, region, account, resource } };
}

/** A role in `roles[].arn` (AssumeRoot targets the account root, so `:root` may be listed too). */
export const ROLE_ARN_RULES: ArnPatternRules = { services: ['iam'], resourceTypes: ['role', 'root'] };
/** A suppression's `role`: a role, the root, or `*` for any resource. */
export const SUPPRESSION_ROLE_RULES: ArnPatternRules = {
  services: ['iam'],
  resourceTypes: ['role', 'root', '*'],
};
/** A suppression's `actor`: any IAM or STS principal. */
export const ACTOR_ARN_RULES: ArnPatternRules = {
  services: ['iam', 'sts'],
  resourceTypes: ['user', 'role', 'root', 'assumed-role', 'federated-user', '*'],
};
