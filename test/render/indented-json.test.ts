import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indentedJson } from '../../functions/core/render/indented-json.ts';
import { jsonSafe } from '../../functions/core/render/json-safe.ts';

/** The definition: the two-space JSON, every line after the first moved `spaces` further in. */
const byLines = (value: unknown, spaces: number): string =>
  jsonSafe(JSON.stringify(value, null, 2)).replace(/\n/g, `\n${' '.repeat(spaces)}`);

describe('indentedJson', () => {
  it('writes any JSON value as the line-by-line indentation would, at any even depth', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 6 }), (value, depth) => {
        expect(indentedJson(value, 2 * depth)).toBe(byLines(value, 2 * depth));
      }),
      { numRuns: 300 },
    );
  });

  it('escapes line-breaking characters in strings, and keeps empty containers on one line', () => {
    expect(indentedJson({ a: 'x\u2028y', b: [], c: {} }, 4)).toBe(
      '{\n      "a": "x\\u2028y",\n      "b": [],\n      "c": {}\n    }',
    );
  });

  it('escapes them at depth 0 too (the head of the SARIF document)', () => {
    expect(indentedJson({ a: 'x\u2028y\u202Ez\u0085' }, 0)).toBe('{\n  "a": "x\\u2028y\\u202ez\\u0085"\n}');
  });
});
