import { describe, expect, it } from 'vitest';
import type { CredentialEvent } from '../../functions/core/model/credential-event.ts';
import { type Activity, settleCopies } from '../../functions/core/report/activity.ts';
import { activityTap } from '../../functions/core/report/activity-tap.ts';
import { mergeActivity } from '../../functions/core/report/merge-activity.ts';
import { unusedTrust } from '../../functions/core/report/unused-trust.ts';
import { ACCOUNTS } from '../rules/support/cloudtrail-records.ts';
import { exampleConfig } from './support.ts';

// The README's caps, as numbers (not ACTIVITY_LIMITS: a changed constant must fail here): tables keep at
// most 5,000 roles, 10,000 actors, 20,000 (actor, role) pairs, 10,000 account pairs and 5,000 denied-call
// spots, and count the calls of the rest in `folded` (report.json's `activity.notItemised`).

const T0 = Date.parse('2026-11-29T10:00:00Z');
const roleArn = (i: number) => `arn:aws:iam::${ACCOUNTS.prod}:role/R${i}`;
const account = (i: number) => String(100_000_000_000 + i);

/**
 * A denied AssumeRole by IAM user `u<actor>` of its own account on role `R<role>`, normalised (these
 * tests feed tens of thousands of distinct keys through the tap directly, as the engine hands them over).
 */
function deniedCall(actor: number, role: number, t = T0): CredentialEvent {
  return {
    eventName: 'AssumeRole',
    success: false,
    errorCode: 'AccessDenied',
    role: { arn: roleArn(role), accountId: ACCOUNTS.prod, from: 'errorMessage' },
    actor: {
      type: 'IAMUser',
      arn: `arn:aws:iam::${account(actor)}:user/u${actor}`,
      accountId: account(actor),
      display: `u${actor}`,
    },
    sourceIpIsService: false,
    session: { requestedSecondsDefaulted: false },
    mfa: { tokenCodePresent: false },
    externalIdPresent: false,
    gaps: [],
    location: {},
    eventTimeMs: t,
    eventId: `ev-${actor}-${role}-${t}`,
  };
}

function feed(events: Iterable<CredentialEvent>): Activity {
  const acc = activityTap.create();
  for (const e of events) activityTap.onEvent(acc, e, []);
  return acc;
}

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

describe('the report activity tables at their limits', () => {
  // 20,001 calls by 20,001 actors (each of its own account) on 5,000 roles: every table but roles overflows.
  const wide = (): Activity => feed([...range(20_001)].map((i) => deniedCall(i, i % 5000)));

  it('keep 5,000 roles, 10,000 actors, 20,000 pairs, 10,000 account pairs and 5,000 denied spots', () => {
    const acc = wide();
    expect(acc.calls).toBe(20_001);
    expect([acc.roles.size, acc.folded.roles]).toEqual([5000, 0]);
    expect([acc.actors.size, acc.folded.actors]).toEqual([10_000, 10_001]);
    expect([acc.pairs.size, acc.folded.pairs]).toEqual([20_000, 1]);
    expect([acc.matrix.size, acc.folded.matrix]).toEqual([10_000, 10_001]);
    expect([acc.denied.size, acc.folded.denied]).toEqual([5000, 15_001]);

    // A full table still counts the keys it holds: a second call of the first actor lands in its rows.
    activityTap.onEvent(acc, deniedCall(0, 0, T0 + 1000), []);
    expect(acc.actors.get(`arn:aws:iam::${account(0)}:user/u0`)?.calls).toBe(2);
    expect(acc.matrix.get(`${account(0)} ${ACCOUNTS.prod}`)).toBe(2);
    expect(acc.folded.matrix).toBe(10_001);

    // Unused trust cannot say a principal was unused when pairs went uncounted.
    expect(unusedTrust(exampleConfig(), settleCopies(acc)).complete).toBe(false);
  });

  it('keep 5,000 roles and fold the calls on the 5,001st; unused trust then says it is incomplete', () => {
    const acc = feed([...range(5001)].map((i) => deniedCall(0, i)));
    expect([acc.roles.size, acc.folded.roles]).toEqual([5000, 1]);
    expect([acc.pairs.size, acc.folded.pairs]).toEqual([5001, 0]);
    // Roles folded, pairs not: an entry's calls may be among the folded roles.
    expect(unusedTrust(exampleConfig(), settleCopies(acc)).complete).toBe(false);
    const few = feed([...range(3)].map((i) => deniedCall(0, i)));
    expect(unusedTrust(exampleConfig(), settleCopies(few)).complete).toBe(true);
  });

  it('add up within the same limits when inputs merge, folding what the merged table has no room for', () => {
    const full = wide();
    const more = feed([deniedCall(30_000, 7000, T0 - 60_000), deniedCall(0, 0, T0 - 120_000)]);
    const merged = mergeActivity(full, more);
    expect(merged.calls).toBe(20_003);
    // The new role, actor, pair, account pair and spot find no room; the known ones add up.
    expect([merged.roles.size, merged.folded.roles]).toEqual([5000, 1]);
    expect([merged.actors.size, merged.folded.actors]).toEqual([10_000, 10_002]);
    expect([merged.pairs.size, merged.folded.pairs]).toEqual([20_000, 2]);
    expect([merged.matrix.size, merged.folded.matrix]).toEqual([10_000, 10_002]);
    expect([merged.denied.size, merged.folded.denied]).toEqual([5000, 15_002]);
    expect(merged.roles.get(roleArn(0))?.calls).toBe(6);
    expect(merged.matrix.get(`${account(0)} ${ACCOUNTS.prod}`)).toBe(2);
    // The earlier call from the second input moves the first times back.
    expect(merged.firstMs).toBe(T0 - 120_000);
    // What the second input folded carries over.
    const carried = mergeActivity(feed([deniedCall(0, 0)]), wide());
    expect(carried.folded).toMatchObject({
      roles: 0,
      actors: 10_001,
      pairs: 1,
      matrix: 10_001,
      denied: 15_001,
    });
    const spot = merged.denied.get(
      JSON.stringify([`arn:aws:iam::${account(0)}:user/u0`, roleArn(0), 'AccessDenied']),
    );
    expect(spot).toMatchObject({ calls: 2, firstMs: T0 - 120_000, lastMs: T0 });
  });
});

/** One copy of cross-account call `n` (sharedEventID `s-<n>`): the caller's (identity account) or the role owner's (prod). */
function crossAccountCopy(n: number, copy: 'caller' | 'owner'): CredentialEvent {
  const call = deniedCall(0, 0, T0 + n);
  return {
    ...call,
    success: true,
    role: { arn: roleArn(0), accountId: ACCOUNTS.prod, from: 'requestParameters' },
    actor:
      copy === 'caller'
        ? {
            type: 'AssumedRole',
            arn: `arn:aws:sts::${ACCOUNTS.identity}:assumed-role/OktaAdmin/alice`,
            accountId: ACCOUNTS.identity,
            display: 'OktaAdmin/alice',
          }
        : {
            type: 'AWSAccount',
            accountId: ACCOUNTS.identity,
            principalId: 'AROAEXAMPLE:alice',
            display: ACCOUNTS.identity,
          },
    sharedEventId: `s-${n}`,
    eventId: `${copy}-${n}`,
    recipientAccountId: copy === 'caller' ? ACCOUNTS.identity : ACCOUNTS.prod,
  };
}

describe('the memory for pairing the copies of cross-account calls', () => {
  it('holds 50,000 owner copies; one more is counted at once, as unpaired, in one input and when inputs merge', () => {
    const acc = feed([...range(50_000)].map((n) => crossAccountCopy(n, 'owner')));
    activityTap.onEvent(acc, crossAccountCopy(50_000, 'owner'), []);
    expect(acc.copies.pendingOwners.size).toBe(50_000);
    expect([acc.calls, acc.copies.unpaired]).toEqual([1, 1]);
    // The full side merged into a small one: its unpaired count carries over, its overflow is counted.
    const merged = mergeActivity(feed([crossAccountCopy(50_001, 'owner')]), acc);
    expect(merged.copies.pendingOwners.size).toBe(50_000);
    expect([merged.calls, merged.copies.unpaired]).toEqual([2, 2]);
    // A caller copy still pairs with its waiting owner copy; every record is accounted for.
    activityTap.onEvent(merged, crossAccountCopy(7, 'caller'), []);
    settleCopies(merged);
    expect([merged.calls, merged.copies.duplicates, merged.records.duplicates]).toEqual([50_002, 1, 0]);
  });

  it('remembers at most 50,000 caller copies', () => {
    const acc = feed([...range(50_001)].map((n) => crossAccountCopy(n, 'caller')));
    expect(acc.calls).toBe(50_001);
    expect(acc.copies.callerIds.size).toBe(50_000);
  });
});

describe('the facts kept for taking a second delivery out when inputs merge', () => {
  it('are kept for 20,000 records an input counted; a second delivery of a later one is counted and said to be unchecked', () => {
    // Two records in one input; 20,001 in the next, the first and the last of them the same two records.
    const few = feed([deniedCall(0, 0), deniedCall(20_000, 0)]);
    const many = feed([...range(20_001)].map((i) => deniedCall(i, 0)));
    const merged = mergeActivity(few, many);
    expect(merged.records.duplicates).toBe(1);
    expect(merged.records.unchecked).toBe(1);
    expect(merged.calls).toBe(20_002);
    expect(merged.roles.get(roleArn(0))?.calls).toBe(20_002);
  });
});
