import '../model/zod-setup.ts';
import * as z from 'zod/mini';
import { ACTOR_TYPES, CREDENTIAL_EVENT_NAMES } from '../model/credential-event.ts';
import { SEVERITIES } from '../model/severity.ts';

/**
 * The version of `report.json`'s schema. It changes only when a field is renamed or removed or its
 * meaning changes; new optional fields keep it. A reader should refuse a version it does not know.
 */
export const REPORT_SCHEMA_VERSION = 1;

const count = z.number().check(z.int(), z.nonnegative());
const time = z.iso.datetime({ offset: true });
const tally = z.record(z.string(), count);
const severity = z.enum(SEVERITIES);

export const CallCountsSchema = z.object({ calls: count, denied: count });

export const ActorSummarySchema = z.object({
  /** The actor's ARN, else its display: the key finding groups use. */
  key: z.string(),
  display: z.string(),
  type: z.enum(ACTOR_TYPES),
  arn: z.optional(z.string()),
  accountId: z.optional(z.string()),
});

export const SessionLengthsSchema = z.object({
  /** Successful calls that state a granted duration. */
  count,
  maxSeconds: count,
  /** The upper edge of the histogram bucket holding the middle session (exact for the usual lengths). */
  medianSeconds: z.optional(count),
  /** Calls per bucket of `activity.durationBucketEdgesSeconds`, plus one for longer sessions. */
  histogram: z.array(count),
});

export const RoleRowSchema = z.extend(CallCountsSchema, {
  /** Null for calls that name no role (GetSessionToken, GetFederationToken). */
  roleArn: z.nullable(z.string()),
  distinctActors: count,
  sessions: SessionLengthsSchema,
  /** The trust-file entry that applies (its `arn` pattern), if any. */
  entry: z.nullable(z.string()),
  /** The `maxSessionSeconds` in force for the role (its entry's, else the default). */
  maxSessionSeconds: count,
});

export const ActorRowSchema = z.extend(CallCountsSchema, { actor: ActorSummarySchema, roles: count });

export const PairRowSchema = z.extend(CallCountsSchema, {
  actor: ActorSummarySchema,
  roleArn: z.nullable(z.string()),
  firstTime: z.optional(time),
  lastTime: z.optional(time),
  /** The first successful call of the pair. */
  firstGrantTime: z.optional(time),
});

export const DeniedSpotSchema = z.object({
  actor: ActorSummarySchema,
  roleArn: z.nullable(z.string()),
  errorCode: z.string(),
  calls: count,
  firstTime: z.optional(time),
  lastTime: z.optional(time),
});

export const FindingGroupRowSchema = z.object({
  /** `findingGroupKey`: rule, role and actor, as in `scan`'s JSON `groupKey`. */
  key: z.string(),
  rule: z.string(),
  severity,
  count,
  suppressed: count,
  firstTime: z.optional(time),
  lastTime: z.optional(time),
  title: z.string(),
  roleArn: z.optional(z.string()),
  actor: z.object({ display: z.string(), arn: z.optional(z.string()), accountId: z.optional(z.string()) }),
  evidence: z.object({ expected: z.string(), actual: z.string(), note: z.optional(z.string()) }),
  remediation: z.string(),
  /** Where the representative call came from, as the record says (attacker-controllable text). */
  sourceIp: z.optional(z.string()),
  userAgent: z.optional(z.string()),
  sessionName: z.optional(z.string()),
  /** Id of the representative finding (in `findings.csv`). */
  findingId: z.string(),
});

const SuppressionRefSchema = z.object({
  rule: z.string(),
  role: z.string(),
  actor: z.optional(z.string()),
  owner: z.string(),
  reason: z.string(),
  expires: z.string(),
});

/** Whether a report covers all of its period's inputs, and if not, why. */
export const CompletenessSchema = z.object({
  complete: z.boolean(),
  /** One sentence per reason, shown first in every format and in the summary. */
  reasons: z.array(z.string()),
  /** Why reading stopped before the end of the sources (the Lambda time limit, a failed source). */
  stoppedEarly: z.optional(z.string()),
});

const Delta = z.object({ previous: z.number(), current: z.number() });

export const ChangeSchema = z.object({
  previousGeneratedAt: time,
  previousPeriod: z.object({ since: z.optional(time), until: z.optional(time) }),
  totals: z.record(z.string(), Delta),
  bySeverity: z.record(z.string(), Delta),
  byRule: z.record(z.string(), Delta),
  /** Finding groups absent from the previous report, and groups it had that did not recur. */
  newGroups: z.array(z.object({ key: z.string(), rule: z.string(), severity, count })),
  resolvedGroups: z.array(z.object({ key: z.string(), rule: z.string(), severity, count })),
  /** (actor, role) pairs with a successful call now that the previous report did not list. */
  newPairs: count,
});

/**
 * `report.json` (CONTRACT §5 `report`): one period's audit. `totals` is exactly `scan --format json`'s
 * `summary` over the same inputs; `activity` counts calls, a cross-account call once (`totals` counts
 * records: `activity.calls + activity.duplicateCopies + activity.duplicateRecords = totals.credentialEvents`).
 */
export const ReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  generatedAt: time,
  generator: z.object({ name: z.literal('rolewatch'), version: z.string() }),
  period: z.object({
    since: z.optional(time),
    until: z.optional(time),
    firstEventTime: z.optional(time),
    lastEventTime: z.optional(time),
  }),
  sources: z.array(z.string()),
  trustFile: z.object({
    name: z.string(),
    sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    /** `accounts`: the zone of trust. */
    accounts: z.array(z.string()),
    roles: count,
    suppressions: count,
  }),
  /** `scan --format json`'s `summary` (its fields may grow: read the ones you know). */
  totals: z.looseObject({
    files: count,
    records: count,
    credentialEvents: count,
    /** Credential events read but outside the report's period (not judged). */
    outsidePeriod: z.optional(count),
    skipped: count,
    malformed: count,
    findings: count,
    suppressed: count,
    byRule: tally,
    bySeverity: tally,
    byEventName: tally,
  }),
  /**
   * Whether every input of the period was read (optional only so that reports written before it parse as
   * `--previous`; always written).
   */
  completeness: z.optional(CompletenessSchema),
  inputErrors: z.object({
    count,
    shown: z.array(z.object({ location: z.string(), kind: z.string(), message: z.string() })),
  }),
  activity: z.object({
    calls: count,
    duplicateCopies: count,
    /**
     * Second deliveries of a record already counted (same eventID: a trail read twice, overlapping
     * trails): `calls + duplicateCopies + duplicateRecords = totals.credentialEvents`. Optional only for
     * reports written before it.
     */
    duplicateRecords: z.optional(count),
    /** Calls counted without looking for an earlier delivery (the memory for eventIDs was full). */
    uncheckedRecords: z.optional(count),
    /** Owner copies counted without looking for their caller copy (pairing memory was full). */
    unpairedCopies: count,
    untimed: count,
    durationBucketEdgesSeconds: z.array(count),
    byRole: z.array(RoleRowSchema),
    byActor: z.array(ActorRowSchema),
    accountMatrix: z.object({
      accounts: z.array(z.string()),
      cells: z.array(z.object({ from: z.string(), to: z.string(), calls: count })),
    }),
    byEventName: z.array(z.extend(CallCountsSchema, { eventName: z.enum(CREDENTIAL_EVENT_NAMES) })),
    timeline: z.object({
      bucket: z.enum(['hour', 'day']),
      points: z.array(z.extend(CallCountsSchema, { start: time })),
    }),
    pairs: z.array(PairRowSchema),
    /** Calls left out of a table because it reached its size limit (they are in `calls`). */
    notItemised: z.record(z.string(), count),
  }),
  findings: z.object({
    count,
    suppressed: count,
    byRule: tally,
    bySeverity: tally,
    /** Distinct groups; `groups` lists the first 1000 in severity, then count order. */
    groupCount: count,
    /** Findings of groups beyond the grouping limit. */
    ungrouped: count,
    groups: z.array(FindingGroupRowSchema),
  }),
  suppressions: z.object({
    used: z.array(
      z.object({
        rule: z.string(),
        owner: z.string(),
        reason: z.string(),
        expires: z.string(),
        findings: count,
      }),
    ),
    expiringSoon: z.array(z.extend(SuppressionRefSchema, { daysLeft: count })),
    expired: z.array(SuppressionRefSchema),
  }),
  unusedTrust: z.object({
    /** False when the pairs table was full: a principal listed as unused may have been used. */
    complete: z.boolean(),
    roles: z.array(
      z.object({
        entry: z.string(),
        line: z.optional(count),
        trustedPrincipals: z.array(
          z.object({
            principal: z.string(),
            status: z.enum(['used', 'account-only', 'unused']),
            calls: count,
          }),
        ),
      }),
    ),
    /** Entries no call in the period applied to (no role matched, or an earlier entry took every match). */
    entriesWithoutCalls: z.array(z.object({ entry: z.string(), line: z.optional(count) })),
  }),
  newPairs: z.object({
    /** `previous-report`: pairs not in the previous report; `period`: every pair, latest first appearance first. */
    basis: z.enum(['previous-report', 'period']),
    pairs: z.array(PairRowSchema),
  }),
  /** The first 200 (actor, role, error) spots of denied calls, most calls first. */
  deniedHotSpots: z.array(DeniedSpotSchema),
  /** How many spots there were (absent in reports written before it: `deniedHotSpots.length` then). */
  deniedHotSpotCount: z.optional(count),
  change: z.optional(ChangeSchema),
  links: z.object({ dashboard: z.optional(z.url({ protocol: /^https$/ })) }),
});

export type Report = z.infer<typeof ReportSchema>;
export type RoleRow = z.infer<typeof RoleRowSchema>;
export type ActorSummary = z.infer<typeof ActorSummarySchema>;
export type PairRow = z.infer<typeof PairRowSchema>;
export type FindingGroupRow = z.infer<typeof FindingGroupRowSchema>;
export type Change = z.infer<typeof ChangeSchema>;
export type Completeness = z.infer<typeof CompletenessSchema>;
