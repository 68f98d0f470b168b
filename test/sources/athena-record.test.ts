import { describe, expect, it } from 'vitest';
import { buildAthenaQuery, dayPartitionOf } from '../../functions/adapters/sources/athena-query.ts';
import { isComplexType, recordFromRow } from '../../functions/adapters/sources/athena-record.ts';
import { normalizeRecord } from '../../functions/core/normalize/normalize-record.ts';
import { CLOUDTRAIL_TABLE_COLUMNS } from '../../infra/constructs/cloudtrail-table-schema.ts';
import { athenaRow, declaredLeaves } from '../support/athena-rows.ts';
import { type CloudTrailRecord, demoTrail, fixtureRecords } from '../support/trail-objects.ts';

const RESULT_COLUMNS = CLOUDTRAIL_TABLE_COLUMNS.map((c) => ({ name: c.name, json: isComplexType(c.type) }));

/** A chained session of a web identity whose claims (map keys) must come back verbatim. */
function withClaims(record: CloudTrailRecord): CloudTrailRecord {
  const copy = structuredClone(record) as { userIdentity: { sessionContext: Record<string, unknown> } };
  copy.userIdentity.sessionContext.webIdFederationData = {
    federatedProvider: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
    attributes: {
      'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/main',
      Sub: 'x',
      arn: 'y',
    },
  };
  return copy as CloudTrailRecord;
}

function records(): CloudTrailRecord[] {
  const fixtures = fixtureRecords();
  const chained = fixtures.find((r) => (r.userIdentity as { type?: string }).type === 'AssumedRole')!;
  const demo = demoTrail(400).records.filter((r) => r.eventSource === 'sts.amazonaws.com');
  return [...fixtures, withClaims(chained), ...demo];
}

describe('Athena result rows back into CloudTrail records', () => {
  const all = records();

  it('restores CloudTrail spelling of every field the table declares, and nothing else, for real-shaped records', () => {
    for (const record of all) {
      const rebuilt = recordFromRow(RESULT_COLUMNS, athenaRow(record, CLOUDTRAIL_TABLE_COLUMNS));

      expect(declaredLeaves(rebuilt, CLOUDTRAIL_TABLE_COLUMNS)).toEqual(
        declaredLeaves(record, CLOUDTRAIL_TABLE_COLUMNS),
      );
    }
    expect(all.length).toBeGreaterThan(50);
  });

  it('gives the normalizer the same credential event as the original record', () => {
    for (const record of all) {
      const rebuilt = recordFromRow(RESULT_COLUMNS, athenaRow(record, CLOUDTRAIL_TABLE_COLUMNS));

      expect(normalizeRecord(rebuilt, { file: 'x' })).toEqual(normalizeRecord(record, { file: 'x' }));
    }
  });

  it('keeps the camelCase names that a lower-case → camelCase rule would get wrong', () => {
    const record = fixtureRecords().find(
      (r) =>
        Array.isArray(r.resources) &&
        r.sharedEventID !== undefined &&
        (r.userIdentity as { type?: string }).type === 'AssumedRole',
    )!;

    const rebuilt = recordFromRow(RESULT_COLUMNS, athenaRow(record, CLOUDTRAIL_TABLE_COLUMNS));

    expect(Object.keys(rebuilt)).toEqual(
      expect.arrayContaining(['sourceIPAddress', 'requestID', 'eventID', 'sharedEventID']),
    );
    expect((rebuilt.resources as Record<string, unknown>[])[0]).toHaveProperty('ARN');
    expect(rebuilt.userIdentity).toHaveProperty('sessionContext.sessionIssuer.userName');
    expect(rebuilt.userIdentity).toHaveProperty('sessionContext.attributes.mfaAuthenticated');
  });

  it("keeps a denied call's null requestParameters and leaves absent fields out", () => {
    const denied = fixtureRecords().find((r) => r.requestParameters === null)!;

    const rebuilt = recordFromRow(RESULT_COLUMNS, athenaRow(denied, CLOUDTRAIL_TABLE_COLUMNS));

    expect(rebuilt.requestParameters).toBeNull();
    expect(rebuilt).not.toHaveProperty('vpcEndpointId');
    expect(rebuilt).not.toHaveProperty('addendum');
  });
});

describe('the Athena query', () => {
  const columns = CLOUDTRAIL_TABLE_COLUMNS;
  const period = { sinceMs: Date.parse('2026-11-01T00:00:00Z'), untilMs: Date.parse('2026-11-08T00:00:00Z') };

  it('selects every column (complex ones as JSON), the STS and IAM calls, and prunes day partitions with a day of margin', () => {
    const plan = buildAthenaQuery({
      database: 'rolewatch',
      table: 'cloudtrail',
      columns,
      partition: { kind: 'column', column: 'day' },
      ...period,
    });

    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.value.sql).toContain('CAST("useridentity" AS JSON) AS "useridentity"');
    expect(plan.value.sql).toContain('FROM "rolewatch"."cloudtrail"');
    expect(plan.value.sql).toContain(`eventsource IN ('sts.amazonaws.com', 'iam.amazonaws.com')`);
    expect(plan.value.sql).toContain(
      `eventname IN ('AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'AssumeRoot', 'GetSessionToken', 'GetFederationToken', 'CreateRole', 'UpdateAssumeRolePolicy', 'UpdateRole')`,
    );
    expect(plan.value.sql).toContain(`"day" BETWEEN '2026/10/31' AND '2026/11/08'`);
    expect(plan.value.sql).toContain(`eventtime >= '2026-11-01T00:00:00Z'`);
    expect(plan.value.sql).toContain(`eventtime < '2026-11-08T00:00:00Z'`);
    expect(plan.value.sql).toMatch(/ORDER BY eventtime, eventid$/);
    expect(plan.value.columns).toHaveLength(columns.length);
  });

  it("writes the day range in the partition's own format, or in both when the table does not say", () => {
    const sqlFor = (parameters: Record<string, string>) => {
      const partition = dayPartitionOf([{ name: 'dt', type: 'string' }], undefined, parameters);
      if (!partition.ok) throw new Error(partition.error);
      const plan = buildAthenaQuery({
        database: 'd',
        table: 't',
        columns,
        partition: partition.value,
        ...period,
      });
      if (!plan.ok) throw new Error('no plan');
      return plan.value.sql;
    };
    const dashed = `"dt" BETWEEN '2026-10-31' AND '2026-11-08'`;
    const slashed = `"dt" BETWEEN '2026/10/31' AND '2026/11/08'`;
    // '2026-11-01' sorts below '2026/10/31': asked in the wrong spelling, a table reads nothing.
    const projected = sqlFor({ 'projection.enabled': 'true', 'projection.dt.format': 'yyyy-MM-dd' });
    expect(projected).toContain(dashed);
    expect(projected).not.toContain(slashed);
    expect(sqlFor({ 'projection.dt.format': 'yyyy/MM/dd' })).not.toContain(dashed);
    expect(sqlFor({})).toContain(`(${slashed} OR ${dashed})`);
  });

  it('compares a day partition of type date with dates, not text (Athena refuses date = varchar)', () => {
    const partition = dayPartitionOf([{ name: 'dt', type: 'date' }], undefined);
    expect(partition).toEqual({ ok: true, value: { kind: 'column', column: 'dt', date: true } });
    if (!partition.ok) return;
    const plan = buildAthenaQuery({
      database: 'd',
      table: 't',
      columns,
      partition: partition.value,
      ...period,
    });

    expect(plan.ok && plan.value.sql).toContain(`"dt" BETWEEN DATE '2026-10-31' AND DATE '2026-11-08'`);
    expect(plan.ok && plan.value.sql).not.toContain(`'2026/10/31'`);
  });

  it('finds the day partition: named, `day`/`timestamp`, year/month/day, or none', () => {
    const keys = (...names: string[]) => names.map((name) => ({ name, type: 'string' }));
    expect(dayPartitionOf(keys('account', 'region', 'day'), undefined)).toEqual({
      ok: true,
      value: { kind: 'column', column: 'day' },
    });
    expect(dayPartitionOf(keys('timestamp'), undefined)).toEqual({
      ok: true,
      value: { kind: 'column', column: 'timestamp' },
    });
    expect(dayPartitionOf(keys('region', 'year', 'month', 'day'), undefined)).toEqual({
      ok: true,
      value: { kind: 'ymd' },
    });
    expect(dayPartitionOf([], undefined)).toEqual({ ok: true, value: { kind: 'none' } });
    expect(dayPartitionOf(keys('day'), 'none')).toEqual({ ok: true, value: { kind: 'none' } });
    expect(dayPartitionOf(keys('day'), 'dt')).toEqual({
      ok: false,
      error: 'partition=dt: the table has no such partition key (it has: day)',
    });
  });

  it('refuses a table without the CloudTrail columns it filters on', () => {
    const plan = buildAthenaQuery({
      database: 'd',
      table: 't',
      columns: [{ name: 'eventname', type: 'string' }],
      partition: { kind: 'none' },
      ...period,
    });

    expect(plan).toEqual({ ok: false, error: 'not a CloudTrail table: no eventsource, eventtime column' });
  });
});
