import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../functions/core/rules/registry.ts';
import type { CloudTrailRecord } from '../../functions/trail-generator/records.ts';
import { RISKY_SCENARIOS } from '../../functions/trail-generator/risky.ts';
import { sharedTrail } from './shared-trails.ts';

type Rec = CloudTrailRecord & {
  userIdentity: Record<string, unknown> & { sessionContext?: Record<string, unknown> };
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
};

const roleOf = (r: Rec): string => (r.requestParameters?.roleArn as string | undefined) ?? '';
const granted = (r: Rec): boolean => r.errorCode === undefined;
const callerCopy = (r: Rec): boolean => r.userIdentity.type !== 'AWSAccount';
const hasSourceIdentity = (r: Rec): boolean =>
  r.requestParameters?.sourceIdentity !== undefined ||
  r.responseElements?.sourceIdentity !== undefined ||
  r.userIdentity.sessionContext?.sourceIdentity !== undefined;
const inOffice = (ip: unknown): boolean =>
  typeof ip === 'string' && (ip.startsWith('203.0.113.') || ip.startsWith('2001:db8:ac:'));

/**
 * What each risky scenario looks like in the raw records (not in rule output: the rules are tested on
 * their own). Written against CONTRACT §3 and fixtures/trust/example-org.yaml.
 */
const SIGNATURES: Record<string, (all: Rec[]) => boolean> = {
  'prod-admin-untrusted-user': (all) =>
    all.some(
      (r) =>
        roleOf(r).endsWith(':role/ProdAdmin') &&
        r.userIdentity.arn === 'arn:aws:iam::444455556666:user/ops.contractor',
    ),
  'outsider-assumes-read-only': (all) =>
    all.some(
      (r) =>
        roleOf(r) === 'arn:aws:iam::444455556666:role/ReadOnly' &&
        r.userIdentity.type === 'AWSAccount' &&
        r.userIdentity.accountId === '210987654321',
    ),
  'prod-admin-12-hour-session': (all) =>
    all.some((r) => roleOf(r).endsWith(':role/ProdAdmin') && r.requestParameters?.durationSeconds === 43_200),
  'prod-admin-without-mfa': (all) =>
    all.some(
      (r) =>
        roleOf(r).endsWith(':role/ProdAdmin') &&
        granted(r) &&
        callerCopy(r) &&
        r.requestParameters?.serialNumber === undefined &&
        r.userIdentity.sessionContext?.attributes !== undefined &&
        (r.userIdentity.sessionContext.attributes as Record<string, string>).mfaAuthenticated === 'false',
    ),
  'vendor-without-external-id': (all) =>
    all.some(
      (r) =>
        roleOf(r).endsWith(':role/VendorMonitoring') &&
        granted(r) &&
        r.requestParameters?.externalId === undefined,
    ),
  'prod-admin-without-source-identity': (all) =>
    all.some(
      (r) => roleOf(r).endsWith(':role/ProdAdmin') && granted(r) && callerCopy(r) && !hasSourceIdentity(r),
    ),
  'okta-admin-odd-session-name': (all) =>
    all.some(
      (r) =>
        r.eventName === 'AssumeRoleWithSAML' &&
        roleOf(r).endsWith(':role/OktaAdmin') &&
        !/^[a-z.]+@acme\.example$/.test(r.requestParameters?.roleSessionName as string),
    ),
  'prod-admin-from-unknown-ip': (all) =>
    all.some((r) => roleOf(r).endsWith(':role/ProdAdmin') && granted(r) && !inOffice(r.sourceIPAddress)),
  'github-fork-pull-request': (all) =>
    all.some(
      (r) =>
        r.eventName === 'AssumeRoleWithWebIdentity' &&
        r.responseElements?.subjectFromWebIdentityToken === 'repo:evil/fork:pull_request' &&
        r.userIdentity.userName === 'repo:evil/fork:pull_request',
    ),
  'vendor-chained-session': (all) =>
    all.some(
      (r) =>
        roleOf(r).endsWith(':role/VendorMonitoring') &&
        granted(r) &&
        r.userIdentity.type === 'AssumedRole' &&
        r.requestParameters?.externalId !== undefined,
    ),
  'workload-chains-into-app-role': (all) =>
    all.some((r) => /:role\/app-/.test(roleOf(r)) && r.userIdentity.type === 'AssumedRole' && granted(r)),
  'denied-burst': (all) => {
    const denied = all.filter((r) => r.errorCode === 'AccessDenied' && r.eventSource === 'sts.amazonaws.com');
    const byActor = new Map<unknown, Rec[]>();
    for (const r of denied) byActor.set(r.userIdentity.arn, [...(byActor.get(r.userIdentity.arn) ?? []), r]);
    return [...byActor.values()].some((mine) =>
      mine.some((first) => {
        const t0 = Date.parse(first.eventTime as string);
        return (
          mine.filter((r) => {
            const t = Date.parse(r.eventTime as string);
            return t >= t0 && t - t0 <= 10 * 60_000;
          }).length >= 5
        );
      }),
    );
  },
  'assume-root': (all) =>
    all.some((r) => r.eventName === 'AssumeRoot' && r.requestParameters?.targetPrincipal === '444455556666'),
  'federation-token-by-user': (all) =>
    all.some((r) => r.eventName === 'GetFederationToken' && r.userIdentity.type === 'IAMUser' && granted(r)),
  'unlisted-legacy-role': (all) =>
    all.some((r) => roleOf(r) === 'arn:aws:iam::444455556666:role/legacy-billing-export' && granted(r)),
  'suppressed-data-pipeline': (all) =>
    all.some(
      (r) =>
        roleOf(r).endsWith(':role/DataPipeline') &&
        r.userIdentity.arn === 'arn:aws:iam::444455556666:user/etl' &&
        (r.requestParameters?.durationSeconds as number) > 3600,
    ),
};

const records = (demo: boolean, count: number): Rec[] =>
  sharedTrail({ records: count, demo }).flatMap((f) => f.records as Rec[]);

describe('the demo trail', () => {
  const demo = records(true, 3000);
  const everyday = records(false, 20_000);

  it('has a signature for every risky scenario the generator defines', () => {
    expect(Object.keys(SIGNATURES).sort()).toEqual(RISKY_SCENARIOS.map((s) => s.id).sort());
  });

  it.each(RISKY_SCENARIOS.map((s) => [s.id, s.rule] as const))('contains the %s call (aimed at %s)', (id) => {
    expect(SIGNATURES[id]?.(demo)).toBe(true);
  });

  it.each(RISKY_SCENARIOS.map((s) => [s.id] as const))('has no %s call in everyday traffic', (id) => {
    expect(SIGNATURES[id]?.(everyday)).toBe(false);
  });

  it('aims every scenario at a rule id the trust file knows', () => {
    const unknown = RISKY_SCENARIOS.filter((s) => !RULE_IDS.includes(s.rule)).map(
      (s) => `${s.id} → ${s.rule}`,
    );

    expect(unknown).toEqual([]);
  });

  it('is 3,000 records in files of at most 15 minutes each, delivered minutes later, across the four accounts', () => {
    const files = sharedTrail({ records: 3000, demo: true });

    expect(files.reduce((n, f) => n + f.records.length, 0)).toBe(3000);
    for (const f of files) {
      const times = f.records.map((r) => Date.parse(String(r.eventTime)));
      expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(15 * 60_000);
      // The key's delivery stamp (…_YYYYMMDDTHHmmZ_…) follows the file's last event by a few minutes.
      const stamp = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_/.exec(f.key);
      const delivered = Date.UTC(
        Number(stamp?.[1]),
        Number(stamp?.[2]) - 1,
        Number(stamp?.[3]),
        Number(stamp?.[4]),
        Number(stamp?.[5]),
      );
      expect(delivered).toBeGreaterThanOrEqual(Math.max(...times) - 60_000);
      expect(delivered - Math.max(...times)).toBeLessThanOrEqual(10 * 60_000);
    }
    expect(new Set(files.map((f) => f.account)).size).toBe(4);
  });
});
