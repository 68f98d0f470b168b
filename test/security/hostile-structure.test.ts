import { describe, expect, it } from 'vitest';
import { judgeInput } from '../../functions/core/pipeline/judge-input.ts';
import { renderJson } from '../../functions/core/render/render-json.ts';
import { engineFor, scanOf, scenarioRecord } from './support.ts';

/** decode → judge, as a scan does with one JSON Lines file. */
function scanText(text: string) {
  return judgeInput({ name: 'hostile.jsonl', bytes: Buffer.from(text) }, engineFor(), { maxErrors: 1000 });
}

describe('records shaped to break the pipeline', () => {
  const base = JSON.stringify(scenarioRecord('session-too-long'));

  it('treats __proto__ and constructor keys as plain data and pollutes no prototype', () => {
    const line = base.replace(
      '"userIdentity":{',
      '"userIdentity":{"__proto__":{"polluted":"yes","type":"Root"},"constructor":{"prototype":{"polluted":"yes"}},',
    );

    const { findings, errors } = scanText(`${line}\n`);
    const out = renderJson(scanOf(findings));

    expect(line).toContain('"userIdentity":{"__proto__"');
    expect(errors).toEqual([]);
    expect(findings.map((f) => f.rule)).toEqual(['session-too-long']);
    expect(findings[0]?.actor.type).toBe('IAMUser');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(out).not.toContain('polluted');
  });

  it('ignores a duration of 1e400 (Infinity) and keeps judging the granted duration', () => {
    const line = base.replace(/"durationSeconds":\d+/, '"durationSeconds":1e400');

    const { findings, counts } = scanText(`${line}\n`);

    expect(line).toContain('1e400');
    expect(counts.credentialEvents).toBe(1);
    expect(findings[0]?.session.requestedSeconds).toBeUndefined();
    expect(JSON.stringify(findings)).not.toMatch(/Infinity|null/);
  });

  it('reads duplicate keys as JSON.parse does (the last one wins)', () => {
    const line = base.replace('"eventTime":', '"eventTime":"not a time","eventTime":');

    const { findings } = scanText(`${line}\n`);

    expect(line).toContain('"eventTime":"not a time"');
    expect(findings[0]?.eventTime).toBe('2026-11-23T06:12:09Z');
  });

  it('reports deeply nested input as an input error and goes on with the next line', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepObject = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;

    const { findings, errors } = scanText(`${deep}\n${deepObject}\n${base}\n`);

    expect(errors.map((e) => e.location.line)).toEqual([1, 2]);
    expect(findings.map((f) => f.rule)).toEqual(['session-too-long']);
  });

  it('judges a record with megabyte-long strings without putting them whole in titles', () => {
    const huge = 'x'.repeat(1_000_000);
    const record = scenarioRecord('session-too-long');
    record.userAgent = huge;
    (record.userIdentity as Record<string, unknown>).arn = `arn:aws:iam::111122223333:user/${huge}`;

    const { findings } = scanText(`${JSON.stringify(record)}\n`);

    expect(findings).toHaveLength(1);
    expect([...(findings[0]?.title ?? '')].length).toBeLessThanOrEqual(400);
  });
});
