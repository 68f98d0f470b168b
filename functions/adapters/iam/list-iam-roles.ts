import { type IAMClient, paginateListRoles, type Role } from '@aws-sdk/client-iam';
import type { IamRole } from '../../core/iam-roles/iam-role.ts';

const ROLE_ACCOUNT = /^arn:[^:]*:iam::([0-9]{12}):role\//;

/** An IAM API role as rolewatch reads it; its trust policy stays URL-encoded, as IAM returns it. */
export function toIamRole(role: Role): IamRole | undefined {
  const accountId = ROLE_ACCOUNT.exec(role.Arn ?? '')?.[1];
  if (role.Arn === undefined || accountId === undefined || role.RoleName === undefined) return undefined;
  return {
    arn: role.Arn,
    roleName: role.RoleName,
    path: role.Path ?? '/',
    accountId,
    ...(role.MaxSessionDuration === undefined ? {} : { maxSessionSeconds: role.MaxSessionDuration }),
    assumeRolePolicyDocument: role.AssumeRolePolicyDocument,
  };
}

/**
 * Every role of the account the client's credentials belong to: ListRoles, page by page (`Marker` /
 * `IsTruncated`), 1000 roles a page. Throttling is retried by the client (standard retry mode).
 */
export async function listIamRoles(client: IAMClient): Promise<IamRole[]> {
  const roles: IamRole[] = [];
  for await (const page of paginateListRoles({ client, pageSize: 1000 }, {})) {
    for (const role of page.Roles ?? []) {
      const r = toIamRole(role);
      if (r !== undefined) roles.push(r);
    }
  }
  return roles;
}
