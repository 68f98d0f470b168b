// Decisions of the JSON Lines / concatenated-JSON reader at its edges: how many errors are described,
// where reading resumes after a broken pretty-printed value, and when a file is given up as not JSON.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../functions/core/decode/decode-bytes.ts';
import { collect } from './support.ts';

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
});
