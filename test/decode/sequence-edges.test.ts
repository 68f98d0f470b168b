// Decisions of the JSON Lines / concatenated-JSON reader at its edges: how many errors are described,
// where reading resumes after a broken pretty-printed value, and when a file is given up as not JSON.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../functions/core/decode/decode-bytes.ts';
import { DEFAULT_LIMITS, tooManyValuesReason } from '../../functions/core/decode/input-limits.ts';
import { awslogsEvent, collect, logsPayload } from './support.ts';

const DIR = new URL('../../fixtures/cloudtrail/assume-role/', import.meta.url);
const fixtures: Record<string, unknown>[] = readdirSync(DIR)
  .filter((n) => n.endsWith('.json'))
  .sort()
  .map((n) => JSON.parse(readFileSync(new URL(n, DIR), 'utf8')) as Record<string, unknown>);
const lines = fixtures.map((r) => JSON.stringify(r));

describe('JSON Lines with broken lines', () => {
  it('describes exactly --max-errors errors, and counts the later ones without a description', () => {
    const text = [
      lines[0],
      '{"eventVersion": "1.08", oops',
      lines[1],
      '{"cut',
      lines[2],
      '[1,',
      lines[3],
    ].join('\n');
    const items = collect(decodeBytes(Buffer.from(text), 'broken.jsonl', { maxErrors: 2 }));

    expect(items.records.map((r) => r.location.line)).toEqual([1, 3, 5, 7]);
    expect(
      items.errors.map((e) => [e.location.line, e.message.startsWith('input error (not described')]),
    ).toEqual([
      [2, false],
      [4, false],
      [undefined, true],
    ]);
  });

  it('resumes after a broken pretty-printed value at the next line that opens an array in column 1', () => {
    // `jq .` output of a cut log file, then `jq '.Records'` output: an array of records.
    const broken = JSON.stringify({ Records: fixtures.slice(0, 2) }, null, 2).slice(0, 400);
    const array = JSON.stringify(fixtures.slice(2, 4), null, 2);
    const text = `${broken}\n${array}\n`;
    const arrayLine = broken.split('\n').length + 1;
    const items = collect(decodeBytes(Buffer.from(text), 'jq.json'));

    expect(items.records.map((r) => [r.record, r.location])).toEqual([
      [fixtures[2], { file: 'jq.json', line: arrayLine, path: '[0]' }],
      [fixtures[3], { file: 'jq.json', line: arrayLine, path: '[1]' }],
    ]);
    expect(items.errors).toHaveLength(1);
    expect(items.errors[0]?.location).toEqual({ file: 'jq.json', line: 1 });
    expect(items.errors[0]?.message).toMatch(
      new RegExp(`^incomplete JSON value at line 1: line ${arrayLine} starts`),
    );
  });

  it('gives up a file as not JSON after 1,000 broken lines with no value: later values are not read', () => {
    // A CSV export with a .json name, then (by mistake) records: the file is not JSON Lines.
    const csv = Array.from({ length: 1200 }, (_, i) => `AssumeRole,role-${i},2024-05-0${i % 9}`);
    const text = `${csv.join('\n')}\n${lines.join('\n')}\n`;
    const items = collect(decodeBytes(Buffer.from(text), 'export.json'));

    expect(items.records).toEqual([]);
    expect(items.errors).toEqual([
      {
        kind: 'json',
        message: expect.stringMatching(
          /^invalid JSON at line 1, column \d+: .*\(no value in the file could be read: 1000 broken values\)$/,
        ),
        location: { file: 'export.json', line: 1 },
      },
    ]);
  });

  it('resumes at the next line after a string broken by a raw newline, described or not', () => {
    // A broken exporter wrote a multi-line user agent raw; the next record is indented by one space.
    const broken = `${lines[1]!.slice(0, 80)}\nsecond line of it"}`;
    const text = [lines[0], broken, ` ${lines[2]}`, lines[3]].join('\n');
    for (const maxErrors of [0, 10]) {
      const items = collect(decodeBytes(Buffer.from(text), 'raw.jsonl', { maxErrors }));

      expect(
        items.records.map((r) => r.location.line),
        `${maxErrors}`,
      ).toEqual([1, 4, 5]);
      expect(items.records.map((r) => r.record)).toEqual([fixtures[0], fixtures[2], fixtures[3]]);
    }
    const described = collect(decodeBytes(Buffer.from(text), 'raw.jsonl')).errors;
    expect(described.map((e) => e.location)).toEqual([
      { file: 'raw.jsonl', line: 2 },
      { file: 'raw.jsonl', line: 3 },
    ]);
    expect(described[0]?.message).toMatch(/^invalid JSON at line 2, column 81: /);
  });

  it('stops at a value with more JSON values than the limit, naming its line', () => {
    const bomb = JSON.stringify({
      ...fixtures[0],
      requestParameters: { tags: Array.from({ length: 3000 }, () => 1) },
    });
    const text = [lines[0], lines[1], bomb, lines[2]].join('\n');
    const items = collect(
      decodeBytes(Buffer.from(text), 'bomb.jsonl', { limits: { ...DEFAULT_LIMITS, maxValues: 1000 } }),
    );

    expect(items.records.map((r) => r.location.line)).toEqual([1, 2]);
    expect(items.errors).toEqual([
      {
        kind: 'json',
        message: `${tooManyValuesReason(1000)} at line 3: it and the rest of the input are not read`,
        location: { file: 'bomb.jsonl', line: 3 },
      },
    ]);
  });

  it('says how many values were broken when no value of a file could be read, from two on', () => {
    const one = collect(decodeBytes(Buffer.from('AssumeRole,role-1\n'), 'a.json')).errors;
    const two = collect(decodeBytes(Buffer.from('AssumeRole,role-1\nAssumeRole,role-2\n'), 'b.json')).errors;

    expect(one.map((e) => e.message)).toEqual([expect.not.stringContaining('broken values')]);
    expect(two.map((e) => e.message)).toEqual([
      expect.stringMatching(/\(no value in the file could be read: 2 broken values\)$/),
    ]);
  });
});

describe('nested envelopes', () => {
  it('reads a record inside 9 nested arrays (depth 0 to 8) and names the depth past it', () => {
    const nest = (k: number): unknown => (k === 0 ? fixtures[0] : [nest(k - 1)]);
    const path = (k: number): string => '[0]'.repeat(k);
    const deep = collect(decodeBytes(Buffer.from(JSON.stringify(nest(9))), 'deep.json'));
    const deeper = collect(decodeBytes(Buffer.from(JSON.stringify(nest(10))), 'deeper.json'));

    expect(deep.errors).toEqual([]);
    expect(deep.records).toEqual([{ record: fixtures[0], location: { file: 'deep.json', path: path(9) } }]);
    expect(deeper.records).toEqual([]);
    expect(deeper.errors).toEqual([
      {
        kind: 'shape',
        message: 'envelopes nested more than 8 deep',
        location: { file: 'deeper.json', path: path(9) },
      },
    ]);
  });

  it('gives the same verdict in every parse mode for log messages at the depth limit', () => {
    // S3 data events (never candidates): selective parsing would count them as skipped, but at depth 8
    // unwrapping them is past the limit, an error in every mode.
    const other = { ...fixtures[0], eventSource: 's3.amazonaws.com', eventName: 'GetObject' };
    const payload = logsPayload([other, fixtures[1]!]);
    const nest = (k: number, inner: unknown): unknown => (k === 0 ? inner : [nest(k - 1, inner)]);
    for (const inner of [payload, awslogsEvent(payload)]) {
      for (const k of [7, 8]) {
        const bytes = Buffer.from(JSON.stringify(nest(k, inner)));
        const full = collect(decodeBytes(bytes, 'nested.json', { parse: 'full' }));
        for (const parse of ['selective', 'selective-js'] as const) {
          const items = collect(decodeBytes(bytes, 'nested.json', { parse }));

          expect(items.errors, `${k} ${parse}`).toEqual(full.errors);
          expect(items.records.length + items.skipped, `${k} ${parse}`).toBe(full.records.length);
        }
        if (k === 8) {
          expect(full.records).toEqual([]);
          expect(new Set(full.errors.map((e) => e.message))).toEqual(
            new Set(['envelopes nested more than 8 deep']),
          );
        }
      }
    }
  });
});
