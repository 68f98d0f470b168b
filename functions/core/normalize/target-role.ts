import type { TargetRole } from '../model/credential-event.ts';
import { cleanArn, isAccountId, parseArn, parseAssumedRoleArn, partitionFor, roleNameOf } from './arn.ts';
import { isObject, type JsonObject, objectAt, stringAt } from './record-fields.ts';
import { roleFromErrorMessage } from './role-from-error-message.ts';

const ROLE_RESOURCE_TYPE = 'AWS::IAM::Role';

function toTarget(arn: string, from: TargetRole['from']): TargetRole {
  const out: { -readonly [K in keyof TargetRole]: TargetRole[K] } = { arn, from };
  const account = parseArn(arn)?.account;
  if (isAccountId(account)) out.accountId = account;
  const name = roleNameOf(arn);
  if (name !== undefined) out.name = name;
  return out;
}

function roleFromResources(resources: unknown): string | undefined {
  if (!Array.isArray(resources)) return undefined;
  for (const r of resources) {
    if (!isObject(r) || r.type !== ROLE_RESOURCE_TYPE) continue;
    const arn = stringAt(r, 'ARN') ?? stringAt(r, 'arn');
    if (arn !== undefined) return arn;
  }
  return undefined;
}

export interface TargetRoleInput {
  readonly isAssumeRoot: boolean;
  readonly record: JsonObject;
  readonly request: JsonObject | undefined;
  readonly response: JsonObject | undefined;
  /** For the partition of an AssumeRoot target: the caller's ARN or the call's region. */
  readonly actorArn: string | undefined;
  readonly region: string | undefined;
}

/**
 * The role the call asked for, from the most direct evidence available: the request, then the issued
 * session's ARN, then `resources[]`, then (denied calls with a null request) the error message.
 * AssumeRoot targets an account's root user: `targetPrincipal` is an account id or a principal ARN.
 */
export function targetRole(input: TargetRoleInput): TargetRole | undefined {
  const { request, response, record } = input;
  if (input.isAssumeRoot) {
    const target = stringAt(request, 'targetPrincipal');
    if (target === undefined) return undefined;
    const t = cleanArn(target);
    if (isAccountId(t)) {
      const partition = partitionFor(input.actorArn, input.region);
      return { arn: `arn:${partition}:iam::${t}:root`, accountId: t, from: 'targetPrincipal' };
    }
    return parseArn(t) === undefined ? undefined : toTarget(t, 'targetPrincipal');
  }

  const requested = stringAt(request, 'roleArn');
  if (requested !== undefined) return toTarget(cleanArn(requested), 'requestParameters');

  const issued = stringAt(objectAt(response, 'assumedRoleUser'), 'arn');
  const assumed = issued === undefined ? undefined : parseAssumedRoleArn(cleanArn(issued));
  if (assumed !== undefined) return toTarget(assumed.roleArn, 'responseElements');

  const listed = roleFromResources(record.resources);
  if (listed !== undefined) return toTarget(cleanArn(listed), 'resources');

  const message = stringAt(record, 'errorMessage');
  const denied = message === undefined ? undefined : roleFromErrorMessage(message);
  return denied === undefined ? undefined : toTarget(denied, 'errorMessage');
}
