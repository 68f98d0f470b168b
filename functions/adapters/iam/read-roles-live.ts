import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import type { IamRole } from '../../core/iam-roles/iam-role.ts';
import { describeError } from '../describe-error.ts';
import { listIamRoles } from './list-iam-roles.ts';

/** The session name rolewatch uses when it assumes a role to read IAM (visible in CloudTrail). */
export const LISTING_SESSION_NAME = 'rolewatch-trust-import';

export interface LiveRolesOptions {
  /** IAM is global; the region picks the partition and the STS endpoint. */
  readonly region: string;
  /** One role per account to assume and list from; none: list the caller's own account. */
  readonly roleArns: readonly string[];
  /** Client factories, for tests; by default the SDK clients, which read `AWS_ENDPOINT_URL_IAM` / `_STS`. */
  readonly createIam?: (config: IAMClientConfig) => IAMClient;
  readonly createSts?: (config: STSClientConfig) => STSClient;
}

export interface LiveRoles {
  readonly roles: IamRole[];
  /** What could not be read (an account whose role could not be assumed), one line each. */
  readonly errors: string[];
}

type Credentials = NonNullable<IAMClientConfig['credentials']>;

async function assume(sts: STSClient, roleArn: string): Promise<Credentials> {
  const out = await sts.send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: LISTING_SESSION_NAME }),
  );
  const c = out.Credentials;
  if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) {
    throw new Error('AssumeRole returned no credentials');
  }
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken === undefined ? {} : { sessionToken: c.SessionToken }),
    ...(c.Expiration === undefined ? {} : { expiration: c.Expiration }),
  };
}

/**
 * Lists the IAM roles of the caller's account, or of each account whose `roleArns` role the caller can
 * assume. No `endpoint` is passed, so the SDK's own `AWS_ENDPOINT_URL_IAM` / `AWS_ENDPOINT_URL_STS` /
 * `AWS_ENDPOINT_URL` settings apply. An account that fails is reported and the others are still read;
 * error texts come from the SDK and never carry the assumed credentials.
 */
export async function readRolesLive(options: LiveRolesOptions): Promise<LiveRoles> {
  const createIam = options.createIam ?? ((config) => new IAMClient(config));
  const createSts = options.createSts ?? ((config) => new STSClient(config));
  const region = options.region;
  if (options.roleArns.length === 0) {
    const iam = createIam({ region });
    try {
      return { roles: await listIamRoles(iam), errors: [] };
    } catch (e) {
      return { roles: [], errors: [`cannot list the roles: ${describeError(e, 'always')}`] };
    } finally {
      iam.destroy();
    }
  }
  const sts = createSts({ region });
  const roles: IamRole[] = [];
  const errors: string[] = [];
  try {
    for (const roleArn of options.roleArns) {
      let step = 'assume';
      try {
        const credentials = await assume(sts, roleArn);
        step = 'list the roles with';
        const iam = createIam({ region, credentials });
        try {
          roles.push(...(await listIamRoles(iam)));
        } finally {
          iam.destroy();
        }
      } catch (e) {
        errors.push(`cannot ${step} ${roleArn}: ${describeError(e, 'always')}`);
      }
    }
  } finally {
    sts.destroy();
  }
  return { roles, errors };
}
