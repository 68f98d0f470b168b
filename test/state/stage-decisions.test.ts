import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../functions/adapters/state/memory-store.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import {
  runStateStage,
  runStateStageSync,
  type SyncStateStore,
} from '../../functions/core/state/run-state-stage.ts';
import { factsOf, fixtureRecords, type Json, NOW_MS, stageOptions } from './support/stage.ts';

// What the state stage decides that the other state tests leave open: a long enumeration is one
// denied-burst finding, built from the input's last denied call; every burst an input completes is
// claimed; a burst another invocation claimed between this one's writes and its claim is not reported
// twice; and expiry is judged as of the input's earliest call. The example organisation: 5 denied calls
// within 10 minutes; pairs forgotten after 90 days.

const DAY = 86_400_000;
const template = fixtureRecords('denied-burst/role-enumeration.json')[0] as Json;

/** A denied AssumeRole at `time`, by build-bot or another IAM user of the same account. */
const denied = (time: string, n: number, user = 'build-bot'): Json => ({
  ...template,
  userIdentity: {
    ...(template.userIdentity as Json),
    arn: `arn:aws:iam::444455556666:user/${user}`,
    userName: user,
  },
  eventTime: time,
  eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  requestID: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
});

const burstsOf = (findings: readonly Finding[]) => findings.filter((f) => f.rule === 'denied-burst');

function run(store: SyncStateStore, records: readonly Json[]): Finding[] {
  return [...runStateStageSync(store, factsOf(records), stageOptions(), NOW_MS).findings];
}

/** The same through the asynchronous stage (the Lambda functions', on DynamoDB or memory). */
async function runAsync(store: MemoryStateStore, records: readonly Json[]): Promise<Finding[]> {
  return [...(await runStateStage(store, factsOf(records), stageOptions(), NOW_MS)).findings];
}

// Buckets are 10 minutes long (03:00, 03:10, …).
const firstBucket = [5, 6, 7, 8, 9].map((m, i) => denied(`2026-11-20T03:0${m}:00Z`, i + 1));
const secondBucket = [0, 1, 2, 3, 4].map((m, i) => denied(`2026-11-20T03:1${m}:00Z`, i + 6));

describe('denied-burst decisions of the state stage', () => {
  it('reports an enumeration that goes on into the next bucket once, in one input or two', () => {
    const one = burstsOf(
      run(new MemoryStateStore({ wallClock: () => NOW_MS }), [...firstBucket, ...secondBucket]),
    );
    const store = new MemoryStateStore({ wallClock: () => NOW_MS });
    const two = [...burstsOf(run(store, firstBucket)), ...burstsOf(run(store, secondBucket))];

    expect(one).toHaveLength(1);
    expect(two.map((f) => f.id)).toEqual(one.map((f) => f.id));
  });

  it('builds the finding from the last denied call of the input that completed the burst', () => {
    const shuffled = [
      firstBucket[4],
      firstBucket[0],
      firstBucket[3],
      firstBucket[1],
      firstBucket[2],
    ] as Json[];

    const [burst] = burstsOf(run(new MemoryStateStore({ wallClock: () => NOW_MS }), shuffled));

    expect(burst?.eventId).toBe(firstBucket[4]?.eventID);
    expect(burst?.eventTime).toBe('2026-11-20T03:09:00Z');
  });

  it('reports every burst one input completes (two actors), in the CLI and in Lambda', async () => {
    const other = [5, 6, 7, 8, 9].map((m, i) => denied(`2026-11-20T03:0${m}:30Z`, i + 20, 'deploy-bot'));
    const input = [...firstBucket, ...other];

    const found = burstsOf(run(new MemoryStateStore({ wallClock: () => NOW_MS }), input));
    const foundAsync = burstsOf(await runAsync(new MemoryStateStore({ wallClock: () => NOW_MS }), input));

    const actors = (fs: readonly Finding[]) => fs.map((f) => f.actor.arn).sort();
    expect(actors(found)).toEqual([
      'arn:aws:iam::444455556666:user/build-bot',
      'arn:aws:iam::444455556666:user/deploy-bot',
    ]);
    expect(actors(foundAsync)).toEqual(actors(found));
  });

  it('does not report a burst another invocation claimed between this one writing its calls and claiming', () => {
    const inner = new MemoryStateStore({ wallClock: () => NOW_MS });
    const a = firstBucket;
    const b = [...firstBucket.slice(0, 4), denied('2026-11-20T03:09:30Z', 99)];
    let aFindings: Finding[] = [];
    // b's claim arrives after a's whole stage ran: a's calls and claim landed in between.
    const racing: SyncStateStore = {
      readSync: (keys, at) => inner.readSync(keys, at),
      writeSync(ops, at) {
        if (ops.some((op) => op.op === 'fire-burst')) aFindings = run(inner, a);
        return inner.writeSync(ops, at);
      },
    };

    const bFindings = run(racing, b);

    expect(burstsOf(aFindings)).toHaveLength(1);
    expect(burstsOf(bFindings)).toEqual([]);
  });
});

describe('expiry in the state stage', () => {
  it.each([
    ['the CLI', async (store: MemoryStateStore, records: readonly Json[]) => run(store, records)],
    ['Lambda', runAsync],
  ])(
    'judges a pair as of the input earliest call (%s): live then, it is known, though expired by its latest',
    async (_, stage) => {
      const [call] = fixtureRecords('rules/first-seen-pair/match.json').slice(1) as Json[];
      const store = new MemoryStateStore({ wallClock: () => NOW_MS + 200 * DAY });
      const first = await stage(store, [call as Json]);
      expect(first.map((f) => f.rule)).toContain('first-seen-pair');

      // The pair's 90 days end one second after its next call; the input also holds a call two seconds later.
      const forgottenAt = Date.parse(String(call?.eventTime)) + 90 * DAY;
      const at = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
      const again = {
        ...call,
        eventID: 'again-0001',
        requestID: 'again-0001',
        eventTime: at(forgottenAt - 1_000),
      };
      const later = denied(at(forgottenAt + 1_000), 500);

      const second = await stage(store, [again, later]);

      expect(second.map((f) => f.rule)).not.toContain('first-seen-pair');
    },
  );
});
