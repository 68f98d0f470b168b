import { describe, expect, it } from 'vitest';
import { findingGroupKey } from '../../functions/core/pipeline/finding-group.ts';
import { FindingGroups } from '../../functions/core/report/finding-groups.ts';
import { ACCOUNTS, assumeRoleRecord, denied, iamUser } from '../rules/support/cloudtrail-records.ts';
import { exampleConfig, judgeRecords } from './support.ts';

const DEPLOY = `arn:aws:iam::${ACCOUNTS.prod}:role/Deploy`;

describe('finding groups', () => {
  it('turns many denied calls of one job into one group with count, first and last time', () => {
    const job = iamUser(ACCOUNTS.tooling, 'nightly-job');
    const times = [
      '2026-11-29T03:00:00Z',
      '2026-11-29T01:00:00Z',
      '2026-11-29T05:30:00Z',
      '2026-11-29T02:15:00Z',
    ];
    const records = times.map((eventTime, i) =>
      denied(assumeRoleRecord({ identity: job, roleArn: DEPLOY, eventTime, eventID: `denied-${i}` })),
    );
    const other = assumeRoleRecord({
      identity: iamUser(ACCOUNTS.tooling, 'someone'),
      roleArn: DEPLOY,
      eventID: 'other',
    });
    const { findings } = judgeRecords([...records, denied(other)], exampleConfig());
    const groups = new FindingGroups();
    // Streamed in two batches, as runScan hands them over.
    groups.add(findings.slice(0, 2));
    groups.add(findings.slice(2));
    const [jobGroup, otherGroup, ...rest] = groups.groups();
    expect(rest).toEqual([]);
    expect(jobGroup).toMatchObject({
      rule: 'assume-denied',
      count: 4,
      suppressed: 0,
      firstTime: '2026-11-29T01:00:00Z',
      lastTime: '2026-11-29T05:30:00Z',
    });
    expect(jobGroup?.key).toBe(findingGroupKey(findings[0]!));
    // The representative is the earliest finding of the group.
    expect(jobGroup?.representative.eventTime).toBe('2026-11-29T01:00:00Z');
    expect(otherGroup?.count).toBe(1);
  });

  it('counts suppressed findings per suppression with owner, reason and expiry', () => {
    const etl = iamUser(ACCOUNTS.prod, 'etl');
    const records = [1, 2, 3].map((i) =>
      assumeRoleRecord({
        identity: etl,
        roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/DataPipeline`,
        durationSeconds: 21600,
        eventID: `etl-${i}`,
        eventTime: `2026-11-2${i}T02:00:00Z`,
      }),
    );
    const { findings } = judgeRecords(records, exampleConfig());
    const groups = new FindingGroups();
    groups.add(findings);
    const [group] = groups.groups();
    expect(group).toMatchObject({ rule: 'session-too-long', count: 3, suppressed: 3 });
    expect(groups.suppressions()).toEqual([
      expect.objectContaining({
        rule: 'session-too-long',
        owner: expect.any(String),
        reason: expect.any(String),
        count: 3,
      }),
    ]);
  });
});
