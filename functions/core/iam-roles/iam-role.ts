/** An IAM role as ListRoles, GetRole or GetAccountAuthorizationDetails describe it (the fields rolewatch reads). */
export interface IamRole {
  readonly arn: string;
  readonly roleName: string;
  /** `/`, `/service-role/`, `/aws-service-role/SERVICE/`, … */
  readonly path: string;
  readonly accountId: string;
  /** MaxSessionDuration; GetAccountAuthorizationDetails does not return it. */
  readonly maxSessionSeconds?: number;
  /** The AssumeRolePolicyDocument as given: URL-encoded text (the API), JSON text, or an object (the CLI). */
  readonly assumeRolePolicyDocument: unknown;
}

/** AWS service-linked roles live under `/aws-service-role/`; AWS writes their trust policies. */
export const isServiceLinkedRole = (role: Pick<IamRole, 'path'>): boolean =>
  role.path.startsWith('/aws-service-role/');
