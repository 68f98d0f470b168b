import * as z from 'zod/mini';
import '../model/zod-setup.ts';
import { err, ok, type Result } from '../model/result.ts';
import type { IamRole } from './iam-role.ts';

const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::([0-9]{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

/** One role of a saved listing: the fields rolewatch reads, everything else tolerated. */
export const SavedRoleSchema = z.looseObject({
  Arn: z.string().check(z.regex(ROLE_ARN, 'not an IAM role ARN')),
  RoleName: z.string().check(z.minLength(1)),
  Path: z._default(z.string(), '/'),
  MaxSessionDuration: z.optional(z.number().check(z.int(), z.positive())),
  AssumeRolePolicyDocument: z.optional(z.union([z.string(), z.record(z.string(), z.unknown())])),
});

/** The saved outputs `trust import` and `trust diff` read, recognised by shape. */
const ListRolesSchema = z.looseObject({
  Roles: z.array(z.unknown()),
  IsTruncated: z.optional(z.boolean()),
  Marker: z.optional(z.string()),
  NextToken: z.optional(z.string()),
});
const AuthorizationDetailsSchema = z.looseObject({
  RoleDetailList: z.array(z.unknown()),
  IsTruncated: z.optional(z.boolean()),
  Marker: z.optional(z.string()),
  NextToken: z.optional(z.string()),
});
const GetRoleSchema = z.looseObject({ Role: z.unknown() });

export interface RoleListing {
  readonly roles: IamRole[];
  /** Problems that lose data without stopping the import: a truncated listing, an unreadable role. */
  readonly warnings: string[];
  /** `list-roles`, `get-account-authorization-details` or `get-role`. */
  readonly shape: string;
}

function toRole(raw: unknown, where: string, warnings: string[]): IamRole | undefined {
  const parsed = SavedRoleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    warnings.push(`${where}: not read: ${issue?.path.join('.') || 'role'}: ${issue?.message ?? 'invalid'}`);
    return undefined;
  }
  const r = parsed.data;
  const accountId = ROLE_ARN.exec(r.Arn)?.[1] ?? '';
  if (r.AssumeRolePolicyDocument === undefined) {
    warnings.push(`${where} (${r.Arn}): no AssumeRolePolicyDocument; not read`);
    return undefined;
  }
  return {
    arn: r.Arn,
    roleName: r.RoleName,
    path: r.Path,
    accountId,
    ...(r.MaxSessionDuration === undefined ? {} : { maxSessionSeconds: r.MaxSessionDuration }),
    assumeRolePolicyDocument: r.AssumeRolePolicyDocument,
  };
}

function truncation(
  data: { IsTruncated?: boolean | undefined; Marker?: string | undefined; NextToken?: string | undefined },
  file: string,
): string[] {
  if (data.IsTruncated === true || data.Marker !== undefined || data.NextToken !== undefined) {
    return [
      `${file}: the saved output is one page of a longer listing (IsTruncated/Marker/NextToken); roles on ` +
        'later pages are missing: save it again without --max-items',
    ];
  }
  return [];
}

/**
 * Reads a saved `aws iam list-roles`, `aws iam get-account-authorization-details` or `aws iam get-role`
 * output (JSON text). Fails when the text is not one of these; a role that cannot be read is a warning.
 */
export function parseRoleListing(text: string, file: string): Result<RoleListing, string> {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return err(`${file}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const warnings: string[] = [];
  const read = (list: readonly unknown[], key: string): IamRole[] =>
    list.flatMap((raw, i) => toRole(raw, `${file} ${key}[${i}]`, warnings) ?? []);
  const list = ListRolesSchema.safeParse(data);
  if (list.success) {
    warnings.push(...truncation(list.data, file));
    return ok({ roles: read(list.data.Roles, 'Roles'), warnings, shape: 'list-roles' });
  }
  const details = AuthorizationDetailsSchema.safeParse(data);
  if (details.success) {
    warnings.push(...truncation(details.data, file));
    const roles = read(details.data.RoleDetailList, 'RoleDetailList');
    if (roles.length > 0) {
      warnings.push(
        `${file}: get-account-authorization-details carries no MaxSessionDuration; maxSessionSeconds is ` +
          'left out (save `aws iam list-roles` instead to include it)',
      );
    }
    return ok({ roles, warnings, shape: 'get-account-authorization-details' });
  }
  const one = GetRoleSchema.safeParse(data);
  if (one.success) return ok({ roles: read([one.data.Role], 'Role'), warnings, shape: 'get-role' });
  return err(
    `${file}: not a saved IAM listing: expected the JSON output of \`aws iam list-roles\` ({"Roles": [...]}), ` +
      '`aws iam get-account-authorization-details` ({"RoleDetailList": [...]}) or `aws iam get-role`',
  );
}
