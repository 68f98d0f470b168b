import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { describeError } from '../../adapters/describe-error.ts';
import type { IamRole } from '../../core/iam-roles/iam-role.ts';
import { parseRoleListing } from '../../core/iam-roles/parse-role-listing.ts';

/** Where `trust import` and `trust diff` read roles: saved listings (`--from`) or IAM itself. */
export interface IamRolesRequest {
  readonly from: readonly string[];
  readonly region?: string | undefined;
  readonly roleArns: readonly string[];
}

export interface IamRolesRead {
  readonly roles: IamRole[];
  /** Data lost without failing the read (a truncated listing, a role without a policy). */
  readonly warnings: string[];
  /** The same, naming files without their folders, for the draft's header (same file, same draft). */
  readonly headerNotes: string[];
  /** Inputs that could not be read at all (a missing file, an account whose role could not be assumed). */
  readonly errors: string[];
  /** For the draft's header: what the roles came from, without paths or times (output stays reproducible). */
  readonly source: string;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** IAM is global: without a region setting, use us-east-1 (the `aws` partition's IAM endpoint region). */
export function resolveRegion(flag: string | undefined, env: Environment): string {
  return flag ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

/**
 * The same role from two listings (say `list-roles` and `get-account-authorization-details` of one
 * account): the first is kept, with a MaxSessionDuration that only the other one carries.
 */
function mergeRoles(roles: readonly IamRole[]): IamRole[] {
  const byArn = new Map<string, IamRole>();
  for (const role of roles) {
    const seen = byArn.get(role.arn);
    if (seen === undefined) byArn.set(role.arn, role);
    else if (seen.maxSessionSeconds === undefined && role.maxSessionSeconds !== undefined) {
      byArn.set(role.arn, { ...seen, maxSessionSeconds: role.maxSessionSeconds });
    }
  }
  return [...byArn.values()];
}

async function readSaved(files: readonly string[]): Promise<IamRolesRead> {
  const roles: IamRole[] = [];
  const warnings: string[] = [];
  const headerNotes: string[] = [];
  const errors: string[] = [];
  const shapes = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      errors.push(`${file}: cannot read: ${describeError(e, 'always')}`);
      continue;
    }
    const listing = parseRoleListing(text, file);
    if (!listing.ok) {
      errors.push(listing.error);
      continue;
    }
    shapes.add(listing.value.shape);
    roles.push(...listing.value.roles);
    warnings.push(...listing.value.warnings);
    headerNotes.push(
      ...listing.value.warnings.map((w) => (w.startsWith(file) ? basename(file) + w.slice(file.length) : w)),
    );
  }
  const source = `saved IAM output (${[...shapes].sort().join(', ') || 'nothing readable'})`;
  return { roles: mergeRoles(roles), warnings, headerNotes, errors, source };
}

/** Reads the roles from the saved files, or from IAM (the SDK is loaded only then). */
export async function readIamRoles(request: IamRolesRequest, env: Environment): Promise<IamRolesRead> {
  if (request.from.length > 0) return readSaved(request.from);
  const { readRolesLive } = await import('../../adapters/iam/read-roles-live.ts');
  const live = await readRolesLive({
    region: resolveRegion(request.region, env),
    roleArns: request.roleArns,
  });
  const accounts =
    request.roleArns.length === 0
      ? "the caller's account"
      : `${request.roleArns.length} account(s) via --role-arn`;
  return {
    roles: mergeRoles(live.roles),
    warnings: [],
    headerNotes: [],
    errors: live.errors,
    source: `IAM ListRoles (${accounts})`,
  };
}
