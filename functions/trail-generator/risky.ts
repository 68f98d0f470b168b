import {
  emailOf,
  MINUTE_MS,
  mfaSerial,
  officeIp,
  oktaSession,
  VENDOR_EXTERNAL_ID,
  vendorIp,
  vendorUser,
  workloadCaller,
} from './background.ts';
import {
  ACCOUNTS,
  CLI_USER_AGENTS,
  GITHUB_PROVIDER_ARN,
  ROLES,
  roleArn,
  SDK_JS_USER_AGENT,
  WORKLOAD_ROLES,
  type WorkloadRole,
} from './org.ts';
import type { Prng } from './prng.ts';
import { iamUser, type PlacedRecord, roleSession, samlUser, webIdentityUser } from './records.ts';
import {
  assumeRole,
  assumeRoleWithSaml,
  assumeRoleWithWebIdentity,
  assumeRoot,
  getFederationToken,
} from './sts-calls.ts';

/** A deliberate risky call for the demo, aimed at one rule of CONTRACT §3 under example-org.yaml. */
export interface RiskyScenario {
  /** Stable name, used by tests and the README. */
  readonly id: string;
  /** The rule it is meant to trigger (others may fire too, e.g. `external-account` with `untrusted-principal`). */
  readonly rule: string;
  readonly description: string;
  readonly build: (rng: Prng, t: number) => PlacedRecord[];
}

const REGION = 'us-east-1';
const cli = (rng: Prng): string => rng.pick(CLI_USER_AGENTS);
const ordersApi = WORKLOAD_ROLES.find((w) => w.name === 'service-role/orders-api') as WorkloadRole;

/** The SAML sign-in that precedes a person's hop, so the demo trail tells a coherent story. */
function signIn(rng: Prng, person: string, t: number, ip: string, withSourceIdentity = true): PlacedRecord[] {
  const email = emailOf(person);
  return assumeRoleWithSaml(rng, {
    caller: samlUser(email, ip, 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/133.0'),
    roleArn: ROLES.oktaAdmin,
    sessionName: email,
    region: REGION,
    timeMs: t,
    durationSeconds: 43_200,
    ...(withSourceIdentity ? { sourceIdentity: email } : {}),
  });
}

/** A person signs in through Okta, then hops from OktaAdmin into `target`. */
function oktaHop(
  rng: Prng,
  t: number,
  person: string,
  target: string,
  opts: { mfa: boolean; sourceIdentity: boolean; ip?: string; durationSeconds?: number },
): PlacedRecord[] {
  const ip = opts.ip ?? officeIp(rng);
  const email = emailOf(person);
  const hopMs = t + 45_000;
  return [
    ...signIn(rng, person, t, ip, opts.sourceIdentity),
    ...assumeRole(rng, {
      caller: oktaSession(rng, person, t, ip, opts.sourceIdentity),
      roleArn: target,
      sessionName: email,
      region: REGION,
      timeMs: hopMs,
      durationSeconds: opts.durationSeconds ?? 3600,
      ...(opts.sourceIdentity ? { inheritedSourceIdentity: email } : {}),
      ...(opts.mfa ? { serialNumber: mfaSerial(ACCOUNTS.identity, person) } : {}),
    }),
  ];
}

export const RISKY_SCENARIOS: readonly RiskyScenario[] = [
  {
    id: 'prod-admin-untrusted-user',
    rule: 'untrusted-principal',
    description: 'an IAM user of the prod account (not in the trust list) assumes ProdAdmin',
    build: (rng, t) =>
      assumeRole(rng, {
        caller: iamUser(ACCOUNTS.prod, 'ops.contractor', officeIp(rng), cli(rng)),
        roleArn: ROLES.prodAdmin,
        sessionName: 'ops.contractor',
        region: REGION,
        timeMs: t,
        durationSeconds: 3600,
        serialNumber: mfaSerial(ACCOUNTS.prod, 'ops.contractor'),
        sourceIdentity: 'ops.contractor',
      }),
  },
  {
    id: 'outsider-assumes-read-only',
    rule: 'external-account',
    description: 'account 210987654321, outside the zone of trust, assumes ReadOnly',
    build: (rng, t) =>
      assumeRole(rng, {
        caller: iamUser(
          ACCOUNTS.outsider,
          'recon',
          '192.0.2.201',
          'aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.kali.2024',
        ),
        roleArn: ROLES.readOnly,
        sessionName: 'recon',
        region: REGION,
        timeMs: t,
        durationSeconds: 3600,
      }),
  },
  {
    id: 'prod-admin-12-hour-session',
    rule: 'session-too-long',
    description: 'breakglass asks ProdAdmin for a 12-hour session (the role allows 1 hour)',
    build: (rng, t) =>
      assumeRole(rng, {
        caller: iamUser(ACCOUNTS.identity, 'breakglass', officeIp(rng), cli(rng)),
        roleArn: ROLES.prodAdmin,
        sessionName: 'breakglass',
        region: REGION,
        timeMs: t,
        durationSeconds: 43_200,
        serialNumber: mfaSerial(ACCOUNTS.identity, 'breakglass'),
        sourceIdentity: 'breakglass',
      }),
  },
  {
    id: 'prod-admin-without-mfa',
    rule: 'mfa-missing',
    description: 'a person hops from OktaAdmin into ProdAdmin without MFA',
    build: (rng, t) => oktaHop(rng, t, 'ivan.petrov', ROLES.prodAdmin, { mfa: false, sourceIdentity: true }),
  },
  {
    id: 'vendor-without-external-id',
    rule: 'external-id-missing',
    description: 'the vendor assumes VendorMonitoring without the agreed ExternalId',
    build: (rng, t) =>
      assumeRole(rng, {
        caller: vendorUser(rng),
        roleArn: ROLES.vendorMonitoring,
        sessionName: 'acme-poll-manual',
        region: REGION,
        timeMs: t,
        durationSeconds: 3600,
      }),
  },
  {
    id: 'prod-admin-without-source-identity',
    rule: 'source-identity-missing',
    description: 'a person whose sign-in set no source identity hops into ProdAdmin',
    build: (rng, t) => oktaHop(rng, t, 'gustav.berg', ROLES.prodAdmin, { mfa: true, sourceIdentity: false }),
  },
  {
    id: 'okta-admin-odd-session-name',
    rule: 'session-name-mismatch',
    description: 'an OktaAdmin sign-in whose session name is not a lower-case acme.example address',
    build: (rng, t) =>
      assumeRoleWithSaml(rng, {
        caller: samlUser(
          'Farah.Haddad@ACME.example',
          officeIp(rng),
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
        ),
        roleArn: ROLES.oktaAdmin,
        sessionName: 'Farah.Haddad@ACME.example',
        region: REGION,
        timeMs: t,
        durationSeconds: 43_200,
        sourceIdentity: 'farah.haddad@acme.example',
      }),
  },
  {
    id: 'prod-admin-from-unknown-ip',
    rule: 'source-ip-not-allowed',
    description: 'a ProdAdmin hop from an address outside the office ranges',
    build: (rng, t) =>
      oktaHop(rng, t, 'hana.sato', ROLES.prodAdmin, { mfa: true, sourceIdentity: true, ip: '192.0.2.147' }),
  },
  {
    id: 'github-fork-pull-request',
    rule: 'oidc-subject-unexpected',
    description: 'GitHub Actions from a fork pull request assumes the github-actions role',
    build: (rng, t) =>
      assumeRoleWithWebIdentity(rng, {
        caller: webIdentityUser(
          GITHUB_PROVIDER_ARN,
          'repo:evil/fork:pull_request',
          '198.51.100.66',
          SDK_JS_USER_AGENT,
        ),
        providerArn: GITHUB_PROVIDER_ARN,
        subject: 'repo:evil/fork:pull_request',
        roleArn: ROLES.githubActions,
        sessionName: 'GitHubActions',
        region: REGION,
        timeMs: t,
        durationSeconds: 3600,
      }),
  },
  {
    id: 'vendor-chained-session',
    rule: 'role-chaining',
    description:
      'the vendor reaches VendorMonitoring from one of its own role sessions (chaining not allowed)',
    build: (rng, t) =>
      assumeRole(rng, {
        caller: roleSession(
          rng,
          ACCOUNTS.vendor,
          'collector',
          'collector-7c1e',
          { creationMs: t - 10 * MINUTE_MS },
          vendorIp(rng),
          SDK_JS_USER_AGENT,
        ),
        roleArn: ROLES.vendorMonitoring,
        sessionName: 'acme-poll-chained',
        region: REGION,
        timeMs: t,
        durationSeconds: 3600,
        externalId: VENDOR_EXTERNAL_ID,
      }),
  },
  {
    id: 'workload-chains-into-app-role',
    rule: 'role-chaining',
    description: 'the orders-api Lambda session assumes app-checkout (app-* roles do not allow chaining)',
    build: (rng, t) =>
      assumeRole(rng, {
        caller: workloadCaller(rng, ordersApi, t),
        roleArn: roleArn(ACCOUNTS.prod, 'app-checkout'),
        sessionName: 'orders-api',
        region: REGION,
        timeMs: t,
        durationSeconds: 900,
      }),
  },
  {
    id: 'denied-burst',
    rule: 'denied-burst',
    description: 'one IAM user is refused six times in three minutes while probing roles',
    build: (rng, t) => {
      const caller = iamUser(ACCOUNTS.identity, 'temp.contractor', '192.0.2.88', 'python-requests/2.32.3');
      const targets = [
        'OrganizationAccountAccessRole',
        'OktaAdmin',
        'Administrator',
        'admin',
        'Deploy',
        'root-access',
      ];
      return targets.flatMap((name, i) =>
        assumeRole(rng, {
          caller,
          roleArn: roleArn(ACCOUNTS.identity, name),
          sessionName: 'probe',
          region: REGION,
          timeMs: t + i * 30_000,
          denied: true,
        }),
      );
    },
  },
  {
    id: 'assume-root',
    rule: 'root-credentials',
    description: 'a privileged root session is opened on the prod account with AssumeRoot',
    build: (rng, t) =>
      assumeRoot(
        rng,
        oktaSession(rng, 'alice.nguyen', t - 5 * MINUTE_MS, officeIp(rng)),
        ACCOUNTS.prod,
        REGION,
        t,
      ),
  },
  {
    id: 'federation-token-by-user',
    rule: 'federation-token',
    description: 'an IAM user mints federated credentials with GetFederationToken',
    build: (rng, t) =>
      getFederationToken(
        rng,
        iamUser(ACCOUNTS.identity, 'legacy-sso-broker', officeIp(rng), cli(rng)),
        'bob',
        REGION,
        t,
        3600,
      ),
  },
  {
    id: 'unlisted-legacy-role',
    rule: 'unlisted-role',
    description:
      'a person hops into legacy-billing-export, which no trust entry lists (its suppression expired)',
    build: (rng, t) =>
      oktaHop(rng, t, 'dana.kowalski', roleArn(ACCOUNTS.prod, 'legacy-billing-export'), {
        mfa: false,
        sourceIdentity: true,
      }),
  },
  {
    id: 'suppressed-data-pipeline',
    rule: 'session-too-long',
    description: 'the etl user takes a 6-hour DataPipeline session, covered by a suppression',
    build: (rng, t) =>
      assumeRole(rng, {
        caller: iamUser(ACCOUNTS.prod, 'etl', '10.20.7.31', SDK_JS_USER_AGENT),
        roleArn: roleArn(ACCOUNTS.prod, 'DataPipeline'),
        sessionName: 'nightly-backfill',
        region: REGION,
        timeMs: t,
        durationSeconds: 21_600,
      }),
  },
];
