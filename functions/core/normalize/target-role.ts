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
  /** Where an unusable `roleArn` on the request is noted (as `roleArn`). */
  readonly gaps: string[];
}

/**
 * Whether a requested `roleArn` names a role: `arn:PARTITION:iam::ACCOUNT:role/NAME`. The account part is
 * not checked (anonymised exports mangle it). Denied calls log whatever the caller sent, which may be a
 * bare role name (`ValidationError`) or a redaction such as `HIDDEN_DUE_TO_SECURITY_REASONS`.
 */
function isRoleArn(arn: string): boolean {
  // Read in place, without splitting: this runs for every AssumeRole-family record.
  if (!arn.startsWith('arn:')) return false;
  const p1 = arn.indexOf(':', 4);
  if (p1 <= 4 || !arn.startsWith(':iam:', p1)) return false;
  const p3 = arn.indexOf(':', p1 + 5); // after the region (empty for IAM)
  const p4 = p3 < 0 ? -1 : arn.indexOf(':', p3 + 1); // after the account
  return p4 >= 0 && arn.startsWith('role/', p4 + 1) && arn.length > p4 + 6;
}

/**
 * The role the call asked for, from the most direct evidence available: the request, then the issued
 * session's ARN, then `resources[]`, then (denied calls with a null request) the error message. A requested
 * `roleArn` that is not a role ARN is skipped and noted in `gaps`.
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
  const arn = requested === undefined ? undefined : cleanArn(requested);
  // A value that is not a role ARN is no target: the rest of the record may still name the role.
  if (arn !== undefined && !isRoleArn(arn)) input.gaps.push('roleArn');
  else if (arn !== undefined) {
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
