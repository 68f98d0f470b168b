import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../functions/core/engine/create-engine.ts';
import type { CredentialEvent } from '../../functions/core/model/credential-event.ts';
import { EMPTY_RESULT, mergeResults, unreadableInput } from '../../functions/core/pipeline/input-result.ts';
import { judgeInput, judgeValue } from '../../functions/core/pipeline/judge-input.ts';
import type { Tap } from '../../functions/core/pipeline/tap.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const fixture = (path: string): Buffer => readFileSync(join(ROOT, 'fixtures', path));

function engineOf(yaml = readFileSync(join(ROOT, 'fixtures', 'trust', 'example-org.yaml'), 'utf8')) {
  const parsed = parseTrustConfig(yaml, 'trust.yaml', { now: new Date('2026-11-29T00:00:00Z') });
  if (!parsed.ok) throw new Error('trust file');
  return createEngine({ config: parsed.value.config, now: () => Date.parse('2026-11-29T00:00:00Z') });
}

/** Counts the event names a tap sees, to show taps run per input and merge across inputs. */
const namesTap: Tap<Record<string, number>> = {
  id: 'names',
  create: () => ({}),
  onEvent(acc, event: CredentialEvent) {
    acc[event.eventName] = (acc[event.eventName] ?? 0) + 1;
  },
  merge(a, b) {
    const sum = { ...a };
    for (const [k, v] of Object.entries(b)) sum[k] = (sum[k] ?? 0) + v;
    return sum;
  },
};

describe('judgeInput', () => {
  it('judges a gzipped CloudTrail log file into counts, findings in record order and locations', () => {
    const result = judgeInput(
      { name: 'trail/file.json.gz', bytes: fixture('inputs/cloudtrail-log-file.json.gz') },
      engineOf(),
      { maxErrors: 10 },
    );

    expect(result.counts.files).toBe(1);
    expect(result.counts.malformed).toBe(0);
    expect(result.counts.records).toBe(result.counts.credentialEvents + result.counts.skipped);
    expect(result.counts.credentialEvents).toBeGreaterThan(0);
    for (const f of result.findings) expect(f.location).toMatch(/^trail\/file\.json\.gz Records\[\d+\]$/);
    const positions = result.findings.map((f) => Number(/\[(\d+)\]/.exec(f.location ?? '')?.[1]));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('keeps the earliest maxErrors input errors of a badly corrupt input and counts every one', () => {
    const total = 3000;
    const text = Array.from({ length: total }, (_, i) => `{"broken": ${i},`).join('\n');
    const good = JSON.stringify(JSON.parse(fixture('inputs/assume-role-record.json').toString('utf8')));

    const result = judgeInput(
      { name: 'object.jsonl', bytes: Buffer.from(`${good}\n${text}\n`) },
      engineOf(),
      {
        maxErrors: 100,
      },
    );

    expect(result.errors).toHaveLength(100);
    expect(result.errors[0]?.location.line).toBe(2);
    expect(result.counts.malformed).toBe(total);
    expect(result.counts.credentialEvents).toBe(1);
  });

  it('runs taps over the judged events and hands their accumulators back by id', () => {
    const result = judgeInput({ name: 'records.jsonl', bytes: fixture('inputs/records.jsonl') }, engineOf(), {
      maxErrors: 10,
      taps: [namesTap],
    });

    expect(result.taps.names).toEqual(result.counts.byEventName);
  });
});

describe('judgeValue', () => {
  it('judges an already parsed Lambda event and counts no file', () => {
    const event = JSON.parse(fixture('inputs/eventbridge-assume-role.json').toString('utf8'));

    const result = judgeValue(event, 'eventbridge:1', engineOf(), { maxErrors: 10 });

    expect(result.counts.files).toBe(0);
    expect(result.counts.credentialEvents).toBe(1);
    expect(result.errors).toEqual([]);
  });
});

describe('mergeResults', () => {
  const engine = engineOf();
  const a = judgeInput({ name: 'a.jsonl', bytes: fixture('inputs/records.jsonl') }, engine, {
    maxErrors: 10,
    taps: [namesTap],
  });
  const b = judgeInput({ name: 'b.jsonl', bytes: fixture('inputs/records.jsonl') }, engine, {
    maxErrors: 10,
    taps: [namesTap],
  });

  it('adds counts, concatenates findings in input order and merges taps, changing neither argument', () => {
    const before = structuredClone(a);

    const merged = mergeResults(a, b, { maxErrors: 10, taps: [namesTap] });

    expect(a).toEqual(before);
    expect(merged.counts.records).toBe(a.counts.records + b.counts.records);
    expect(merged.counts.byEventName.AssumeRole).toBe(
      (a.counts.byEventName.AssumeRole ?? 0) + (b.counts.byEventName.AssumeRole ?? 0),
    );
    expect(merged.findings).toEqual([...a.findings, ...b.findings]);
    expect(merged.taps.names).toEqual(merged.counts.byEventName);
  });

  it('keeps at most maxErrors errors, the earliest, while counting all', () => {
    const error = (file: string) =>
      unreadableInput({ kind: 'read', message: 'cannot read', location: { file } });
    let merged = EMPTY_RESULT;
    for (const file of ['1', '2', '3', '4']) merged = mergeResults(merged, error(file), { maxErrors: 2 });

    expect(merged.errors.map((e) => e.location.file)).toEqual(['1', '2']);
    expect(merged.counts.malformed).toBe(4);
    expect(merged.counts.files).toBe(4);
  });
});
