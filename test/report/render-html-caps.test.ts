import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../functions/core/report/render-html.ts';
import { type Report, ReportSchema } from '../../functions/core/report/report-schema.ts';
import { ROOT } from '../cli/run-cli.ts';
import { runReport } from './support.ts';

/** A real report.json (the fixture records), for renderer tests that grow one of its tables. */
async function realReport(): Promise<Report> {
  const out = mkdtempSync(join(tmpdir(), 'rolewatch-caps-'));
  try {
    const run = await runReport(out, join(ROOT, 'fixtures', 'cloudtrail'));
    expect(run.status).toBe(0);
    return ReportSchema.parse(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const captions = (html: string): string[] =>
  [...html.matchAll(/<caption>([^<]*)<\/caption>/g)].map((m) => m[1] ?? '');

describe('the HTML report of a large period', () => {
  it('caps every long table and says in its caption how many rows are left out and where they are', async () => {
    const r = await realReport();
    const actor = r.activity.byActor[0];
    const group = r.findings.groups[0];
    const spot = r.deniedHotSpots[0];
    if (actor === undefined || group === undefined || spot === undefined)
      throw new Error('fixture report too small');
    const big: Report = {
      ...r,
      findings: {
        ...r.findings,
        count: 100_000,
        groupCount: 10_000,
        ungrouped: 50_000,
        groups: Array.from({ length: 1000 }, (_, i) => ({ ...group, key: `${group.key}-${i}` })),
      },
      activity: {
        ...r.activity,
        byActor: Array.from({ length: 10_000 }, (_, i) => ({
          ...actor,
          actor: { ...actor.actor, key: `k${i}` },
        })),
        notItemised: { actors: 90_000 },
      },
      deniedHotSpots: Array.from({ length: 200 }, () => spot),
    };

    const html = renderReportHtml(big);

    const shown = captions(html);
    expect(shown).toContain(
      'Finding groups, most severe and largest first: the first 25 of 10,000; 9,975 more not shown (report.json lists 1,000; findings.csv has every finding)',
    );
    expect(shown).toContain(
      'Actors by calls: the first 50 of 10,000; 9,950 more not shown (in report.json); 90,000 calls by further actors not itemised',
    );
    expect(shown).toContain(
      'Denied calls by actor, role and error: the first 50 of 200; 150 more not shown (in report.json)',
    );
    expect(html).toContain('50,000 findings beyond the grouping limit are counted but not grouped');
    // Usable: the page stays small however long the period.
    expect(html.length).toBeLessThan(400_000);
    expect(html.match(/<tr>/g)?.length ?? 0).toBeLessThan(400);
  });
});
