// Where nested records and broken log messages are reported, and what selective parsing may skip: a
// record inside an envelope on line N of JSON Lines keeps line N; an empty log message says so; a message
// with data after its record is an error in every mode, never a skipped record.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../functions/core/decode/decode-bytes.ts';
import { collect, logsPayload } from './support.ts';

const DIR = new URL('../../fixtures/cloudtrail/assume-role/', import.meta.url);
const fixtures: Record<string, unknown>[] = readdirSync(DIR)
  .filter((n) => n.endsWith('.json'))
  .sort()
  .map((n) => JSON.parse(readFileSync(new URL(n, DIR), 'utf8')) as Record<string, unknown>);
const other = { ...fixtures[0], eventSource: 's3.amazonaws.com', eventName: 'GetObject' };
const MODES = ['full', 'selective', 'selective-js'] as const;

describe('records inside envelopes in JSON Lines', () => {
  it('keep the line of their envelope, with the path inside it', () => {
    const event = {
      version: '0',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.sts',
      detail: fixtures[1],
    };
    const text = [
      JSON.stringify(fixtures[0]),
      JSON.stringify(event),
      JSON.stringify(logsPayload([fixtures[2]!])),
    ].join('\n');
    const items = collect(decodeBytes(Buffer.from(text), 'mixed.jsonl'));

    expect(items.records.map((r) => r.location)).toEqual([
      { file: 'mixed.jsonl', line: 1 },
      { file: 'mixed.jsonl', line: 2, path: 'detail' },
      { file: 'mixed.jsonl', line: 3, path: 'logEvents[0].message' },
    ]);
  });
});

describe('broken log messages', () => {
  it('say a message is empty, and count a message with data after its record as an error in every mode', () => {
    const payload = logsPayload([fixtures[0]!, other]);
    const events = payload.logEvents as { message: string }[];
    events.push({ ...events[1]!, message: '' });
    events.push({ ...events[1]!, message: `${JSON.stringify(other)} trailing` });
    for (const parse of MODES) {
      const items = collect(decodeBytes(Buffer.from(JSON.stringify(payload)), 'payload.json', { parse }));

      expect(items.records.length + items.skipped, parse).toBe(2);
      expect(
        items.errors.map((e) => [e.location.path, e.message.replace(/ near .*/, '')]),
        parse,
      ).toEqual([
        ['logEvents[2].message', 'the log message is empty'],
        ['logEvents[3].message', expect.stringMatching(/^the log message is not JSON: /)],
      ]);
    }
  });
});

describe('excerpts near a broken value', () => {
  it('never show a base64 run of 32 characters (the shortest secret-shaped run), and show a 31-character one', () => {
    const run = (n: number): string => 'wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY'.slice(0, n);
    for (const [n, shown] of [
      [32, false],
      [31, true],
    ] as const) {
      // A record cut by a broken exporter after its user agent.
      const text = `{"eventVersion":"1.08","userAgent":"${run(n)}" oops}\n${JSON.stringify(fixtures[1])}\n`;
      const items = collect(decodeBytes(Buffer.from(text), 'excerpt.jsonl'));

      expect(items.records).toHaveLength(1);
      expect(items.errors).toHaveLength(1);
      expect(items.errors[0]?.message.includes(run(n).slice(-6)), `${n}`).toBe(shown);
    }
  });
});
