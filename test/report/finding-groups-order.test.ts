import { describe, expect, it } from 'vitest';
import type { Finding } from '../../functions/core/model/finding.ts';
import { findingGroupKey } from '../../functions/core/pipeline/finding-group.ts';
import { FindingGroups } from '../../functions/core/report/finding-groups.ts';
import { ACCOUNTS, assumeRoleRecord, denied, iamUser } from '../rules/support/cloudtrail-records.ts';
import { exampleConfig, judgeRecords, reportOf } from './support.ts';

const DEPLOY = `arn:aws:iam::${ACCOUNTS.prod}:role/Deploy`;

/** The assume-denied finding of one real-shaped denied call, as the engine makes it. */
function deniedFinding(): Finding {
  const record = denied(
    assumeRoleRecord({
      identity: iamUser(ACCOUNTS.tooling, 'nightly-job'),
      roleArn: DEPLOY,
      eventTime: '2026-11-29T03:00:00Z',
      eventID: 'group-base',
    }),
  );
  const [finding] = judgeRecords([record], exampleConfig()).findings.filter(
    (f) => f.rule === 'assume-denied',
  );
  if (finding === undefined) throw new Error('no assume-denied finding');
  return finding;
}

/** The same finding by another actor (another group), or at another time or severity (the same group). */
const variant = (f: Finding, patch: Partial<Finding> & { actorArn?: string }): Finding => {
  const { actorArn, ...rest } = patch;
  return {
    ...f,
    ...rest,
    ...(actorArn === undefined ? {} : { actor: { ...f.actor, arn: actorArn } }),
  };
};

describe('finding groups: severity, representative and order', () => {
  const base = deniedFinding();

  it('takes the highest severity, and its earliest finding as the representative (the first on a tie)', () => {
    const groups = new FindingGroups();
    const later = variant(base, { id: 'later', eventTime: '2026-11-29T05:00:00Z', severity: 'critical' });
    const tie = variant(base, { id: 'tie', eventTime: '2026-11-29T05:00:00Z', severity: 'critical' });
    const lowEarly = variant(base, { id: 'low-early', eventTime: '2026-11-29T01:00:00Z', severity: 'info' });
    groups.add([base, later, tie, lowEarly]);
    const [g, ...rest] = groups.groups();
    expect(rest).toEqual([]);
    expect(g?.severity).toBe('critical');
    expect(g?.representative.id).toBe('later');
    expect([g?.count, g?.firstTime, g?.lastTime]).toEqual([
      4,
      '2026-11-29T01:00:00Z',
      '2026-11-29T05:00:00Z',
    ]);

    // An earlier finding of the highest severity takes over.
    const other = new FindingGroups();
    const critEarly = variant(base, {
      id: 'crit-early',
      eventTime: '2026-11-29T04:00:00Z',
      severity: 'critical',
    });
    other.add([base, later, critEarly]);
    expect(other.groups()[0]?.representative.id).toBe('crit-early');
  });

  it('lists the most severe groups first, then the largest, then by key', () => {
    const groups = new FindingGroups();
    const small = (n: string) => variant(base, { actorArn: `arn:aws:iam::${ACCOUNTS.tooling}:user/${n}` });
    const big = [1, 2, 3].map((i) => variant(small('big'), { id: `big-${i}` }));
    const severe = variant(small('severe'), { severity: 'critical' });
    const others = ['c', 'a', 'b'].map(small);
    groups.add([...others, ...big, severe]);
    const keys = (names: string[]) => names.map((n) => findingGroupKey(small(n)));
    expect(groups.groups().map((g) => g.key)).toEqual([
      ...keys(['severe', 'big']),
      ...keys(['a', 'b', 'c']).sort(),
    ]);
  });

  it('counts findings per suppression (rule, owner, reason, expiry), the most used first', () => {
    const groups = new FindingGroups();
    const s = (reason: string, expires: string) =>
      variant(base, { suppressed: true, suppression: { owner: 'secops@acme.example', reason, expires } });
    groups.add([
      s('SEC-1', '2027-01-31'),
      s('SEC-2', '2027-01-31'),
      s('SEC-2', '2027-01-31'),
      s('SEC-2', '2026-12-31'),
    ]);
    expect(groups.suppressions().map((u) => [u.reason, u.expires, u.count])).toEqual([
      ['SEC-2', '2027-01-31', 2],
      ['SEC-2', '2026-12-31', 1],
      ['SEC-1', '2027-01-31', 1],
    ]);
  });

  it('keeps 10,000 groups and counts the findings of further groups as ungrouped', () => {
    const groups = new FindingGroups();
    const many = Array.from({ length: 10_001 }, (_, i) =>
      variant(base, { actorArn: `arn:aws:iam::${ACCOUNTS.tooling}:user/job-${i}` }),
    );
    groups.add(many);
    groups.add([many[0] as Finding, many[10_000] as Finding]);
    expect(groups.groups()).toHaveLength(10_000);
    expect(groups.ungrouped).toBe(2);
    expect(groups.groups().find((g) => g.key === findingGroupKey(many[0] as Finding))?.count).toBe(2);
  });
});

describe('finding groups in report.json', () => {
  it('lists the first 1,000 groups and counts them all', () => {
    const config = exampleConfig();
    const judged = judgeRecords([], config);
    const base = deniedFinding();
    const findings = Array.from({ length: 1001 }, (_, i) =>
      variant(base, { actorArn: `arn:aws:iam::${ACCOUNTS.tooling}:user/job-${i}` }),
    );
    const report = reportOf({ ...judged, findings }, config);
    expect([report.findings.groups.length, report.findings.groupCount]).toEqual([1000, 1001]);
  });
});
