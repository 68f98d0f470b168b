import type { Finding } from '../model/finding.ts';
import { findingGroupKey } from '../pipeline/finding-group.ts';
import { makeVisible } from '../text/invisible-characters.ts';

/** `findings.csv`'s columns, in order: the finding fields of CONTRACT §4, flattened, and the group key. */
export const CSV_COLUMNS = [
  'id',
  'rule',
  'severity',
  'title',
  'eventTime',
  'eventName',
  'eventId',
  'sharedEventId',
  'awsRegion',
  'recipientAccountId',
  'roleArn',
  'roleAccountId',
  'actorType',
  'actorArn',
  'actorAccountId',
  'actorDisplay',
  'sourceIp',
  'userAgent',
  'sessionName',
  'requestedSeconds',
  'grantedSeconds',
  'sourceIdentity',
  'expected',
  'actual',
  'note',
  'remediation',
  'suppressed',
  'suppressionOwner',
  'suppressionReason',
  'suppressionExpires',
  'location',
  'groupKey',
] as const;

/**
 * A spreadsheet would run a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
 * before one) as a formula: `=HYPERLINK(…)` in a session name would be a link in the auditor's sheet.
 * Such cells get a leading `'`, which spreadsheets show as text and CSV readers keep.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * RFC 4180: a field with a quote, comma, CR or LF is quoted, quotes doubled. Invisible and
 * direction-changing characters (ESC, bidi overrides, zero-width…) become visible `\u{…}` escapes first, as
 * in the other formats: a sheet or `cat` would otherwise show a reordered or hidden value.
 */
function field(value: string): string {
  // CR stays: a quoted field may hold line breaks, and a leading one is neutralised below.
  const safe = neutraliseFormula(value.replace(/[^\r]+/g, makeVisible));
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const row = (values: readonly string[]): string => `${values.map(field).join(',')}\r\n`;

export const csvHeader = (): string => row(CSV_COLUMNS);

/** One finding as one CSV record (CRLF-terminated); absent fields are empty. */
export function csvRow(f: Finding): string {
  const s = (v: string | number | boolean | undefined): string => (v === undefined ? '' : String(v));
  const values: Record<(typeof CSV_COLUMNS)[number], string> = {
    id: f.id,
    rule: f.rule,
    severity: f.severity,
    title: f.title,
    eventTime: s(f.eventTime),
    eventName: f.eventName,
    eventId: s(f.eventId),
    sharedEventId: s(f.sharedEventId),
    awsRegion: s(f.awsRegion),
    recipientAccountId: s(f.recipientAccountId),
    roleArn: s(f.role?.arn),
    roleAccountId: s(f.role?.accountId),
    actorType: f.actor.type,
    actorArn: s(f.actor.arn),
    actorAccountId: s(f.actor.accountId),
    actorDisplay: f.actor.display,
    sourceIp: s(f.sourceIp),
    userAgent: s(f.userAgent),
    sessionName: s(f.session.name),
    requestedSeconds: s(f.session.requestedSeconds),
    grantedSeconds: s(f.session.grantedSeconds),
    sourceIdentity: s(f.session.sourceIdentity),
    expected: f.evidence.expected,
    actual: f.evidence.actual,
    note: s(f.evidence.note),
    remediation: f.remediation,
    suppressed: String(f.suppressed),
    suppressionOwner: s(f.suppression?.owner),
    suppressionReason: s(f.suppression?.reason),
    suppressionExpires: s(f.suppression?.expires),
    location: s(f.location),
    groupKey: findingGroupKey(f),
  };
  return row(CSV_COLUMNS.map((c) => values[c]));
}
