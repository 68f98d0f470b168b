import { parseArn } from './parse-arn.ts';

/** An IAM role ARN, `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`. */
export interface RoleArn {
  readonly partition: string;
  readonly account: string;
  /** `PATH/NAME` as written after `role/`. */
  readonly pathAndName: string;
  /** The last segment: role names are unique within an account whatever their path. */
  readonly roleName: string;
  readonly hasPath: boolean;
}

/** A role session ARN, `arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION`. */
export interface AssumedRoleArn {
  readonly partition: string;
  readonly account: string;
  /** `arn:P:iam::A:role/NAME`: the role's path is not in an assumed-role ARN, so it is unknown here. */
  readonly roleArn: string;
  readonly roleName: string;
  readonly sessionName?: string | undefined;
}

const ROLE = 'role/';
const ASSUMED_ROLE = 'assumed-role/';

/** The parts of an IAM role ARN; undefined for any other ARN or text. */
export function parseRoleArn(arn: string): RoleArn | undefined {
  const p = parseArn(arn);
  if (p === undefined || p.service !== 'iam' || !p.resource.startsWith(ROLE)) return undefined;
  const pathAndName = p.resource.slice(ROLE.length);
  if (pathAndName === '') return undefined;
  const slash = pathAndName.lastIndexOf('/');
  return {
    partition: p.partition,
    account: p.account,
    pathAndName,
    roleName: pathAndName.slice(slash + 1),
    hasPath: slash >= 0,
  };
}

/** `arn:P:iam::A:role/path/Name` → `path/Name`; undefined when not an IAM role ARN. */
export const roleNameOf = (arn: string): string | undefined => parseRoleArn(arn)?.pathAndName;

/**
 * The role a session ARN is a session of; undefined for any other ARN.
 *
 * @example parseAssumedRoleArn('arn:aws:sts::444455556666:assumed-role/Deploy/build-7')?.roleArn
 * // 'arn:aws:iam::444455556666:role/Deploy'
 */
export function parseAssumedRoleArn(arn: string): AssumedRoleArn | undefined {
  const p = parseArn(arn);
  if (p === undefined || p.service !== 'sts' || !p.resource.startsWith(ASSUMED_ROLE)) return undefined;
  const rest = p.resource.slice(ASSUMED_ROLE.length);
  const slash = rest.indexOf('/');
  const roleName = slash < 0 ? rest : rest.slice(0, slash);
  if (roleName === '') return undefined;
  const session = slash < 0 ? '' : rest.slice(slash + 1);
  return {
    partition: p.partition,
    account: p.account,
    roleArn: `arn:${p.partition}:iam::${p.account}:role/${roleName}`,
    roleName,
    sessionName: session === '' ? undefined : session,
  };
}
