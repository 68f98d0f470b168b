// Selective unwrapping of CloudWatch Logs subscriptions: a plain data message is planned from the bytes
// of its payload (planLogsPayload), the rest is parsed as a whole; the two judge every payload alike.

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CANDIDATE_CALLS } from '../../functions/core/decode/candidate-calls.ts';
import { planLogsPayload } from '../../functions/core/decode/logs-payload-plan.ts';
import { unwrapValue } from '../../functions/core/decode/unwrap-value.ts';
import { generateTrail } from '../../functions/trail-generator/generate-trail.ts';
import { judgeValueBoth } from './judge-both.ts';
import { changedPayload, changedPayloadText, PAYLOAD_CHANGES, type Payload } from './logs-payload-changes.ts';
import { type CloudTrailRecord, collect, logsPayload, realRecords } from './support.ts';

const { assumeRole, leaveOrganization, failedAssumeRole } = realRecords();
/** A candidate, a record that cannot matter, a failed candidate: as CloudTrail's log group holds them. */
const BASE = logsPayload([assumeRole, leaveOrganization, failedAssumeRole]) as Payload;
const bytes = (text: string): Buffer => Buffer.from(text);
const encoded = (text: string) => ({ awslogs: { data: gzipSync(bytes(text)).toString('base64') } });

describe('planLogsPayload', () => {
  it('plans a data message: the record that cannot matter is skipped, the candidates keep their text', () => {
    const plan = planLogsPayload(bytes(JSON.stringify(BASE)));

    expect(plan).toEqual([
      { kind: 'text', index: 0, text: JSON.stringify(assumeRole), checked: true },
      { kind: 'skipped' },
      { kind: 'text', index: 2, text: JSON.stringify(failedAssumeRole), checked: true },
    ]);
  });

  it('unescapes every JSON escape of a message as JSON.parse does; a \\u escape leaves it to JavaScript', () => {
    const userAgent = 'tab\there "quoted" back\\slash\nnew line \b\f\r é漢字🙂';
    const odd = { eventSource: 's3.amazonaws.com', eventName: 'GetObject', userAgent };
    const candidate = { ...assumeRole, userAgent };
    // Not JSON (control characters raw in a string): the payload carries them as \b \f \t \r \n.
    const raw = `{"eventSource":"sts.amazonaws.com","x":"\b\f\t\r\n\\/"}`;
    const text = JSON.stringify(logsPayload([odd, odd, candidate, raw] as unknown as CloudTrailRecord[]))
      .replace('/', '\\/') // in the candidate's role ARN
      .replace(/(logEvents.*?)\\"eventName\\"/, '$1\\"even\\u0074Name\\"');

    const plan = planLogsPayload(bytes(text));

    // The first message, with \u, is decoded by JSON.parse and checked when it is unwrapped.
    expect(plan).toEqual([
      { kind: 'text', index: 0, text: JSON.stringify(odd), checked: false },
      { kind: 'skipped' },
      { kind: 'text', index: 2, text: JSON.stringify(candidate), checked: true },
      { kind: 'text', index: 3, text: raw, checked: true },
    ]);
  });

  it('plans a payload of generated traffic at the size CloudWatch Logs delivers, as parsing it would', () => {
    const records = [...generateTrail({ records: 400, seed: 3 })].flatMap((f) => f.records);
    const payload = logsPayload(records as CloudTrailRecord[]);

    const plan = planLogsPayload(bytes(JSON.stringify(payload)));
    const parsed = collect(unwrapValue(payload, { file: 'event' }));

    expect(JSON.stringify(payload).length).toBeGreaterThan(200_000);
    const candidate = (r: CloudTrailRecord): boolean =>
      CANDIDATE_CALLS[String(r.eventSource)]?.includes(String(r.eventName)) === true;
    expect(plan?.filter((m) => m.kind === 'skipped').length).toBe(
      records.filter((r) => !candidate(r)).length,
    );
    expect(plan?.flatMap((m) => (m.kind === 'text' ? [JSON.parse(m.text)] : []))).toEqual(
      parsed.records.map((r) => r.record).filter(candidate),
    );
  });

  it.each(PAYLOAD_CHANGES.map((c) => [c.name, c] as const))(
    '%s: planned only if still plain',
    (_, change) => {
      const plan = planLogsPayload(bytes(changedPayloadText(BASE, [change])));

      expect(plan !== undefined).toBe(change.plain);
    },
  );
});

describe('selective unwrapping of subscriptions', () => {
  it.each(PAYLOAD_CHANGES.map((c) => [c.name, c] as const))(
    '%s: judged exactly as parsing every message judges it',
    (_, change) => {
      for (const indent of [undefined, 2]) {
        const both = judgeValueBoth(encoded(changedPayloadText(BASE, [change], indent)));
        expect(both.selective).toBe(both.full);
      }
      if (change.object !== undefined) {
        const both = judgeValueBoth(changedPayload(BASE, [change]));
        expect(both.selective).toBe(both.full);
      }
    },
  );

  it('judges a plain subscription as parsing every message does: findings, counts and locations', () => {
    const both = judgeValueBoth(encoded(JSON.stringify(BASE)));
    const out = JSON.parse(both.selective) as { findings: { location: string }[]; summary: unknown };

    expect(both.selective).toBe(both.full);
    expect(out.findings.map((f) => f.location)).toContain('event logEvents[2].message');
  });
});
