import { cleanArn, isAccountId, parseArn, partitionFor } from '../arn/parse-arn.ts';
import { parseAssumedRoleArn, roleNameOf } from '../arn/role-arn.ts';
import type { TargetRole } from '../model/credential-event.ts';
import { type JsonObject, objectOf, resourceArnOfType, stringAt, stringOf } from './record-fields.ts';
import { roleFromErrorMessage } from './role-from-error-message.ts';

const ROLE_RESOURCE_TYPE = 'AWS::IAM::Role';

type TargetSource = TargetRole['from'];

function toTarget(arn: string, from: TargetSource): TargetRole {
  const account = parseArn(arn)?.account;
  // One object shape for every target (absent fields are undefined), so that rules read them fast.
  return { arn, accountId: isAccountId(account) ? account : undefined, name: roleNameOf(arn), from };
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
      return {
        arn: `arn:${partition}:iam::${t}:root`,
        accountId: t,
        name: undefined,
        from: 'targetPrincipal',
      };
    }
    return parseArn(t) === undefined ? undefined : toTarget(t, 'targetPrincipal');
  }

  const requested = stringOf(request?.roleArn);
  if (requested !== undefined) {
    const arn = cleanArn(requested);
    // A role name is unique in its account regardless of case: when `resources[]` names the same role in
    // other letters, its spelling (the role's own) is the one trust entries are written in.
    const listed = resourceArnOfType(record.resources, ROLE_RESOURCE_TYPE);
    const canonical = listed === undefined ? undefined : cleanArn(listed);
    if (canonical !== undefined && canonical !== arn && canonical.toLowerCase() === arn.toLowerCase()) {
      return toTarget(canonical, 'resources');
    }
    return toTarget(arn, 'requestParameters');
  }

  const issued = stringOf(objectOf(response?.assumedRoleUser)?.arn);
  const assumed = issued === undefined ? undefined : parseAssumedRoleArn(cleanArn(issued));
  if (assumed !== undefined) return toTarget(assumed.roleArn, 'responseElements');

  const listed = resourceArnOfType(record.resources, ROLE_RESOURCE_TYPE);
  if (listed !== undefined) return toTarget(cleanArn(listed), 'resources');

  const message = stringOf(record.errorMessage);
  const denied = message === undefined ? undefined : roleFromErrorMessage(message);
  return denied === undefined ? undefined : toTarget(denied, 'errorMessage');
}
