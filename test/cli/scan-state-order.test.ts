import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_TRUST, ROOT, runCli } from './run-cli.ts';

// The stateful results of a trail read one file per run (`--state FILE` carried between runs) are those
// of one scan of all its files, in the same order, also when the files are out of time order.

const dir = mkdtempSync(join(tmpdir(), 'rolewatch-state-order-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENUMERATION = join(ROOT, 'fixtures', 'cloudtrail', 'denied-burst', 'role-enumeration.json');
const template = (JSON.parse(readFileSync(ENUMERATION, 'utf8')) as { Records: Record<string, unknown>[] })
  .Records[0] as Record<string, unknown>;

/** A log file of denied AssumeRole calls by build-bot at these times. */
function trailFile(name: string, times: readonly string[], from: number): string {
  const records = times.map((eventTime, i) => {
    const n = String(from + i).padStart(12, '0');
    return { ...template, eventTime, eventID: `00000000-0000-4000-8000-${n}`, requestID: `1-${n}` };
  });
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ Records: records }));
  return path;
}

async function burstIds(args: readonly string[]): Promise<string[]> {
  const run = await runCli(['scan', '--format', 'json', '--config', EXAMPLE_TRUST, ...args]);
  expect(run.status).toBe(0);
  const json = JSON.parse(run.stdout) as { findings: { id: string; rule: string }[] };
  return json.findings.filter((f) => f.rule === 'denied-burst').map((f) => f.id);
}

describe('scan --state FILE, one file per run', () => {
  it('finds a burst whose calls come in two runs after a run of calls three days later', async () => {
    const later = trailFile('later.json', ['2026-11-23T03:00:00Z'], 100);
    const first = trailFile(
      'first.json',
      ['2026-11-20T03:01:00Z', '2026-11-20T03:02:00Z', '2026-11-20T03:03:00Z'],
      1,
    );
    const second = trailFile('second.json', ['2026-11-20T03:04:00Z', '2026-11-20T03:05:00Z'], 4);

    const one = await burstIds(['--state', join(dir, 'one.json'), later, first, second]);
    const state = join(dir, 'runs.json');
    const runs = [
      ...(await burstIds(['--state', state, later])),
      ...(await burstIds(['--state', state, first])),
      ...(await burstIds(['--state', state, second])),
    ];

    expect(one).toHaveLength(1);
    expect(runs).toEqual(one);
  });
});
