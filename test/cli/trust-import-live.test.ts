import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type IamQueryServer, type ServedRole, startIamQueryServer } from '../support/iam-query-server.ts';
import {
  AUTH_DETAILS_ENCODED,
  FIXTURE_EXTERNAL_ID,
  LIST_ROLES_ENCODED,
  rolewatch,
  tempJson,
  validDraft,
} from '../support/trust-cli.ts';

// The real @aws-sdk/client-iam and client-sts against a loopback IAM/STS speaking the query protocol,
// reached through the SDK's own AWS_ENDPOINT_URL_* settings, with dummy credentials in the environment.
const CALLER_KEY = 'AKIDLOOPBACKCALLER';
const PROD_SESSION_KEY = 'ASIALOOPBACKPROD';
const PROD_LISTER = 'arn:aws:iam::444455556666:role/rolewatch-lister';
const OWN_LISTER = 'arn:aws:iam::111122223333:role/rolewatch-lister';

/** The account-111122223333 roles as the IAM API returns them (documents URL-encoded). */
const callerRoles = (JSON.parse(readFileSync(LIST_ROLES_ENCODED, 'utf8')) as { Roles: ServedRole[] }).Roles;
const prodRoles = (
  JSON.parse(readFileSync(AUTH_DETAILS_ENCODED, 'utf8')) as { RoleDetailList: ServedRole[] }
).RoleDetailList.map((r): ServedRole => ({ ...r, MaxSessionDuration: 3600 }));

const body = (draft: string): string => draft.slice(draft.indexOf('\nversion: 1\n'));

describe('rolewatch trust import, live from IAM (loopback query-protocol server)', () => {
  let server: IamQueryServer;

  beforeAll(async () => {
    server = await startIamQueryServer({
      rolesByAccessKey: { [CALLER_KEY]: callerRoles, [PROD_SESSION_KEY]: prodRoles },
      assumable: { [PROD_LISTER]: PROD_SESSION_KEY, [OWN_LISTER]: CALLER_KEY },
      pageSize: 2,
      throttleFirst: 1,
    });
  });
  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => {
    server.requests.length = 0;
    vi.stubEnv('AWS_ENDPOINT_URL_IAM', server.url);
    vi.stubEnv('AWS_ENDPOINT_URL_STS', server.url);
    vi.stubEnv('AWS_ENDPOINT_URL', undefined);
    vi.stubEnv('AWS_ACCESS_KEY_ID', CALLER_KEY);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'loopback-caller-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_REGION', 'ap-southeast-2');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/aws-config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/aws-credentials');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("lists every page of the caller's roles, retrying a throttled request, and drafts what the saved listing gives", async () => {
    const live = await rolewatch('trust', 'import');
    const saved = await rolewatch('trust', 'import', '--from', LIST_ROLES_ENCODED);
    expect(live.code).toBe(0);
    expect(body(live.stdout)).toBe(body(saved.stdout));
    expect(live.stdout).toContain('# Trust-file draft from IAM ListRoles');
    validDraft(live.stdout);

    const listRoles = server.requests.filter((r) => r.action === 'ListRoles');
    const pages = Math.ceil(callerRoles.length / 2);
    expect(listRoles.map((r) => r.answer)).toEqual(['Throttling', ...Array(pages).fill('ok')]);
    // The SDK's own retry repeats the first request; each later page carries the previous page's Marker.
    expect(listRoles[0]?.params.Marker).toBeUndefined();
    expect(listRoles[1]?.params.Marker).toBeUndefined();
    expect(listRoles.slice(2).every((r) => r.params.Marker !== undefined)).toBe(true);
    expect(new Set(listRoles.map((r) => r.params.Marker)).size).toBe(pages);
    expect(listRoles.every((r) => r.params.Version === '2010-05-08' && r.accessKeyId === CALLER_KEY)).toBe(
      true,
    );
    expect(listRoles.every((r) => r.signingRegion === 'ap-southeast-2')).toBe(true);
    expect(live.stdout + live.stderr).not.toContain(FIXTURE_EXTERNAL_ID);
  });

  it('with --role-arn, assumes each role through STS and lists that account with the session credentials', async () => {
    const run = await rolewatch(
      'trust',
      'import',
      '--role-arn',
      PROD_LISTER,
      '--role-arn',
      OWN_LISTER,
      '--region',
      'eu-west-1',
    );
    expect(run.code).toBe(0);
    const config = validDraft(run.stdout);
    expect(config.accounts).toEqual(['111122223333', '444455556666']);
    expect(config.roles.length).toBe(
      [...callerRoles, ...prodRoles].length - 2, // OrgShared and NotPrincipalRole are comments
    );
    const assumed = server.requests.filter((r) => r.action === 'AssumeRole');
    expect(assumed.map((r) => [r.params.RoleArn, r.params.RoleSessionName, r.accessKeyId])).toEqual([
      [PROD_LISTER, 'rolewatch-trust-import', CALLER_KEY],
      [OWN_LISTER, 'rolewatch-trust-import', CALLER_KEY],
    ]);
    const keys = server.requests
      .filter((r) => r.action === 'ListRoles' && r.answer === 'ok')
      .map((r) => r.accessKeyId);
    expect(keys).toContain(PROD_SESSION_KEY);
    expect(server.requests.every((r) => r.signingRegion === 'eu-west-1')).toBe(true);
    expect(run.stdout + run.stderr).not.toMatch(/loopback-(secret|session)/);
  });

  it('reports an account whose role cannot be assumed, drafts the others, and exits 2', async () => {
    const refused = 'arn:aws:iam::444455556666:role/not-assumable';
    const run = await rolewatch('trust', 'import', '--role-arn', refused, '--role-arn', OWN_LISTER);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: cannot assume ${refused}: AccessDenied`);
    expect(validDraft(run.stdout).accounts).toEqual(['111122223333']);
  });

  it('honours the general AWS_ENDPOINT_URL too', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_IAM', undefined);
    vi.stubEnv('AWS_ENDPOINT_URL', server.url);
    const run = await rolewatch('trust', 'import');
    expect(run.code).toBe(0);
    expect(server.requests.filter((r) => r.action === 'ListRoles').length).toBeGreaterThan(1);
  });

  it('trust diff reads IAM the same way and finds what the saved listing shows', async () => {
    const config = tempJson(
      'rolewatch.yaml',
      (await rolewatch('trust', 'import', '--from', LIST_ROLES_ENCODED)).stdout,
    );
    const live = await rolewatch('trust', 'diff', '--config', config, '--format', 'json');
    const saved = await rolewatch(
      'trust',
      'diff',
      '--config',
      config,
      '--from',
      LIST_ROLES_ENCODED,
      '--format',
      'json',
    );
    expect(live.code).toBe(1);
    expect(JSON.parse(live.stdout)).toEqual(JSON.parse(saved.stdout));
  });
});
