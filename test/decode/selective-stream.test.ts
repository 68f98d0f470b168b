// A log file read as it streams (the s3-batch handler) gives the same result as the file read whole, cut
// into chunks anywhere — inside a record, a string, a UTF-8 character — or it asks to be read whole.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecodeLimits } from '../../functions/core/decode/input-limits.ts';
import { DEFAULT_LIMITS } from '../../functions/core/decode/input-limits.ts';
import { SelectiveStream } from '../../functions/core/decode/selective-stream.ts';
import { judgeDecodedInput, judgeInput } from '../../functions/core/pipeline/judge-input.ts';
import { engineFor, scenarioRecord } from '../security/support.ts';
import { sharedTrail } from '../trail-generator/shared-trails.ts';

function streamed(bytes: Uint8Array, cuts: readonly number[], limits: DecodeLimits = DEFAULT_LIMITS) {
  const stream = new SelectiveStream('s3://trail/key.json.gz', limits);
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= at || cut >= bytes.length) continue;
    stream.push(bytes.subarray(at, cut));
    at = cut;
  }
  stream.push(bytes.subarray(at));
  return stream.end();
}

function judgedBoth(bytes: Uint8Array, cuts: readonly number[], limits: DecodeLimits = DEFAULT_LIMITS) {
  const items = streamed(bytes, cuts, limits);
  const whole = judgeInput({ name: 's3://trail/key.json.gz', bytes: gzipSync(bytes) }, engineFor(), {
    maxErrors: 100,
    limits,
  });
  const stream = items === undefined ? undefined : judgeDecodedInput(items, engineFor(), { maxErrors: 100 });
  return { whole, stream };
}

const logFile = (records: readonly unknown[]): Buffer => Buffer.from(JSON.stringify({ Records: records }));

describe('a log file read as it streams', () => {
  const trail = sharedTrail({ records: 3000, demo: true });

  it('gives the same findings, counts and locations as the file read whole, however it is cut', () => {
    const file = trail.reduce((a, b) => (b.records.length > a.records.length ? b : a));
    const bytes = logFile(file.records);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }), (cuts) => {
        const { whole, stream } = judgedBoth(bytes, cuts);

        expect(stream).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('never gives a different result than the file read whole, when a byte anywhere is damaged', () => {
    const bytes = logFile(trail[3]!.records.slice(0, 12));
    const damage = fc.record({
      at: fc.integer({ min: 0, max: bytes.length - 1 }),
      kind: fc.constantFrom('insert', 'drop', 'replace'),
      char: fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', ' ', '\n', '\u0001', 'é', '0', 'x'),
    });
    fc.assert(
      fc.property(
        damage,
        fc.array(fc.integer({ min: 1, max: bytes.length }), { maxLength: 8 }),
        (d, cuts) => {
          const char = Buffer.from(d.char);
          const damaged =
            d.kind === 'insert'
              ? Buffer.concat([bytes.subarray(0, d.at), char, bytes.subarray(d.at)])
              : d.kind === 'drop'
                ? Buffer.concat([bytes.subarray(0, d.at), bytes.subarray(d.at + 1)])
                : Buffer.concat([bytes.subarray(0, d.at), char, bytes.subarray(d.at + 1)]);

          const { whole, stream } = judgedBoth(damaged, cuts);

          if (stream !== undefined) expect(stream).toEqual(whole);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads a record longer than many chunks, and UTF-8 characters cut between chunks', () => {
    const record = scenarioRecord('untrusted-principal');
    record.userAgent = `aws-cli/2 ${'é漢🙂'.repeat(20_000)}`;
    const bytes = logFile([scenarioRecord('assume-denied'), record, scenarioRecord('mfa-missing')]);
    const cuts = Array.from({ length: Math.floor(bytes.length / 7) }, (_, i) => (i + 1) * 7);

    const { whole, stream } = judgedBoth(bytes, cuts);

    expect(stream).toBeDefined();
    expect(stream).toEqual(whole);
    expect(whole.counts.credentialEvents).toBe(3);
  });

  it('asks to be read whole when the input is not a plain log file or not JSON', () => {
    const record = scenarioRecord('untrusted-principal');
    for (const text of [
      `${JSON.stringify(record)}\n${JSON.stringify(record)}\n`,
      JSON.stringify({ Records: [record], more: 1 }),
      JSON.stringify({ Records: [record] }).slice(0, -5),
      `${JSON.stringify({ Records: [record] })}{}`,
      JSON.stringify({ Records: [record] }).replace('"eventTime"', '"eventTime" 1'),
      '\ufeff\ufeff{"Records":[]}',
    ]) {
      expect(streamed(Buffer.from(text), [3, 50]), text.slice(0, 40)).toBeUndefined();
    }
    expect(streamed(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('{"Records":[]}')]), [1, 2])).toBeDefined();
    expect(streamed(Buffer.from('{"Records":[{"a":"\xff"}]}', 'latin1'), [])).toBeUndefined();
  });

  it('keeps the records limit of a file read whole', () => {
    const records = trail.flatMap((f) => f.records).slice(0, 40);
    const limits = { ...DEFAULT_LIMITS, maxRecords: 25 };

    const { whole, stream } = judgedBoth(logFile(records), [100, 5000], limits);

    expect(stream).toEqual(whole);
    expect(whole.counts.records).toBe(25);
    expect(whole.counts.malformed).toBe(1);
  });
});
