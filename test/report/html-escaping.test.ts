import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capped, code, figure, rule, sev, table, times } from '../../functions/core/report/html-table.ts';
import { barChart, durationHistogram, heatMap, seriesChart } from '../../functions/core/report/svg-charts.ts';
import { ROOT } from '../cli/run-cli.ts';
import { runReport } from './support.ts';

// The HTML report is held against markup in record values by the browser test, which needs chromium and
// is skipped where there is none: these in-process tests hold the same escaping on every machine, in the
// page the CLI writes and in each helper that builds a part of it.

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert("ua")</script>';
const BREAKOUT = `" onmouseover='alert(2)' x="`;

const fixture = (...path: string[]): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ROOT, 'fixtures', 'cloudtrail', ...path), 'utf8')) as Record<string, unknown>;

/** Real fixture records with a session name, user agent and error message chosen by an attacker. */
function hostileRecords(): Record<string, unknown>[] {
  const mismatch = fixture('rules', 'session-name-mismatch', 'match.json');
  const denied = fixture('rules', 'assume-denied', 'match.json');
  return [
    {
      ...mismatch,
      userAgent: `${SCRIPT} ci\u202Eexe.fdp`,
      requestParameters: {
        ...(mismatch.requestParameters as Record<string, unknown>),
        roleSessionName: IMG,
      },
    },
    { ...denied, userAgent: BREAKOUT, errorMessage: `not authorized ${IMG} & ${SCRIPT}` },
  ];
}

describe('report.html of records carrying markup', () => {
  let dir: string;
  let html: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rolewatch-html-escaping-'));
    writeFileSync(join(dir, 'hostile.json'), JSON.stringify({ Records: hostileRecords() }));
    // A broken input whose error quotes markup (the excerpt before the error), shown in a table cell.
    writeFileSync(join(dir, 'broken.json'), '{"Records": [{"n":"<svg/onload=alert(1)>"oops}]}');
    const out = join(dir, 'out');
    const run = await runReport(out, dir);
    expect(run.status, run.stderr).toBe(0);
    html = readFileSync(join(out, 'report.html'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes no element or attribute a record carried', () => {
    expect(html).not.toMatch(/<script|<img|<svg\/onload|onmouseover='/i);
  });

  it('shows the session name, user agent, error message and input error as text', () => {
    expect(html).toContain('<dt>session</dt><dd><code>&lt;img src=x onerror=alert(1)&gt;</code></dd>');
    expect(html).toContain(
      '<dt>user agent</dt><dd><code>&lt;script&gt;alert(&quot;ua&quot;)&lt;/script&gt; ci\\u{202e}exe.fdp</code></dd>',
    );
    expect(html).toContain('<dd><code>&quot; onmouseover=&#39;alert(2)&#39; x=&quot;</code></dd>');
    expect(html).toContain(
      'AccessDenied: not authorized &lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;alert(&quot;ua&quot;)&lt;/script&gt;',
    );
    expect(html).toMatch(/<td>json<\/td><td>invalid JSON [^<]*&lt;svg\/onload=alert\(1\)&gt;[^<]*<\/td>/);
  });
});

describe('the HTML table helpers', () => {
  it('escape string cells, captions, code and rule cells, figure captions and times', () => {
    const out = table(IMG, [SCRIPT, { html: '<b>kept</b>' }], [[IMG, code(SCRIPT), rule(BREAKOUT)]]);
    expect(out).toBe(
      '<table><caption>&lt;img src=x onerror=alert(1)&gt;</caption><thead><tr>' +
        '<th>&lt;script&gt;alert(&quot;ua&quot;)&lt;/script&gt;</th><th><b>kept</b></th></tr></thead><tbody><tr>' +
        '<td>&lt;img src=x onerror=alert(1)&gt;</td>' +
        '<td><code>&lt;script&gt;alert(&quot;ua&quot;)&lt;/script&gt;</code></td>' +
        '<td class="nowrap"><code>&quot; onmouseover=&#39;alert(2)&#39; x=&quot;</code></td></tr></tbody></table>',
    );
    expect(table(`${IMG} & co`, ['a'], [])).toBe(
      '<p class="note">&lt;img src=x onerror=alert(1)&gt; &amp; co: none.</p>',
    );
    expect(figure('<svg></svg>', SCRIPT)).toBe(
      '<figure><svg></svg><figcaption>&lt;script&gt;alert(&quot;ua&quot;)&lt;/script&gt;</figcaption></figure>',
    );
    expect(sev(`x"><img src=x>`)).toEqual({
      html: '<span class="sev x&quot;&gt;&lt;img src=x&gt;">x&quot;&gt;&lt;img src=x&gt;</span>',
      className: 'nowrap',
    });
    const when = times('<b>', undefined);
    expect(typeof when === 'string' ? when : when.html).not.toContain('<b>');
  });
});

describe('a capped table caption', () => {
  it('names the count alone when every row is shown, and what is left out otherwise', () => {
    expect(capped('Roles', 50, 50, 'not shown')).toBe('Roles (50)');
    expect(capped('Roles', 50, 51, 'not shown')).toBe('Roles: the first 50 of 51; 1 more not shown');
  });
});

describe('the SVG charts', () => {
  it('escape every label and title', () => {
    const charts = [
      barChart([{ label: IMG, value: 3 }], SCRIPT),
      seriesChart([{ label: IMG, total: 2, part: 1 }], SCRIPT),
      heatMap([IMG, '111122223333'], [{ from: IMG, to: '111122223333', calls: 4 }], SCRIPT),
      durationHistogram([1, 2], [900, 3600], 3600, SCRIPT),
    ];
    for (const svg of charts) {
      expect(svg).not.toMatch(/<script|<img/);
      expect(svg).toContain('<title>&lt;script&gt;alert(&quot;ua&quot;)&lt;/script&gt;</title>');
    }
    expect(charts[0]).toContain('<title>&lt;img src=x onerror=alert(1)&gt;: 3</title>');
    expect(charts[1]).toContain('>&lt;img src=x onerror=alert(1)&gt;</text>');
    expect(charts[2]).toContain('<title>&lt;img src=x onerror=alert(1)&gt; → 111122223333: 4 calls</title>');
  });

  it('cuts a long label before escaping it, so no entity is cut in half', () => {
    const label = `${'a'.repeat(30)}&&&&&&&&&&`;
    const svg = barChart([{ label, value: 1 }], 'bars');
    expect(svg).toContain(`>${'a'.repeat(30)}&amp;&amp;&amp;…</text>`);
  });
});
