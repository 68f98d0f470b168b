// The input limits at their boundaries: a plain input of exactly the limit is read; the bytes an input's
// own gzip produced (whole or cut) count against the payloads nested in it; the record limit lets exactly
// its number through.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../functions/core/decode/decode-bytes.ts';
import { gunzipTruncated, TRUNCATED } from '../../functions/core/decode/gunzip.ts';
import {
  DEFAULT_LIMITS,
  sharedLimitMessage,
  tooLargeMessage,
  tooManyRecordsMessage,
} from '../../functions/core/decode/input-limits.ts';
import { awslogsEvent, collect, logsPayload } from './support.ts';

const DIR = new URL('../../fixtures/cloudtrail/assume-role/', import.meta.url);
const fixtures: Record<string, unknown>[] = readdirSync(DIR)
  .filter((n) => n.endsWith('.json'))
  .sort()
  .map((n) => JSON.parse(readFileSync(new URL(n, DIR), 'utf8')) as Record<string, unknown>);
const jsonLines = `${fixtures.map((r) => JSON.stringify(r)).join('\n')}\n`;

describe('the input byte limit', () => {
  it('reads a plain input of exactly the limit, and refuses one byte more', () => {
    const bytes = Buffer.from(jsonLines);
    const at = (maxInputBytes: number) =>
      collect(decodeBytes(bytes, 'trail.jsonl', { limits: { ...DEFAULT_LIMITS, maxInputBytes } }));

    expect(at(bytes.length).records).toHaveLength(fixtures.length);
    expect(at(bytes.length).errors).toEqual([]);
    expect(at(bytes.length - 1).errors).toEqual([
      { kind: 'read', message: tooLargeMessage(bytes.length - 1, false), location: { file: 'trail.jsonl' } },
    ]);
  });

  it('counts what the input’s own gzip produced against a CloudWatch Logs payload nested in it', () => {
    // A subscription event (as a Firehose or a test harness saves it) after the records of a log.
    const payload = JSON.stringify(logsPayload(fixtures.slice(0, 3)));
    const text = `${jsonLines}${JSON.stringify(awslogsEvent(JSON.parse(payload)))}\n`;
    const gz = gzipSync(text);
    const eventLine = fixtures.length + 1;
    // Room for the file and, on its own, the payload; not for both.
    const limits = { ...DEFAULT_LIMITS, maxInputBytes: Buffer.byteLength(text) + payload.length - 1 };
    const whole = collect(decodeBytes(gz, 'events.jsonl.gz', { limits }));

    expect(payload.length).toBeLessThan(limits.maxInputBytes);
    expect(whole.records).toHaveLength(fixtures.length);
    expect(whole.errors).toEqual([
      {
        kind: 'gzip',
        message: `awslogs.data: ${sharedLimitMessage(limits.maxInputBytes)}`,
        location: { file: 'events.jsonl.gz', line: eventLine, path: 'awslogs.data' },
      },
    ]);
    // With room for both, the payload's records are read.
    const roomy = { ...limits, maxInputBytes: Buffer.byteLength(text) + payload.length };
    expect(collect(decodeBytes(gz, 'events.jsonl.gz', { limits: roomy })).records).toHaveLength(
      fixtures.length + 3,
    );
  });

  it('counts what a cut gzip file produced against the payloads nested in its lines', () => {
    const payload = JSON.stringify(logsPayload(fixtures.slice(0, 3)));
    const event = JSON.stringify(awslogsEvent(JSON.parse(payload)));
    const text = `${jsonLines}${event}\n${jsonLines}`;
    const gz = gzipSync(text);
    const cut = gz.subarray(0, gz.length - 40);
    // Room for what the cut file gives and, on its own, the payload; not for both.
    const limits = { ...DEFAULT_LIMITS, maxInputBytes: gunzipTruncated(cut).length + payload.length - 1 };
    const items = collect(decodeBytes(cut, 'cut.jsonl.gz', { limits }));

    expect(items.errors.map((e) => e.message)).toEqual([
      `awslogs.data: ${sharedLimitMessage(limits.maxInputBytes)}`,
      expect.stringMatching(new RegExp(`^${TRUNCATED}; the \\d+ record\\(s\\) before the cut were read`)),
    ]);
    expect(items.errors[0]?.location).toEqual({
      file: 'cut.jsonl.gz',
      line: fixtures.length + 1,
      path: 'awslogs.data',
    });
  });
});

describe('the record limit', () => {
  it('lets exactly its number of records through, and says so only past it', () => {
    const gz = gzipSync(JSON.stringify({ Records: fixtures }));
    for (const parse of ['full', 'selective', 'selective-js'] as const) {
      const exact = collect(
        decodeBytes(gz, 'trail.json.gz', {
          parse,
          limits: { ...DEFAULT_LIMITS, maxRecords: fixtures.length },
        }),
      );
      const under = collect(
        decodeBytes(gz, 'trail.json.gz', {
          parse,
          limits: { ...DEFAULT_LIMITS, maxRecords: fixtures.length - 1 },
        }),
      );

      expect(exact.errors, parse).toEqual([]);
      expect(exact.records.length + exact.skipped, parse).toBe(fixtures.length);
      expect(under.records.length + under.skipped, parse).toBe(fixtures.length - 1);
      expect(under.errors, parse).toEqual([
        {
          kind: 'shape',
          message: tooManyRecordsMessage(fixtures.length - 1),
          location: { file: 'trail.json.gz' },
        },
      ]);
    }
  });

  it('cuts a run of skipped records at the limit, counting the part that fits', () => {
    // Two candidate calls, then S3 data events that selective parsing counts as one skipped run.
    const others = Array.from({ length: 10 }, (_, i) => ({
      ...fixtures[0],
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      eventID: `0f1e2d3c-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));
    const gz = gzipSync(JSON.stringify({ Records: [fixtures[0], fixtures[1], ...others] }));
    for (const parse of ['full', 'selective', 'selective-js'] as const) {
      const items = collect(
        decodeBytes(gz, 'trail.json.gz', { parse, limits: { ...DEFAULT_LIMITS, maxRecords: 5 } }),
      );

      expect(items.records.length + items.skipped, parse).toBe(5);
      expect(
        items.errors.map((e) => e.message),
        parse,
      ).toEqual([tooManyRecordsMessage(5)]);
    }
  });

  it('names a nested payload too large on its own as such, not as the input’s shared limit', () => {
    // Many copies of the same records: a payload that compresses well (as CloudWatch Logs batches do).
    const payload = JSON.stringify(logsPayload(Array.from({ length: 20 }, () => fixtures).flat()));
    const text = `${JSON.stringify(awslogsEvent(JSON.parse(payload)))}\n${jsonLines}`;
    // A plain file: nothing of the limit is spent before the payload, which alone is too large.
    const limits = { ...DEFAULT_LIMITS, maxInputBytes: payload.length - 1 };
    expect(Buffer.byteLength(text)).toBeLessThan(limits.maxInputBytes);
    const items = collect(decodeBytes(Buffer.from(text), 'events.jsonl', { limits }));

    expect(items.errors).toEqual([
      {
        kind: 'gzip',
        message: `awslogs.data: ${tooLargeMessage(limits.maxInputBytes, true)}`,
        location: { file: 'events.jsonl', line: 1, path: 'awslogs.data' },
      },
    ]);
    expect(items.records).toHaveLength(fixtures.length);
  });
});
