import type { Finding } from '../../functions/core/model/finding.ts';
import type { Severity } from '../../functions/core/model/severity.ts';

// STS session tokens start with this prefix; test tokens are assembled at run time so that no
// credential-shaped literal is committed (secret scanners rightly flag those).
const STS_TOKEN_PREFIX = 'IQoJb3JpZ2lu';

/**
 * The AssumeRole record of Stratus Red Team's `aws.discovery.ec2-download-user-data` detonation log
 * (DataDog/stratus-red-team, Apache-2.0; copied in /work/shared/corpus), with a fake session token
 * of the real token's shape in place of the published one, and with the attacker-controlled fields
 * (session name, user agent) replaced by hostile values.
 */
export const PUBLISHED_SESSION_TOKEN = [
  `${STS_TOKEN_PREFIX}X2VjEXAMPLEsinkTestTokenNotARealCredential0123456789abcdefABCDEFGHIJ`,
  'DFnMU4kXsp422uImBq/EJapr8M+mHdV1DiEhKqsCCGUQARoMNzUxMzUzMDQxMzEwIgyczM9FaW3yVZowQgYqiAJOiTvzjven',
  'lc5TP/18RaNfoLXOEaHfdV/MFZYEk1kiPd484q+NXdLe5qUO1aCJul9Mqb8UcGm+3c0E30UgDEhZPuxHiYxJMh3YOl1sDL+l',
  'z1KlqzFvgwsnz/iK0hDTZJRsiVzlxC0+vZDO4zW/GeT00JaqvbL/ES9DUMpoeTYJP4IAC5kmKvaSQhOyUz3VrJil/ieY2yZJ',
  '8Rwys6ogwpyVW3qtjFn89U45gRQspXslHzw/agwq419KfqSCVhQo4eBdN8sxuPbtwNI2/2Jgm3dd1ar5bb5oukFGnFGqXGul',
  'oeJzKmIjvBEpLfI5S1ZpAZp10fQdTfCj9VSdtGt4to1q5l11NaTgyiowgayqtQY6nAFxeUTuFIMlUZNzZE9Zz+FK0cBpajKV',
  'xmCQ5VQZQopSB5eVyTadj52jy5eO0LBwmgBPebBOUU60m8aOaiSRmQQOgld7X0B0xJSWVtb7yGyH686vUQM1xIVAg3aCUTOb',
  'uzPv0ku4fyksvv5SFXxCxT4N8x46PlYONgq3h4T42KeOii1slPrqf47Kkjic8Mx5ZbuGUEeVkWhQodhpn2g=',
].join('');

export const HOSTILE_SESSION_NAME = '<!channel> *pwn*';
export const HOSTILE_USER_AGENT = '<script>alert(1)</script> @here `rm -rf` _x_ ~y~ & co';

export const assumeRoleRecord = {
  awsRegion: 'us-east-1',
  eventCategory: 'Management',
  eventID: 'cf589cd4-9633-4cc6-9b5c-c74f5a735fa5',
  eventName: 'AssumeRole',
  eventSource: 'sts.amazonaws.com',
  eventTime: '2024-07-31T19:52:33Z',
  eventType: 'AwsApiCall',
  eventVersion: '1.08',
  managementEvent: true,
  readOnly: true,
  recipientAccountId: '321848314756',
  requestID: '01d3746c-667c-4cf6-a149-fa51a50c2024',
  requestParameters: {
    durationSeconds: 900,
    roleArn: 'arn:aws:iam::321848314756:role/stratus-red-team-get-usr-data-role',
    roleSessionName: HOSTILE_SESSION_NAME,
  },
  resources: [
    {
      ARN: 'arn:aws:iam::321848314756:role/stratus-red-team-get-usr-data-role',
      accountId: '321848314756',
      type: 'AWS::IAM::Role',
    },
  ],
  responseElements: {
    assumedRoleUser: {
      arn: 'arn:aws:sts::321848314756:assumed-role/stratus-red-team-get-usr-data-role/x',
      assumedRoleId: 'AROAUF4S4NNXFP6WTHD73:x',
    },
    credentials: {
      accessKeyId: 'ASIA74KS09ZFFBFV9E6K',
      expiration: 'Jul 31, 2024, 8:07:33 PM',
      sessionToken: PUBLISHED_SESSION_TOKEN,
    },
  },
  sourceIPAddress: '255.18.064.253',
  tlsDetails: {
    cipherSuite: 'TLS_AES_128_GCM_SHA256',
    clientProvidedHostHeader: 'sts.us-east-1.amazonaws.com',
    tlsVersion: 'TLSv1.3',
  },
  userAgent: HOSTILE_USER_AGENT,
  userIdentity: {
    accessKeyId: 'AKIAMJ2320ZAXACWCPJI',
    accountId: '321848314756',
    arn: 'arn:aws:iam::321848314756:user/christophe',
    principalId: 'AIDA2Q68JMYYLLXFIRZ7',
    type: 'IAMUser',
    userName: 'christophe',
  },
} as const;

/**
 * The finding the engine would emit for {@link assumeRoleRecord} under a trust file that lists the
 * role but trusts another principal, plus — to prove the sinks' allow-list — the record's
 * credentials object smuggled onto it at run time, as a careless `{...record, ...finding}` would.
 */
export function hostileFinding(overrides: Partial<Finding> = {}): Finding {
  const r = assumeRoleRecord;
  const role = r.requestParameters.roleArn;
  const finding: Finding = {
    id: 'f-untrusted-principal-cf589cd4',
    rule: 'untrusted-principal',
    severity: 'high',
    title: `christophe (IAM user, 321848314756) assumed ${role}, which does not trust it`,
    eventId: r.eventID,
    eventTime: r.eventTime,
    eventName: 'AssumeRole',
    awsRegion: r.awsRegion,
    recipientAccountId: r.recipientAccountId,
    role: { arn: r.requestParameters.roleArn, accountId: '321848314756' },
    actor: {
      type: 'IAMUser',
      arn: r.userIdentity.arn,
      accountId: r.userIdentity.accountId,
      display: 'christophe (IAM user, 321848314756)',
    },
    sourceIp: r.sourceIPAddress,
    userAgent: r.userAgent,
    session: { name: r.requestParameters.roleSessionName, requestedSeconds: 900, grantedSeconds: 900 },
    evidence: {
      expected: 'one of arn:aws:iam::444455556666:role/ci-runner',
      actual: 'arn:aws:iam::321848314756:user/christophe',
    },
    remediation: 'Check who christophe is and remove the permission to assume this role if unexpected.',
    suppressed: false,
    location: 'aws.discovery.ec2-download-user-data.json Records[3]',
    ...overrides,
  };
  return Object.assign(finding, { credentials: r.responseElements.credentials });
}

/**
 * A finding from a forged record (someone who can write to the trail bucket) whose every string is
 * thousands of zero-width spaces: each is 3 UTF-8 bytes, and 6 once a JSON sink writes it as `\u200b`.
 */
export function forgedHugeFinding(): Finding {
  const hidden = '\u200b'.repeat(5000);
  return hostileFinding({
    title: hidden,
    eventId: hidden,
    sharedEventId: hidden,
    awsRegion: hidden,
    role: { arn: `arn:aws:iam::321848314756:role/${hidden}`, accountId: '321848314756' },
    actor: {
      type: 'AssumedRole',
      arn: hidden,
      accountId: hidden,
      display: hidden,
      origin: { display: hidden, chain: Array.from({ length: 12 }, () => hidden), note: hidden },
    },
    sourceIp: hidden,
    userAgent: hidden,
    session: { name: hidden, sourceIdentity: hidden },
    evidence: { expected: hidden, actual: hidden, note: hidden },
    remediation: hidden,
    location: hidden,
  });
}

/** A batch of distinct findings, severities cycling through `severities`. */
export function manyFindings(count: number, severities: readonly Severity[] = ['high']): Finding[] {
  return Array.from({ length: count }, (_, i) =>
    hostileFinding({
      id: `f-${String(i).padStart(4, '0')}`,
      eventId: `cf589cd4-9633-4cc6-9b5c-${String(i).padStart(12, '0')}`,
      severity: severities[i % severities.length] ?? 'high',
      rule: i % 2 === 0 ? 'untrusted-principal' : 'session-too-long',
    }),
  );
}

/** Asserts nothing in `payload` (any JSON-able value or string) carries credential material. */
export function secretsIn(payload: unknown): string[] {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return [
    'sessionToken',
    'secretAccessKey',
    PUBLISHED_SESSION_TOKEN,
    'ASIA74KS09ZFFBFV9E6K',
    'credentials',
  ].filter((s) => text.includes(s));
}

/** Records the delays the retry layer asked for, without waiting. */
export function fakeSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
}
