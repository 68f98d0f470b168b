import { describe, expect, it } from 'vitest';
import { mergeResults } from '../../functions/core/pipeline/input-result.ts';
import { ACTIVITY_LIMITS, settleCopies } from '../../functions/core/report/activity.ts';
import { activityTap } from '../../functions/core/report/activity-tap.ts';
import { medianSeconds } from '../../functions/core/report/duration-histogram.ts';
import {
  ACCOUNTS,
  assumeRoleRecord,
  awsAccount,
  denied,
  iamUser,
  roleSession,
} from '../rules/support/cloudtrail-records.ts';
import { activityOf, exampleConfig, judgeRecords } from './support.ts';

const PROD_ADMIN = `arn:aws:iam::${ACCOUNTS.prod}:role/ProdAdmin`;
const READ_ONLY = `arn:aws:iam::${ACCOUNTS.prod}:role/ReadOnly`;

/** The two copies of one cross-account call: the caller's (identity account) and the role owner's (prod). */
function crossAccountCopies(sharedEventID: string, eventTime: string) {
  const caller = assumeRoleRecord({
    identity: roleSession(ACCOUNTS.identity, 'OktaAdmin', 'alice@acme.example', { mfaAuthenticated: true }),
    roleArn: READ_ONLY,
    sharedEventID,
    eventID: `${sharedEventID}-caller`,
    recipientAccountId: ACCOUNTS.identity,
    eventTime,
  });
  const owner = assumeRoleRecord({
    identity: awsAccount(ACCOUNTS.identity, 'AROAIDPPEZS35WEXAMPLE:alice@acme.example'),
    roleArn: READ_ONLY,
    sharedEventID,
    eventID: `${sharedEventID}-owner`,
    recipientAccountId: ACCOUNTS.prod,
    eventTime,
  });
  return { caller, owner };
}

describe('the report activity tap', () => {
  const config = exampleConfig();

  it('counts a cross-account call once when both copies are read, in either order and across inputs', () => {
    const a = crossAccountCopies('6f1b0c8e-0000-4000-8000-000000000001', '2026-11-29T10:00:00Z');
    const b = crossAccountCopies('6f1b0c8e-0000-4000-8000-000000000002', '2026-11-29T11:00:00Z');
    const sameInput = settleCopies(activityOf(judgeRecords([a.owner, a.caller, b.caller, b.owner], config)));
    expect(sameInput.calls).toBe(2);
    expect(sameInput.copies.duplicates).toBe(2);

    // Owner copies in one file, caller copies in another: they pair up when results merge.
    const owners = judgeRecords([a.owner, b.owner], config, 'prod.json');
    const callers = judgeRecords([a.caller, b.caller], config, 'identity.json');
    const merged = settleCopies(
      activityOf(mergeResults(owners, callers, { maxErrors: 10, taps: [activityTap] })),
    );
    expect(merged.calls).toBe(2);
    expect(merged.copies.duplicates).toBe(2);
    // The caller copy, with the full identity, is the one counted.
    expect([...merged.actors.keys()]).toEqual([
      `arn:aws:sts::${ACCOUNTS.identity}:assumed-role/OktaAdmin/alice@acme.example`,
    ]);
    expect(merged.matrix.get(`${ACCOUNTS.identity} ${ACCOUNTS.prod}`)).toBe(2);
  });

  it('counts the owner copy when the caller account is not in the inputs', () => {
    const { owner } = crossAccountCopies('6f1b0c8e-0000-4000-8000-000000000003', '2026-11-29T10:00:00Z');
    const activity = settleCopies(activityOf(judgeRecords([owner], config)));
    expect(activity.calls).toBe(1);
    expect([...activity.actors.values()][0]?.actor.type).toBe('AWSAccount');
    expect(activity.matrix.get(`${ACCOUNTS.identity} ${ACCOUNTS.prod}`)).toBe(1);
  });

  it('tallies roles, denied calls, hours and granted durations with an exact maximum', () => {
    const alice = iamUser(ACCOUNTS.identity, 'breakglass');
    const records = [
      assumeRoleRecord({
        identity: alice,
        roleArn: PROD_ADMIN,
        durationSeconds: 900,
        eventTime: '2026-11-29T10:05:00Z',
        eventID: 'e1',
      }),
      assumeRoleRecord({
        identity: alice,
        roleArn: PROD_ADMIN,
        durationSeconds: 3600,
        eventTime: '2026-11-29T10:25:00Z',
        eventID: 'e2',
      }),
      assumeRoleRecord({
        identity: alice,
        roleArn: PROD_ADMIN,
        durationSeconds: 3600,
        eventTime: '2026-11-29T11:05:00Z',
        eventID: 'e3',
      }),
      assumeRoleRecord({
        identity: alice,
        roleArn: PROD_ADMIN,
        durationSeconds: 43200,
        grantedSeconds: 43201,
        eventTime: '2026-11-29T12:00:00Z',
        eventID: 'e4',
      }),
      denied(
        assumeRoleRecord({
          identity: alice,
          roleArn: PROD_ADMIN,
          eventTime: '2026-11-29T12:30:00Z',
          eventID: 'e5',
        }),
      ),
    ];
    const activity = settleCopies(activityOf(judgeRecords(records, config)));
    const role = activity.roles.get(PROD_ADMIN);
    expect(role).toMatchObject({ calls: 5, denied: 1 });
    expect(role?.durations.count).toBe(4);
    expect(role?.durations.maxSeconds).toBe(43201);
    expect(role === undefined ? undefined : medianSeconds(role.durations)).toBe(3600);
    expect([...activity.hours.entries()].map(([h, c]) => [new Date(h).toISOString(), c.calls])).toEqual([
      ['2026-11-29T10:00:00.000Z', 2],
      ['2026-11-29T11:00:00.000Z', 1],
      ['2026-11-29T12:00:00.000Z', 2],
    ]);
    const spot = [...activity.denied.values()][0];
    expect(spot).toMatchObject({ roleArn: PROD_ADMIN, errorCode: 'AccessDenied', calls: 1 });
    expect(activity.firstMs).toBe(Date.parse('2026-11-29T10:05:00Z'));
    expect(activity.lastMs).toBe(Date.parse('2026-11-29T12:30:00Z'));
  });

  it('merges to the same tables as one input, and survives a structured clone (worker threads)', () => {
    const records = Array.from({ length: 40 }, (_, i) =>
      assumeRoleRecord({
        identity: iamUser(ACCOUNTS.identity, `user${i % 7}`),
        roleArn: i % 3 === 0 ? PROD_ADMIN : READ_ONLY,
        durationSeconds: 900 * (1 + (i % 4)),
        eventTime: new Date(Date.parse('2026-11-29T00:00:00Z') + i * 1_800_000).toISOString(),
        eventID: `ev-${i}`,
      }),
    );
    const whole = settleCopies(activityOf(judgeRecords(records, config)));
    const parts = [records.slice(0, 13), records.slice(13, 29), records.slice(29)].map((r, i) =>
      structuredClone(judgeRecords(r, config, `part${i}.json`)),
    );
    const merged = parts.reduce((a, b) => mergeResults(a, b, { maxErrors: 10, taps: [activityTap] }));
    const split = settleCopies(activityOf(merged));
    const view = (a: typeof whole) => ({
      calls: a.calls,
      roles: [...a.roles.entries()].sort(),
      actors: [...a.actors.entries()].sort(),
      pairs: [...a.pairs.entries()].sort(),
      hours: [...a.hours.entries()].sort(),
      matrix: [...a.matrix.entries()].sort(),
    });
    expect(view(split)).toEqual(view(whole));
  });

  it('counts a record delivered twice (same eventID) once, within one input and across merged inputs', () => {
    const records = Array.from({ length: 12 }, (_, i) =>
      (i % 4 === 3 ? denied : (r: ReturnType<typeof assumeRoleRecord>) => r)(
        assumeRoleRecord({
          identity: iamUser(ACCOUNTS.identity, `user${i % 3}`),
          roleArn: i % 2 === 0 ? PROD_ADMIN : READ_ONLY,
          durationSeconds: 900 * (1 + (i % 4)),
          eventTime: new Date(Date.parse('2026-11-29T00:00:00Z') + i * 1_800_000).toISOString(),
          eventID: `dup-${i}`,
        }),
      ),
    );
    const { caller, owner } = crossAccountCopies(
      '6f1b0c8e-0000-4000-8000-00000000000d',
      '2026-11-29T09:00:00Z',
    );
    const once = settleCopies(activityOf(judgeRecords([...records, caller, owner], config)));

    // The same records in one file twice, and in two files (as a trail read twice, or two overlapping trails).
    const twiceInOne = settleCopies(
      activityOf(judgeRecords([...records, caller, ...records, owner, caller], config)),
    );
    const files = [
      structuredClone(judgeRecords([...records.slice(0, 7), caller], config, 'a.json')),
      structuredClone(judgeRecords([...records, owner], config, 'b.json')),
      structuredClone(judgeRecords([...records.slice(5), caller], config, 'c.json')),
    ];
    const acrossInputs = settleCopies(
      activityOf(files.reduce((a, b) => mergeResults(a, b, { maxErrors: 10, taps: [activityTap] }))),
    );
    const view = (a: typeof once) => ({
      calls: a.calls,
      untimed: a.untimed,
      roles: [...a.roles.entries()].sort(),
      actors: [...a.actors.entries()].sort(),
      pairs: [...a.pairs.entries()].sort(),
      hours: [...a.hours.entries()].sort(),
      matrix: [...a.matrix.entries()].sort(),
      eventNames: [...a.eventNames.entries()].sort(),
      denied: [...a.denied.entries()].sort(),
      folded: a.folded,
    });
    expect(once.calls).toBe(13);
    expect(view(twiceInOne)).toEqual(view(once));
    expect(twiceInOne.records.duplicates).toBe(13);
    expect(view(acrossInputs)).toEqual(view(once));
    expect(acrossInputs.records.duplicates).toBe(7 + 7 + 1);
    expect(acrossInputs.copies.duplicates).toBe(1);
  });

  it('keeps memory bounded by distinct keys: actors beyond the limit are folded into a count', () => {
    const n = ACTIVITY_LIMITS.actors + 25;
    const acc = activityTap.create();
    // Many distinct actors, fed through the tap directly (normalised events of one shape).
    for (let i = 0; i < n; i++) {
      const arn = `arn:aws:iam::${ACCOUNTS.identity}:user/u${i}`;
      activityTap.onEvent(
        acc,
        {
          eventName: 'AssumeRole',
          success: true,
          role: { arn: READ_ONLY, accountId: ACCOUNTS.prod, from: 'requestParameters' },
          actor: { type: 'IAMUser', arn, accountId: ACCOUNTS.identity, display: `u${i}` },
          sourceIpIsService: false,
          session: { requestedSecondsDefaulted: false, grantedSeconds: 3600 },
          mfa: { tokenCodePresent: false },
          externalIdPresent: false,
          gaps: [],
          location: {},
          eventTimeMs: Date.parse('2026-11-29T10:00:00Z'),
        },
        [],
      );
    }
    expect(acc.calls).toBe(n);
    expect(acc.actors.size).toBe(ACTIVITY_LIMITS.actors);
    expect(acc.folded.actors).toBe(25);
    expect(acc.roles.get(READ_ONLY)?.calls).toBe(n);
  });
});
