import { describe, expect, it } from 'vitest';
import { mergeResults } from '../../functions/core/pipeline/input-result.ts';
import { activityTap } from '../../functions/core/report/activity-tap.ts';
import { incompleteReasons, reportCompleteness } from '../../functions/core/report/completeness.ts';
import { notItemisedDenied } from '../../functions/core/report/not-itemised-denied.ts';
import type { Report } from '../../functions/core/report/report-schema.ts';
import {
  ACCOUNTS,
  assumeRoleRecord,
  assumeRoleWithSamlRecord,
  awsAccount,
  denied,
  getSessionTokenRecord,
  iamUser,
  patched,
  roleSession,
} from '../rules/support/cloudtrail-records.ts';
import { exampleConfig, judgeRecords, reportOf, trustConfig } from './support.ts';

// The report's counting as README.md "## Audit reports" states it, assembled in-process from real-shaped
// records (ReportAssembler, as `rolewatch report` does, without the files).

const PROD_ADMIN = `arn:aws:iam::${ACCOUNTS.prod}:role/ProdAdmin`;
const READ_ONLY = `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const user = (name: string) => iamUser(ACCOUNTS.identity, name);
const userArn = (name: string) => `arn:aws:iam::${ACCOUNTS.identity}:user/${name}`;
/** The user name of an actor summary (its key is the user's ARN). */
const nameOf = (x: { actor: { key: string } }) => x.actor.key.slice(x.actor.key.lastIndexOf('/') + 1);
const at = (hhmm: string) => `2026-11-29T${hhmm}:00Z`;

function call(name: string, roleArn: string, hhmm: string, errorCode?: string) {
  const record = assumeRoleRecord({
    identity: user(name),
    roleArn,
    eventTime: at(hhmm),
    eventID: `${name}-${roleArn.slice(-8)}-${hhmm}`,
  });
  return errorCode === undefined ? record : denied(record, errorCode);
}

/** The sum the README promises: every credential event read is a call, a duplicate copy or a duplicate record. */
const accounted = (r: Report) =>
  r.activity.calls + r.activity.duplicateCopies + (r.activity.duplicateRecords ?? 0);

describe('the report activity, ordered and timed', () => {
  // dave's call on ReadOnly is read first; alice has four calls on ProdAdmin, out of time order, two of
  // them denied with different errors; bob is only denied; carol's one call is the earliest of the day.
  const records = [
    call('dave', READ_ONLY, '08:30'),
    call('alice', PROD_ADMIN, '12:00'),
    call('alice', PROD_ADMIN, '10:00', 'AccessDenied'),
    call('alice', PROD_ADMIN, '11:00'),
    call('alice', PROD_ADMIN, '13:00', 'RegionDisabledException'),
    call('bob', PROD_ADMIN, '09:00', 'AccessDenied'),
    call('carol', READ_ONLY, '08:00'),
  ];
  const config = exampleConfig();
  const report = reportOf(judgeRecords(records, config), config);
  const a = report.activity;

  it('gives each (actor, role) pair its first and last call and its first granted call', () => {
    const alice = a.pairs.find((p) => p.actor.key === userArn('alice'));
    expect(alice).toMatchObject({
      calls: 4,
      denied: 2,
      firstTime: '2026-11-29T10:00:00.000Z',
      lastTime: '2026-11-29T13:00:00.000Z',
      firstGrantTime: '2026-11-29T11:00:00.000Z',
    });
    const bob = a.pairs.find((p) => p.actor.key === userArn('bob'));
    expect(bob).toMatchObject({ calls: 1, denied: 1 });
    expect(bob?.firstGrantTime).toBeUndefined();
  });

  it('sorts roles and pairs by calls, pairs of equal calls by first call', () => {
    expect(a.byRole.map((r) => [r.roleArn, r.calls, r.distinctActors])).toEqual([
      [PROD_ADMIN, 5, 2],
      [READ_ONLY, 2, 2],
    ]);
    expect(a.pairs.map(nameOf)).toEqual(['alice', 'carol', 'dave', 'bob']);
  });

  it('lists denied-call spots per (actor, role, error), most calls first, then by first call', () => {
    expect(
      report.deniedHotSpots.map((d) => [nameOf(d), d.errorCode, d.calls, d.firstTime, d.lastTime]),
    ).toEqual([
      ['bob', 'AccessDenied', 1, '2026-11-29T09:00:00.000Z', '2026-11-29T09:00:00.000Z'],
      ['alice', 'AccessDenied', 1, '2026-11-29T10:00:00.000Z', '2026-11-29T10:00:00.000Z'],
      ['alice', 'RegionDisabledException', 1, '2026-11-29T13:00:00.000Z', '2026-11-29T13:00:00.000Z'],
    ]);
    expect(report.deniedHotSpotCount).toBe(3);
  });

  it('lists as new (by first appearance) only pairs with a granted call, and nothing as not itemised', () => {
    expect(report.newPairs.basis).toBe('period');
    expect(report.newPairs.pairs.map(nameOf)).toEqual(['alice', 'dave', 'carol']);
    expect(a.notItemised).toEqual({});
    expect(accounted(report)).toBe(report.totals.credentialEvents);
  });
});

describe('the two copies of a cross-account call', () => {
  const config = exampleConfig();
  const shared = '6f1b0c8e-0000-4000-8000-0000000000a1';
  const owner = assumeRoleRecord({
    identity: awsAccount(ACCOUNTS.identity, 'AROAIDPPEZS35WEXAMPLE:alice@acme.example'),
    roleArn: READ_ONLY,
    sharedEventID: shared,
    eventID: `${shared}-owner`,
    recipientAccountId: ACCOUNTS.prod,
  });
  const caller = assumeRoleRecord({
    identity: roleSession(ACCOUNTS.identity, 'OktaAdmin', 'alice@acme.example'),
    roleArn: READ_ONLY,
    sharedEventID: shared,
    eventID: `${shared}-caller`,
    recipientAccountId: ACCOUNTS.identity,
  });

  it('count an owner copy delivered twice once, the second delivery as a duplicate copy', () => {
    const report = reportOf(judgeRecords([owner, owner], config), config);
    expect([report.activity.calls, report.activity.duplicateCopies]).toEqual([1, 1]);
    expect(accounted(report)).toBe(report.totals.credentialEvents);
    const paired = reportOf(judgeRecords([owner, owner, caller], config), config);
    expect([paired.activity.calls, paired.activity.duplicateCopies]).toEqual([1, 2]);
    expect(paired.activity.byActor.map((x) => x.actor.type)).toEqual(['AssumedRole']);
    expect(accounted(paired)).toBe(paired.totals.credentialEvents);
  });
});

describe('the two copies of a cross-account call in different inputs', () => {
  it('count once, from the caller copy, whichever input is read first', () => {
    const config = exampleConfig();
    const shared = '6f1b0c8e-0000-4000-8000-0000000000b2';
    const copy = (identity: Record<string, unknown>, side: string, recipientAccountId: string) =>
      assumeRoleRecord({
        identity,
        roleArn: READ_ONLY,
        sharedEventID: shared,
        eventID: `${shared}-${side}`,
        recipientAccountId,
      });
    // Fresh results each time: a merge builds on its first argument's activity.
    const caller = () =>
      judgeRecords(
        [
          copy(
            roleSession(ACCOUNTS.identity, 'OktaAdmin', 'alice@acme.example'),
            'caller',
            ACCOUNTS.identity,
          ),
        ],
        config,
        'identity.json',
      );
    const owner = () =>
      judgeRecords(
        [
          copy(
            awsAccount(ACCOUNTS.identity, 'AROAIDPPEZS35WEXAMPLE:alice@acme.example'),
            'owner',
            ACCOUNTS.prod,
          ),
        ],
        config,
        'prod.json',
      );
    for (const [a, b] of [
      [caller(), owner()],
      [owner(), caller()],
    ]) {
      if (a === undefined || b === undefined) throw new Error('unreachable');
      const report = reportOf(mergeResults(a, b, { maxErrors: 10, taps: [activityTap] }), config);
      expect([report.activity.calls, report.activity.duplicateCopies]).toEqual([1, 1]);
      expect(report.activity.byActor.map((x) => x.actor.type)).toEqual(['AssumedRole']);
    }
    // Both copies in the second input, the caller's twice: the duplicates it found carry over into the merge.
    const both = judgeRecords(
      [
        copy(
          awsAccount(ACCOUNTS.identity, 'AROAIDPPEZS35WEXAMPLE:alice@acme.example'),
          'owner',
          ACCOUNTS.prod,
        ),
        copy(roleSession(ACCOUNTS.identity, 'OktaAdmin', 'alice@acme.example'), 'caller', ACCOUNTS.identity),
        copy(roleSession(ACCOUNTS.identity, 'OktaAdmin', 'alice@acme.example'), 'caller', ACCOUNTS.identity),
      ],
      config,
      'both.json',
    );
    const merged = reportOf(
      mergeResults(judgeRecords([], config), both, { maxErrors: 10, taps: [activityTap] }),
      config,
    );
    expect([
      merged.activity.calls,
      merged.activity.duplicateCopies,
      merged.activity.duplicateRecords,
    ]).toEqual([1, 1, 1]);
  });
});

describe('the change since a previous report', () => {
  const config = exampleConfig();
  // Previous week: alice granted, bob only denied. This week: alice again, bob granted at 11:00, carol
  // granted at 12:00, alice on ReadOnly at 14:00 (new pairs: a role new to alice counts), dave only denied.
  const previous = reportOf(
    judgeRecords(
      [call('alice', PROD_ADMIN, '09:00'), call('bob', PROD_ADMIN, '09:30', 'AccessDenied')],
      config,
    ),
    config,
  );
  const current = reportOf(
    judgeRecords(
      [
        call('alice', PROD_ADMIN, '10:00'),
        call('bob', PROD_ADMIN, '11:00'),
        call('carol', PROD_ADMIN, '12:00'),
        call('dave', PROD_ADMIN, '13:00', 'AccessDenied'),
        call('alice', READ_ONLY, '14:00'),
      ],
      config,
    ),
    config,
    { previous },
  );

  it('counts as new the pairs granted now that were not granted before', () => {
    expect(current.change?.newPairs).toBe(3);
    expect(current.newPairs.basis).toBe('previous-report');
    expect(current.newPairs.pairs.map((p) => [nameOf(p), p.roleArn])).toEqual([
      ['alice', READ_ONLY],
      ['carol', PROD_ADMIN],
      ['bob', PROD_ADMIN],
    ]);
  });

  it('gives totals and severities as previous and current, and the groups that did not recur', () => {
    const change = current.change;
    expect(change?.totals.credentialEvents).toEqual({ previous: 2, current: 5 });
    for (const [k, v] of Object.entries(change?.bySeverity ?? {})) {
      expect(v).toEqual({
        previous: previous.findings.bySeverity[k] ?? 0,
        current: current.findings.bySeverity[k] ?? 0,
      });
    }
    const now = new Set(current.findings.groups.map((g) => g.key));
    const gone = previous.findings.groups.filter((g) => !now.has(g.key)).map((g) => g.key);
    expect(gone.length).toBeGreaterThan(0);
    expect(change?.resolvedGroups.map((g) => g.key)).toEqual(gone);
    expect(change?.resolvedGroups.map((g) => g.rule)).toContain('assume-denied');
  });
});

describe('suppressions by expiry', () => {
  const config = trustConfig(`
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
roles:
  - arn: "${READ_ONLY}"
    trustedPrincipals: ["${ACCOUNTS.identity}"]
suppressions:
  - rule: session-too-long
    role: "${READ_ONLY}"
    expires: 2026-12-20
    reason: "migration, SEC-9"
    owner: "secops@acme.example"
`);
  const expiresMs = config.suppressions[0]?.expiresMs ?? Number.NaN;
  const lists = (nowMs: number) => {
    const s = reportOf(judgeRecords([], config), config, { nowMs }).suppressions;
    return { soon: s.expiringSoon.map((x) => x.daysLeft), expired: s.expired.length };
  };

  it('says expiring soon within 14 days (days left rounded up), expired only once past the expiry', () => {
    expect(lists(expiresMs - 14 * DAY_MS - 1)).toEqual({ soon: [], expired: 0 });
    expect(lists(expiresMs - 14 * DAY_MS)).toEqual({ soon: [14], expired: 0 });
    expect(lists(expiresMs - 1.5 * DAY_MS)).toEqual({ soon: [2], expired: 0 });
    expect(lists(expiresMs)).toEqual({ soon: [0], expired: 0 });
    expect(lists(expiresMs + 1)).toEqual({ soon: [], expired: 1 });
  });
});

describe('the timeline', () => {
  const config = exampleConfig();
  const since = Date.parse('2026-11-27T00:00:00Z');
  const timeline = (untilMs: number) =>
    reportOf(judgeRecords([call('alice', PROD_ADMIN, '10:00')], config), config, {
      period: { sinceMs: since, untilMs },
    }).activity.timeline;

  it('is per hour under three days, else per day, with the silent buckets of the period filled', () => {
    const hourly = timeline(since + 3 * DAY_MS - HOUR_MS);
    expect([hourly.bucket, hourly.points.length]).toEqual(['hour', 71]);
    expect(hourly.points.find((p) => p.start === '2026-11-29T10:00:00.000Z')?.calls).toBe(1);
    const daily = timeline(since + 3 * DAY_MS);
    expect([daily.bucket, daily.points.length]).toEqual(['day', 3]);
    expect(timeline(since + 2 * HOUR_MS).points.map((p) => p.start)).toEqual([
      '2026-11-27T00:00:00.000Z',
      '2026-11-27T01:00:00.000Z',
      '2026-11-29T10:00:00.000Z',
    ]);
  });
});

describe('completeness', () => {
  it('calls a report with one unreadable input incomplete, one read before the field existed too', () => {
    expect(reportCompleteness(0, undefined)).toEqual({ complete: true, reasons: [] });
    expect(reportCompleteness(1, undefined).complete).toBe(false);
    expect(reportCompleteness(0, 'the Lambda time limit').complete).toBe(false);
    const config = exampleConfig();
    const report = reportOf(judgeRecords([], config), config);
    const { completeness: _, ...old } = report;
    expect(incompleteReasons({ ...old, inputErrors: { count: 1, shown: [] } } as Report)).toHaveLength(1);
    expect(incompleteReasons(old as Report)).toBeUndefined();
  });

  it('says when even one denied call of a further spot was not itemised', () => {
    const config = exampleConfig();
    const report = reportOf(judgeRecords([], config), config);
    const one = { ...report, activity: { ...report.activity, notItemised: { denied: 1 } } };
    expect(notItemisedDenied(one)).toBe('; 1 denied calls in further spots not itemised');
    expect(notItemisedDenied(report)).toBe('');
  });
});

describe('unused trust with two entries for one role', () => {
  it('judges the role by the first entry, as the engine does, and lists the second as applied to no call', () => {
    const config = trustConfig(`
version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
roles:
  - arn: "${READ_ONLY}"
    trustedPrincipals: ["${userArn('alice')}"]
  - arn: "${READ_ONLY}"
    trustedPrincipals: ["${userArn('alice')}"]
`);
    const report = reportOf(judgeRecords([call('alice', READ_ONLY, '10:00')], config), config);
    expect(report.unusedTrust.roles.map((r) => r.trustedPrincipals[0]?.status)).toEqual(['used', 'unused']);
    expect(report.unusedTrust.entriesWithoutCalls).toEqual([{ entry: READ_ONLY, line: 7 }]);
    expect(report.activity.byRole[0]?.entry).toBe(READ_ONLY);
  });
});

describe('two inputs merged', () => {
  it('keep the earliest first and the latest last call, first grant and denied call, and the longest session, of either input', () => {
    const config = exampleConfig();
    const timed = (hhmm: string, durationSeconds: number) =>
      assumeRoleRecord({
        identity: user('alice'),
        roleArn: READ_ONLY,
        durationSeconds,
        eventTime: at(hhmm),
        eventID: `alice-${hhmm}`,
      });
    const first = judgeRecords(
      [call('alice', READ_ONLY, '10:00', 'AccessDenied'), timed('12:00', 900)],
      config,
      'a.json',
    );
    const second = judgeRecords(
      [
        call('alice', READ_ONLY, '09:00', 'AccessDenied'),
        timed('11:00', 7200),
        call('alice', READ_ONLY, '13:00', 'AccessDenied'),
      ],
      config,
      'b.json',
    );
    const report = reportOf(mergeResults(first, second, { maxErrors: 10, taps: [activityTap] }), config);
    expect(report.activity.pairs[0]).toMatchObject({
      calls: 5,
      firstTime: '2026-11-29T09:00:00.000Z',
      lastTime: '2026-11-29T13:00:00.000Z',
      firstGrantTime: '2026-11-29T11:00:00.000Z',
    });
    expect(report.deniedHotSpots[0]).toMatchObject({
      calls: 3,
      firstTime: '2026-11-29T09:00:00.000Z',
      lastTime: '2026-11-29T13:00:00.000Z',
    });
    expect(report.activity.byRole[0]?.sessions).toMatchObject({
      count: 2,
      maxSeconds: 7200,
      medianSeconds: 900,
    });
    expect([report.period.firstEventTime, report.period.lastEventTime]).toEqual([
      '2026-11-29T09:00:00.000Z',
      '2026-11-29T13:00:00.000Z',
    ]);
  });
});

describe('pairs of federated users', () => {
  it('are told apart by the identity provider a trusted principal can name', () => {
    const config = exampleConfig();
    const oktaAdmin = `arn:aws:iam::${ACCOUNTS.identity}:role/OktaAdmin`;
    const via = (provider: string, eventID: string) =>
      patched(
        assumeRoleWithSamlRecord({
          roleArn: oktaAdmin,
          providerArn: `arn:aws:iam::${ACCOUNTS.identity}:saml-provider/${provider}`,
          subject: 'jane.doe@acme.example',
        }),
        { eventID },
      );
    // The same subject through an untrusted provider first, then through the trusted one.
    const report = reportOf(judgeRecords([via('Legacy', 'saml-1'), via('Okta', 'saml-2')], config), config);
    expect(report.activity.pairs.map((p) => p.calls)).toEqual([1, 1]);
    expect(report.unusedTrust.roles[0]?.trustedPrincipals).toEqual([
      { principal: `saml:arn:aws:iam::${ACCOUNTS.identity}:saml-provider/Okta`, status: 'used', calls: 1 },
    ]);
  });
});

describe('calls without a role or without a time', () => {
  it('counts a GetSessionToken under no role, and a call without eventTime as untimed, outside the timeline', () => {
    const config = exampleConfig();
    const untimed = patched(call('alice', READ_ONLY, '10:00'), { eventTime: undefined });
    const token = patched(getSessionTokenRecord({ identity: user('bob') }), { eventID: 'token-1' });
    const report = reportOf(judgeRecords([untimed, token], config), config);
    const a = report.activity;
    expect([a.calls, a.untimed]).toEqual([2, 1]);
    expect(a.byRole.map((r) => [r.roleArn, r.entry, r.calls])).toEqual([
      [READ_ONLY, READ_ONLY, 1],
      [null, null, 1],
    ]);
    expect(a.timeline.points.reduce((n, p) => n + p.calls, 0)).toBe(1);
    expect(report.unusedTrust.entriesWithoutCalls.map((e) => e.entry)).not.toContain(READ_ONLY);
  });
});
