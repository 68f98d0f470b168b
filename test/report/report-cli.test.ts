import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT_FILES } from '../../functions/cli/verbs/report.ts';
import { ReportSchema } from '../../functions/core/report/report-schema.ts';
import { writeTrail } from '../../functions/trail-generator/write-trail.ts';
import { ROOT, runCliProcess } from '../cli/run-cli.ts';
import { SECRET_ACCESS_KEY, SESSION_TOKENS } from '../lambda/helpers/records.ts';
import { ACCOUNTS, assumeRoleRecord, denied, iamUser, patched } from '../rules/support/cloudtrail-records.ts';
import { EXAMPLE_TRUST_FILE, runMain, runReport } from './support.ts';

const INPUTS = join(ROOT, 'fixtures', 'inputs');
const RECORDS = join(ROOT, 'fixtures', 'cloudtrail');

describe('rolewatch report', () => {
  let trail: string;
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'rolewatch-report-'));
    trail = join(work, 'trail');
    writeTrail({ records: 3000, demo: true }, trail);
    // Unreadable inputs are counted the same way by both verbs.
    writeFileSync(join(trail, 'truncated.json'), '{"Records": [{"eventSource": "sts.amazonaws.com", ');
    writeFileSync(join(trail, 'not-gzip.json.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
  });

  const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

  it('says when nothing in its sources falls in the period, so that unused trust is not read as a verdict', async () => {
    const out = join(work, 'out-future');
    const args = ['--config', EXAMPLE_TRUST_FILE, '--workers', '1', '--since', '2099-01-01T00:00:00Z'];

    const report = await runMain(['report', ...args, '--out', out, trail]);

    expect(report.status).toBe(0);
    expect(report.stderr).toMatch(/the \d+ credential event\(s\) read are all outside the period/);
    expect(read(out, 'report.md')).toMatch(
      /\*\*Nothing was judged in this period \(the [\d,]+ credential event/,
    );
    expect(read(out, 'report.html')).toContain('Nothing was judged in this period');
    expect(ReportSchema.parse(JSON.parse(read(out, 'report.json'))).totals.outsidePeriod).toBeGreaterThan(0);
  });

  it('writes the four files, with totals equal to scan --format json over the same inputs', async () => {
    const out = join(work, 'out');
    const args = ['--config', EXAMPLE_TRUST_FILE, '--workers', '1'];
    const report = await runMain(['report', ...args, '--out', out, trail, INPUTS, RECORDS]);
    expect(report.stderr).not.toMatch(/error/i);
    expect(report.status).toBe(0);
    expect(report.stdout).toContain(join(out, 'report.html'));
    const scan = await runMain(['scan', ...args, '--format', 'json', trail, INPUTS, RECORDS]);
    const summary = JSON.parse(scan.stdout).summary;

    const json = ReportSchema.parse(JSON.parse(read(out, 'report.json')));
    // The scan's summary also says how its stateful rules ran (summary.state); the counts are the same.
    const { state: _state, ...counted } = summary;
    expect(json.totals).toEqual(counted);
    expect(json.totals.credentialEvents).toBeGreaterThan(1000);
    expect(json.totals.malformed).toBe(2);
    expect(json.inputErrors.shown.map((e) => e.kind).sort()).toEqual(['gzip', 'json']);
    // Activity counts each cross-account call once; the copies not counted again make up the difference.
    // (and the fixtures hold a few records twice, as CloudTrail sometimes delivers them).
    expect(json.activity.calls + json.activity.duplicateCopies + (json.activity.duplicateRecords ?? 0)).toBe(
      summary.credentialEvents,
    );
    expect(json.activity.duplicateCopies).toBeGreaterThan(0);
    expect(json.findings.groups.reduce((n, g) => n + g.count, 0)).toBe(summary.findings);
    const byEvent = Object.fromEntries(json.activity.byEventName.map((e) => [e.eventName, e.calls]));
    expect(Object.keys(byEvent).sort()).toEqual(Object.keys(summary.byEventName).sort());

    const rows: string[][] = parse(read(out, 'findings.csv'));
    expect(rows.length - 1).toBe(summary.findings);
    expect(read(out, 'report.md')).toContain('rolewatch audit report');
    expect(read(out, 'report.html')).toContain('<!doctype html>');
    for (const f of REPORT_FILES) expect(read(out, f).length).toBeGreaterThan(0);
  });

  it('says first, in every file, that a report with unreadable inputs is incomplete, and lists them in Markdown too', async () => {
    const out = join(work, 'out-partial');
    const run = await runReport(out, trail);
    expect(run.status).toBe(0);

    const json = ReportSchema.parse(JSON.parse(read(out, 'report.json')));
    expect(json.completeness).toEqual({
      complete: false,
      reasons: [expect.stringMatching(/^2 input\(s\) or record\(s\) could not be read/)],
    });
    const md = read(out, 'report.md');
    expect(md).toMatch(/^# INCOMPLETE rolewatch audit report.*\n\n> \*\*Incomplete report/);
    expect(md).toMatch(/## Input errors\n[\s\S]*truncated\.json/);
    const html = read(out, 'report.html');
    expect(html.indexOf('id="incomplete"')).toBeGreaterThan(0);
    expect(html.indexOf('id="incomplete"')).toBeLessThan(html.indexOf('class="cards"'));
    expect(html).toContain('href="#input-errors"');

    const clean = join(work, 'out-clean');
    await runReport(clean, join(ROOT, 'fixtures', 'cloudtrail'));
    expect(ReportSchema.parse(JSON.parse(read(clean, 'report.json'))).completeness).toEqual({
      complete: true,
      reasons: [],
    });
    expect(read(clean, 'report.md')).toMatch(/^# rolewatch audit report/);
    expect(read(clean, 'report.html')).not.toContain('id="incomplete"');
  });

  it('counts a trail read twice once in the activity, and says how many records came twice', async () => {
    const once = join(work, 'out-once');
    const twice = join(work, 'out-twice');
    const args = ['report', '--config', EXAMPLE_TRUST_FILE, '--workers', '1'];
    await runMain([...args, '--out', once, trail]);
    await runMain([...args, '--out', twice, trail, trail]);
    const a = ReportSchema.parse(JSON.parse(read(once, 'report.json')));
    const b = ReportSchema.parse(JSON.parse(read(twice, 'report.json')));

    expect(b.totals.credentialEvents).toBe(2 * a.totals.credentialEvents);
    expect(b.findings.count).toBe(a.findings.count);
    expect(b.activity.calls).toBe(a.activity.calls);
    expect(b.activity.byRole).toEqual(a.activity.byRole);
    expect(b.activity.byActor).toEqual(a.activity.byActor);
    expect(b.activity.byEventName).toEqual(a.activity.byEventName);
    expect(b.activity.timeline).toEqual(a.activity.timeline);
    expect(b.activity.calls + b.activity.duplicateCopies + (b.activity.duplicateRecords ?? 0)).toBe(
      b.totals.credentialEvents,
    );
    expect(b.activity.duplicateRecords).toBeGreaterThan(0);
  });

  it('adds the change against a previous report.json, and refuses a file that is not one', async () => {
    const first = join(work, 'first');
    const second = join(work, 'second');
    const base = ['report', '--config', EXAMPLE_TRUST_FILE, '--workers', '1'];
    expect((await runMain([...base, '--out', first, RECORDS])).status).toBe(0);
    const again = await runMain([
      ...base,
      '--previous',
      join(first, 'report.json'),
      '--out',
      second,
      RECORDS,
      trail,
    ]);
    expect(again.status).toBe(0);
    const previous = ReportSchema.parse(JSON.parse(read(first, 'report.json')));
    const json = ReportSchema.parse(JSON.parse(read(second, 'report.json')));
    expect(json.change?.totals.credentialEvents).toEqual({
      previous: previous.totals.credentialEvents,
      current: json.totals.credentialEvents,
    });
    expect(json.newPairs.basis).toBe('previous-report');
    // Every pair of the first report recurs, so only the trail's pairs are new.
    const before = new Set(previous.activity.pairs.map((p) => JSON.stringify([p.actor.key, p.roleArn])));
    expect(json.newPairs.pairs.length).toBeGreaterThan(0);
    for (const p of json.newPairs.pairs)
      expect(before.has(JSON.stringify([p.actor.key, p.roleArn]))).toBe(false);
    expect(read(second, 'report.html')).toContain('Change since the previous report');

    const bogus = join(work, 'bogus.json');
    writeFileSync(bogus, JSON.stringify({ schemaVersion: 99 }));
    const refused = await runMain([...base, '--previous', bogus, '--out', join(work, 'x'), RECORDS]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('not a rolewatch report.json');
  });

  it('needs --out and a SOURCE (exit 2)', async () => {
    expect((await runMain(['report', RECORDS])).status).toBe(2);
    expect((await runMain(['report', '--out', join(work, 'y')])).status).toBe(2);
  });

  it('exits 2, naming the path, when --out is a file or lies under one (never "a bug in rolewatch")', async () => {
    const file = join(work, 'a-file');
    writeFileSync(file, 'not a folder');
    for (const [out, reason] of [
      [file, 'a file of that name is in the way (a folder is needed)'],
      [join(file, 'sub'), 'a part of the path is a file, not a folder'],
    ] as const) {
      const run = await runMain(['report', '--config', EXAMPLE_TRUST_FILE, '--out', out, RECORDS]);
      expect(run.status).toBe(2);
      expect(run.stderr.split('\n').at(-2)).toBe(`rolewatch: cannot write ${out}: ${reason}`);
      expect(run.stderr).not.toMatch(/internal error|bug/);
    }
  });

  it('gives the same report.json with two worker threads (bundled CLI) as with one (in process)', async () => {
    const one = join(work, 'one');
    const two = join(work, 'two');
    const args = ['report', '--config', EXAMPLE_TRUST_FILE];
    const now = '--until=2027-01-01';
    expect((await runMain([...args, now, '--workers', '1', '--out', one, trail, RECORDS])).status).toBe(0);
    expect(runCliProcess([...args, now, '--workers', '2', '--out', two, trail, RECORDS]).status).toBe(0);
    const strip = (text: string) => ({ ...JSON.parse(text), generatedAt: undefined });
    expect(strip(read(two, 'report.json'))).toEqual(strip(read(one, 'report.json')));
    expect(read(two, 'findings.csv').split('\r\n').sort()).toEqual(
      read(one, 'findings.csv').split('\r\n').sort(),
    );
  });
});

describe('rolewatch report and secrets in records', () => {
  it('writes no session token or secret key that a record carried, in any of the four files', async () => {
    const work = mkdtempSync(join(tmpdir(), 'rolewatch-report-secrets-'));
    const record = patched(
      denied(
        assumeRoleRecord({
          identity: iamUser(ACCOUNTS.tooling, 'leaky'),
          roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/Deploy`,
        }),
      ),
      {
        userAgent: `curl/8.5 token=${SESSION_TOKENS[0]}`,
        errorMessage: `denied; key AKIAIOSFODNN7EXAMPLE ${SECRET_ACCESS_KEY}`,
      },
    );
    writeFileSync(join(work, 'leak.json'), JSON.stringify({ Records: [record] }));
    const out = join(work, 'out');
    expect((await runReport(out, work)).status).toBe(0);
    for (const f of REPORT_FILES) {
      const text = readFileSync(join(out, f), 'utf8');
      expect(text, f).not.toContain(SESSION_TOKENS[0]);
      expect(text, f).not.toContain(SECRET_ACCESS_KEY);
    }
    expect(readFileSync(join(out, 'findings.csv'), 'utf8')).toContain('[REDACTED]');
  });
});

describe('rolewatch report and invisible characters in records', () => {
  it('writes controls, bidi overrides and zero-width characters as visible escapes in all four files', async () => {
    const work = mkdtempSync(join(tmpdir(), 'rolewatch-report-invisible-'));
    const hostile = 'ci\u202Eevil\u202C\u200Bzw\u001b[31mESC\u000b\u000c\u0085NEL';
    const record = patched(
      denied(
        assumeRoleRecord({
          identity: iamUser(ACCOUNTS.tooling, 'steer'),
          roleArn: `arn:aws:iam::${ACCOUNTS.prod}:role/Deploy`,
        }),
      ),
      { userAgent: hostile, errorMessage: `denied ${hostile}` },
    );
    writeFileSync(join(work, 'steer.json'), JSON.stringify({ Records: [record] }));
    const out = join(work, 'out');
    const run = await runReport(out, work);
    expect(run.status).toBe(0);
    for (const f of REPORT_FILES) {
      const text = readFileSync(join(out, f), 'utf8');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters that must not be written raw
      expect(text, f).not.toMatch(/[\u001b\u000b\u000c\u0085\u200b\u202c\u202e]/);
    }
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('ci\\u{202e}evil');
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toContain('ci\\u202eevil');
  });
});
