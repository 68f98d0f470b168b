import { describe, expect, it } from 'vitest';
import { renderJsonLines } from '../../functions/core/render/render-json.ts';
import { findingOf, type JsonObject, scanOf, scenarioRecord } from './support.ts';

// Line readers other than JSON.parse split on more than '\n': Python's str.splitlines() also breaks at
// U+0085, U+2028 and U+2029, which JSON.stringify leaves unescaped inside strings.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the line breaks being tested
const ANY_LINE_BREAK = /\r\n|[\n\r\v\f\u001c-\u001e\u0085\u2028\u2029]/;

describe('JSON Lines built from hostile records', () => {
  const record = scenarioRecord('session-too-long');
  record.userAgent = 'aws-cli/2.22.4\u2028{"rule":"forged"}\u2029\u0085 md/command#sts.assume-role';
  const finding = findingOf('session-too-long', record);

  it('keeps one finding on one line for every line reader', () => {
    const out = renderJsonLines(scanOf([finding, finding]));

    const lines = out.trimEnd().split(ANY_LINE_BREAK);

    expect(lines).toHaveLength(2);
  });

  it('still round-trips the exact user agent', () => {
    const [line] = renderJsonLines(scanOf([finding])).split('\n');

    const parsed = JSON.parse(line ?? '') as JsonObject;

    expect(parsed.userAgent).toBe(record.userAgent);
  });
});
