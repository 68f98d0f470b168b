import {
  ACCOUNTS,
  CI_V4_PREFIX,
  CLI_USER_AGENTS,
  EMAIL_DOMAIN,
  GITHUB_PROVIDER_ARN,
  GITHUB_SUBJECTS,
  OFFICE_V4_PREFIX,
  OFFICE_V6_PREFIX,
  PEOPLE,
  ROLES,
  roleArn,
  SDK_JS_USER_AGENT,
  VENDOR_V4_PREFIX,
  WORKLOAD_ROLES,
  type WorkloadRole,
} from './org.ts';
import { otherCall, REALISTIC_CALL_WEIGHTS } from './other-calls.ts';
import type { Prng } from './prng.ts';
import {
  awsService,
  type Caller,
  iamUser,
  type PlacedRecord,
  roleSession,
  samlUser,
  webIdentityUser,
} from './records.ts';
import {
  assumeRole,
  assumeRoleWithSaml,
  assumeRoleWithWebIdentity,
  getCallerIdentity,
  getSessionToken,
  serviceAssumeRole,
} from './sts-calls.ts';

/**
 * Relative frequency of each kind of everyday activity. One activity can write several records
 * (a sign-in followed by a hop to another account writes three), so record shares differ slightly.
 */
export const ACTIVITY_WEIGHTS = {
  'non-sts': 50,
  'caller-identity': 3,
  'service-session': 34,
  'human-sign-in': 3,
  'ci-pipeline': 2.5,
  vendor: 1,
  breakglass: 0.1,
  'session-token': 0.5,
  denied: 0.3,
} as const;
export type ActivityKind = keyof typeof ACTIVITY_WEIGHTS;

export const MINUTE_MS = 60_000;

export const officeIp = (rng: Prng): string =>
  rng.chance(0.15)
    ? `${OFFICE_V6_PREFIX}${rng.bytes(2).toString('hex')}`
    : `${OFFICE_V4_PREFIX}${rng.int(10, 250)}`;
export const ciIp = (rng: Prng): string => `${CI_V4_PREFIX}${rng.int(2, 250)}`;
export const vendorIp = (rng: Prng): string => `${VENDOR_V4_PREFIX}${rng.int(10, 60)}`;
const vpcIp = (rng: Prng): string => `10.20.${rng.int(0, 63)}.${rng.int(1, 254)}`;

export const emailOf = (person: string): string => `${person}@${EMAIL_DOMAIN}`;
export const mfaSerial = (account: string, name: string): string => `arn:aws:iam::${account}:mfa/${name}`;

function pickWorkload(rng: Prng): WorkloadRole {
  let total = 0;
  for (const w of WORKLOAD_ROLES) total += w.weight;
  let r = rng.next() * total;
  for (const w of WORKLOAD_ROLES) {
    r -= w.weight;
    if (r < 0) return w;
  }
  return WORKLOAD_ROLES[0] as WorkloadRole;
}

const bare = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/** The session name AWS gives a workload: the function, the instance id or the task id. */
function workloadSessionName(rng: Prng, w: WorkloadRole): string {
  if (w.service === 'ec2.amazonaws.com') return `i-0${rng.bytes(8).toString('hex').slice(0, 16)}`;
  if (w.service === 'ecs-tasks.amazonaws.com') return rng.bytes(16).toString('hex');
  return bare(w.name);
}

/** A workload's own session (the caller of its everyday API calls). */
export function workloadCaller(rng: Prng, w: WorkloadRole, timeMs: number): Caller {
  return roleSession(
    rng,
    w.account,
    w.name,
    workloadSessionName(rng, w),
    { creationMs: timeMs - rng.int(1, 50) * MINUTE_MS },
    vpcIp(rng),
    SDK_JS_USER_AGENT,
  );
}

/** A person's OktaAdmin session after SAML sign-in. */
export function oktaSession(
  rng: Prng,
  person: string,
  creationMs: number,
  sourceIp: string,
  withSourceIdentity = true,
): Caller {
  const email = emailOf(person);
  return roleSession(
    rng,
    ACCOUNTS.identity,
    'OktaAdmin',
    email,
    withSourceIdentity ? { creationMs, sourceIdentity: email } : { creationMs },
    sourceIp,
    rng.pick(CLI_USER_AGENTS),
  );
}

export function githubSession(rng: Prng, creationMs: number): Caller {
  return roleSession(
    rng,
    ACCOUNTS.tooling,
    'github-actions',
    'GitHubActions',
    { creationMs, webIdentityProvider: GITHUB_PROVIDER_ARN },
    ciIp(rng),
    SDK_JS_USER_AGENT,
  );
}

export const VENDOR_EXTERNAL_ID = 'acme-3f9c2a71-monitoring';
export const vendorUser = (rng: Prng): Caller =>
  iamUser(
    ACCOUNTS.vendor,
    'monitoring-collector',
    vendorIp(rng),
    'Boto3/1.35.71 md/Botocore#1.35.71 ua/2.0 os/linux#5.10',
  );

function nonSts(rng: Prng, t: number, realistic = false): PlacedRecord[] {
  const kind = realistic
    ? rng.weighted(REALISTIC_CALL_WEIGHTS)
    : rng.weighted({
        's3-get-object': 4,
        'kms-decrypt': 3,
        'ssm-get-parameter': 2,
        'ec2-describe-instances': 1,
      });
  const w = pickWorkload(rng);
  const caller =
    kind === 'ec2-describe-instances' && rng.chance(0.5)
      ? roleSession(
          rng,
          ACCOUNTS.prod,
          'ReadOnly',
          emailOf(rng.pick(PEOPLE)),
          { creationMs: t - 20 * MINUTE_MS, sourceIdentity: emailOf(rng.pick(PEOPLE)) },
          officeIp(rng),
          rng.pick(CLI_USER_AGENTS),
        )
      : workloadCaller(rng, w, t);
  return otherCall(rng, kind, caller, rng.pick(w.regions), t);
}

function serviceSession(rng: Prng, t: number): PlacedRecord[] {
  const w = pickWorkload(rng);
  const grantedSeconds = w.service === 'ec2.amazonaws.com' ? 21_600 : 3600;
  return serviceAssumeRole(
    rng,
    awsService(w.service),
    roleArn(w.account, w.name),
    workloadSessionName(rng, w),
    rng.pick(w.regions),
    t,
    grantedSeconds,
    w.service !== 'ec2.amazonaws.com',
  );
}

function humanSignIn(rng: Prng, t: number): PlacedRecord[] {
  const person = rng.pick(PEOPLE);
  const email = emailOf(person);
  const ip = officeIp(rng);
  const out = assumeRoleWithSaml(rng, {
    caller: samlUser(email, ip, 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15'),
    roleArn: ROLES.oktaAdmin,
    sessionName: email,
    region: 'us-east-1',
    timeMs: t,
    durationSeconds: 43_200,
    sourceIdentity: email,
  });
  const hop = rng.weighted({ prod: 45, readOnly: 35, none: 20 });
  if (hop === 'none') return out;
  const hopMs = t + rng.int(20, 300) * 1000;
  const session = oktaSession(rng, person, t, ip);
  const target = hop === 'prod' ? ROLES.prodAdmin : ROLES.readOnly;
  out.push(
    ...assumeRole(rng, {
      caller: session,
      roleArn: target,
      sessionName: email,
      region: 'us-east-1',
      timeMs: hopMs,
      durationSeconds: 3600,
      inheritedSourceIdentity: email,
      ...(hop === 'prod' ? { serialNumber: mfaSerial(ACCOUNTS.identity, person) } : {}),
    }),
  );
  if (rng.chance(0.5)) {
    const inProd = roleSession(
      rng,
      ACCOUNTS.prod,
      hop === 'prod' ? 'ProdAdmin' : 'ReadOnly',
      email,
      { creationMs: hopMs, sourceIdentity: email, mfaAuthenticated: hop === 'prod' },
      ip,
      session.userAgent,
    );
    out.push(...otherCall(rng, 'ec2-describe-instances', inProd, 'us-east-1', hopMs + rng.int(5, 90) * 1000));
  }
  return out;
}

function ciPipeline(rng: Prng, t: number): PlacedRecord[] {
  const subject = rng.pick(GITHUB_SUBJECTS);
  const out = assumeRoleWithWebIdentity(rng, {
    caller: webIdentityUser(GITHUB_PROVIDER_ARN, subject, ciIp(rng), SDK_JS_USER_AGENT),
    providerArn: GITHUB_PROVIDER_ARN,
    subject,
    roleArn: ROLES.githubActions,
    sessionName: 'GitHubActions',
    region: 'us-east-1',
    timeMs: t,
    durationSeconds: 3600,
  });
  if (rng.chance(0.65)) {
    out.push(
      ...assumeRole(rng, {
        caller: githubSession(rng, t),
        roleArn: ROLES.deploy,
        sessionName: `deploy-${rng.int(10_000_000, 99_999_999)}`,
        region: 'us-east-1',
        timeMs: t + rng.int(10, 120) * 1000,
        durationSeconds: 3600,
      }),
    );
  }
  return out;
}

function vendor(rng: Prng, t: number): PlacedRecord[] {
  return assumeRole(rng, {
    caller: vendorUser(rng),
    roleArn: ROLES.vendorMonitoring,
    sessionName: `acme-poll-${rng.int(100_000, 999_999)}`,
    region: 'us-east-1',
    timeMs: t,
    durationSeconds: 3600,
    externalId: VENDOR_EXTERNAL_ID,
  });
}

function breakglass(rng: Prng, t: number): PlacedRecord[] {
  return assumeRole(rng, {
    caller: iamUser(ACCOUNTS.identity, 'breakglass', officeIp(rng), rng.pick(CLI_USER_AGENTS)),
    roleArn: ROLES.prodAdmin,
    sessionName: 'breakglass',
    region: 'us-east-1',
    timeMs: t,
    durationSeconds: 3600,
    serialNumber: mfaSerial(ACCOUNTS.identity, 'breakglass'),
    sourceIdentity: 'breakglass',
  });
}

function sessionToken(rng: Prng, t: number): PlacedRecord[] {
  const [account, user] = rng.pick([
    [ACCOUNTS.identity, 'billing-reports'],
    [ACCOUNTS.tooling, 'terraform-legacy'],
  ] as const);
  return getSessionToken(
    rng,
    iamUser(account, user, officeIp(rng), rng.pick(CLI_USER_AGENTS)),
    'us-east-1',
    t,
    3600,
  );
}

function callerIdentity(rng: Prng, t: number): PlacedRecord[] {
  const w = pickWorkload(rng);
  return getCallerIdentity(rng, workloadCaller(rng, w, t), rng.pick(w.regions), t);
}

/** Rare, isolated refusals: never enough from one actor to look like a burst. */
function denied(rng: Prng, t: number): PlacedRecord[] {
  if (rng.chance(0.5)) {
    return assumeRole(rng, {
      caller: iamUser(ACCOUNTS.identity, 'billing-reports', officeIp(rng), rng.pick(CLI_USER_AGENTS)),
      roleArn: roleArn(ACCOUNTS.identity, 'OrganizationAccountAccessRole'),
      sessionName: 'billing-reports',
      region: 'us-east-1',
      timeMs: t,
      denied: true,
    });
  }
  const runner = WORKLOAD_ROLES.find((w) => w.name === 'app-runner-fleet') as WorkloadRole;
  return assumeRole(rng, {
    caller: workloadCaller(rng, runner, t),
    roleArn: roleArn(ACCOUNTS.tooling, 'terraform-state-admin'),
    sessionName: 'terraform',
    region: 'us-east-1',
    timeMs: t,
    denied: true,
  });
}

const ACTIVITIES: Record<ActivityKind, (rng: Prng, t: number) => PlacedRecord[]> = {
  'non-sts': nonSts,
  'caller-identity': callerIdentity,
  'service-session': serviceSession,
  'human-sign-in': humanSignIn,
  'ci-pipeline': ciPipeline,
  vendor,
  breakglass,
  'session-token': sessionToken,
  denied,
};

/** One everyday activity starting at `t`, as the records it writes (time-ordered). */
export function backgroundActivity(rng: Prng, t: number): PlacedRecord[] {
  return ACTIVITIES[rng.weighted(ACTIVITY_WEIGHTS)](rng, t);
}

/** A single non-STS record: used to land exactly on the requested record count. */
export const singleRecordActivity = (rng: Prng, t: number, realistic = false): PlacedRecord[] =>
  nonSts(rng, t, realistic);

/** The activities that issue credentials (each writes at least one STS credential record). */
const CREDENTIAL_WEIGHTS: Readonly<Partial<Record<ActivityKind, number>>> = Object.fromEntries(
  Object.entries(ACTIVITY_WEIGHTS).filter(([k]) => k !== 'non-sts' && k !== 'caller-identity'),
);

/** One activity that issues credentials, weighted as in {@link ACTIVITY_WEIGHTS}. */
export function credentialActivity(rng: Prng, t: number): PlacedRecord[] {
  return ACTIVITIES[rng.weighted(CREDENTIAL_WEIGHTS as Record<ActivityKind, number>)](rng, t);
}

/**
 * Everyday traffic that issues no credentials, from the wider mix of {@link REALISTIC_CALL_WEIGHTS}
 * (with a share of STS GetCallerIdentity, which is STS but no credential call).
 */
export function otherActivity(rng: Prng, t: number): PlacedRecord[] {
  return rng.chance(0.04) ? callerIdentity(rng, t) : nonSts(rng, t, true);
}
