import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIVITY_LIMITS } from '../../functions/core/report/activity.ts';
import { renderReportHtml } from '../../functions/core/report/render-html.ts';
import { renderReportMarkdown } from '../../functions/core/report/render-markdown.ts';
import { type Report, ReportSchema } from '../../functions/core/report/report-schema.ts';
import { ROOT } from '../cli/run-cli.ts';
import { runReport } from './support.ts';

// The denied-call hot spots are listed up to 200 in report.json (50 in the HTML, 10 in Markdown): the
// report says how many there were, as the other capped tables do, so a long tail is not taken for the whole.

const dir = mkdtempSync(join(tmpdir(), 'rolewatch-denied-spots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A role-name enumeration: build-bot denied on `roles` distinct roles, one call each (a real record's shape). */
function enumeration(roles: number): string {
  const [call] = (
    JSON.parse(
      readFileSync(join(ROOT, 'fixtures', 'cloudtrail', 'denied-burst', 'role-enumeration.json'), 'utf8'),
    ) as { Records: Record<string, unknown>[] }
  ).Records;
  const records = Array.from({ length: roles }, (_, i) => {
    const role = `arn:aws:iam::444455556666:role/Probe${String(i).padStart(3, '0')}`;
    return {
      ...call,
      eventTime: `2026-11-20T03:${String(14 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`,
      errorMessage: `User: arn:aws:iam::444455556666:user/build-bot is not authorized to perform: sts:AssumeRole on resource: ${role}`,
      requestID: `1675eb0f-aa23-4333-ad0a-${String(i).padStart(12, '0')}`,
      eventID: `1cc725c9-a743-4294-a7f8-${String(i).padStart(12, '0')}`,
    };
  });
  const file = join(dir, `enumeration-${roles}.json`);
  writeFileSync(file, JSON.stringify({ Records: records }));
  return file;
}

describe('denied-call hot spots', () => {
  it('says how many spots there were when it lists only the first 200', async () => {
    const out = join(dir, 'report-250');
    const run = await runReport(out, enumeration(250));
    expect(run.status).toBe(0);

    const report = ReportSchema.parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
    expect(report.deniedHotSpots).toHaveLength(200);
    expect(report.deniedHotSpotCount).toBe(250);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(
      '<caption>Denied calls by actor, role and error: the first 50 of 250; 200 more not shown (report.json lists 200, most calls first)</caption>',
    );
    const markdown = readFileSync(join(out, 'report.md'), 'utf8');
    expect(markdown).toContain(
      'The first 10 of 250 (actor, role, error) spots, most calls first; report.json lists 200.',
    );
  });

  it('counts every spot when they all fit', async () => {
    const out = join(dir, 'report-30');
    const run = await runReport(out, enumeration(30));
    expect(run.status).toBe(0);

    const report = ReportSchema.parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
    expect([report.deniedHotSpots.length, report.deniedHotSpotCount]).toEqual([30, 30]);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(
      '<caption>Denied calls by actor, role and error (30)</caption>',
    );
  });

  it('says that calls of further spots were not itemised when the table of spots was full', async () => {
    const out = join(dir, 'report-full');
    const run = await runReport(out, enumeration(250));
    expect(run.status).toBe(0);
    const r: Report = ReportSchema.parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
    // What a period with more spots than the table keeps looks like: the count stops at the limit, and
    // the calls of the spots beyond it are counted in notItemised.denied.
    const full: Report = {
      ...r,
      deniedHotSpotCount: ACTIVITY_LIMITS.denied,
      activity: { ...r.activity, notItemised: { ...r.activity.notItemised, denied: 1234 } },
    };
    expect(renderReportHtml(full)).toContain(
      '<caption>Denied calls by actor, role and error: the first 50 of 5,000; 4,950 more not shown (report.json lists 200, most calls first); 1,234 denied calls in further spots not itemised</caption>',
    );
    expect(renderReportMarkdown(full)).toContain(
      'The first 10 of 5,000 (actor, role, error) spots, most calls first; report.json lists 200; 1,234 denied calls in further spots not itemised.',
    );
  });
});
