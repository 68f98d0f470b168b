// Issue 7, defects 3 and 4 (decode part): decoding is linear in the input, errors beyond --max-errors are
// counted without being described, and one input cannot make the decoder allocate without bound. Every
// attack input is built at test time; wall-clock limits are hang guards (seconds), not speed targets.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParseMode } from '../../functions/core/decode/decode-bytes.ts';
import { decodeBytes } from '../../functions/core/decode/decode-bytes.ts';
import { DEFAULT_LIMITS } from '../../functions/core/decode/input-limits.ts';
import type { InputChunk } from '../../functions/core/pipeline/input-chunk.ts';
import type { InputResult } from '../../functions/core/pipeline/input-result.ts';
import { judgeInput } from '../../functions/core/pipeline/judge-input.ts';
import { EXAMPLE_TRUST } from '../cli/run-cli.ts';
import { engineFor, scenarioRecord } from '../security/support.ts';
import { type ChildRun, runBundle } from './support.ts';

const HANG_GUARD_MS = 20_000;
const MODES: readonly ParseMode[] = ['selective', 'full'];

// The two heap-capped attacks are scanned by the bundled CLI in child processes (as a user runs it),
// started before the in-process tests so that they run meanwhile; their tests (at the end) wait for them.
let attacks: string;
let bombChild: Promise<ChildRun>;
let userAgentChild: Promise<ChildRun>;
beforeAll(() => {
  attacks = mkdtempSync(join(tmpdir(), 'rolewatch-attacks-'));
  bombChild = scanAttack('bomb.json.gz', bomb(), 512);
  userAgentChild = scanAttack('user-agent.json.gz', userAgent(), 768);
});
afterAll(async () => {
  await Promise.allSettled([bombChild, userAgentChild]);
  rmSync(attacks, { recursive: true, force: true });
});

/** 30 million `{}` in `Records` (the issue's attack was 60 million: 4.9 GB and 15 minutes before). */
function bomb(): Buffer {
  const count = 30_000_000;
  const body = Buffer.alloc(12 + count * 3 + 1, '{},');
  body.write('{"Records":[', 0);
  body.write('{}]}', body.length - 4);
  return gzipSync(body, { level: 1 });
}

/** One AssumeRole (it gives findings) whose userAgent is 150 MB: about 146 KB gzipped. */
function userAgent(): Buffer {
  const record = scenarioRecord('untrusted-principal');
  record.userAgent = 'MARK';
  const [before, after] = JSON.stringify({ Records: [record] }).split('MARK') as [string, string];
  return gzipSync(Buffer.concat([Buffer.from(before), Buffer.alloc(150_000_000, 'a'), Buffer.from(after)]), {
    level: 1,
  });
}

/** `rolewatch scan --format jsonl` of one attack file under a heap cap: findings on stdout (counted). */
function scanAttack(name: string, bytes: Buffer, heapMb: number): Promise<ChildRun> {
  const file = join(attacks, name);
  writeFileSync(file, bytes);
  return runBundle(['scan', '--workers', '1', '--format', 'jsonl', '--config', EXAMPLE_TRUST, file], {
    heapMb,
    timeoutMs: 120_000,
  });
}

/** The counts of the summary line a scan prints on standard error. */
function summaryOf(stderr: string): { records: number; credentialEvents: number; malformed: number } {
  const m =
    /Scanned 1 file\(s\), (\d+) record\(s\): (\d+) credential event\(s\) judged, .*?(\d+) input error\(s\)/.exec(
      stderr,
    );
  if (m === null) throw new Error(`no summary line in:\n${stderr.slice(0, 2000)}`);
  return { records: Number(m[1]), credentialEvents: Number(m[2]), malformed: Number(m[3]) };
}

function judgeTimed(
  input: InputChunk,
  parse: ParseMode,
  maxErrors = 100,
): { result: InputResult; ms: number } {
  const started = performance.now();
  const result = judgeInput(input, engineFor(), { maxErrors, parse });
  return { result, ms: performance.now() - started };
}

const s3Record = (i: number): string =>
  JSON.stringify({
    eventVersion: '1.10',
    eventTime: '2026-11-01T00:00:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'us-east-1',
    sourceIPAddress: '10.20.1.7',
    requestParameters: { bucketName: 'acme-orders-exports', key: `daily/part-${i}.parquet` },
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  });

describe('decoding is linear in the input', () => {
  it('reads 32,000 Firehose-concatenated CloudWatch Logs payloads (one line, no separators)', () => {
    const assumeRole = JSON.stringify(scenarioRecord('untrusted-principal'));
    const payloads: string[] = [];
    for (let i = 0; i < 32_000; i++) {
      const message = i % 10 === 0 ? assumeRole : s3Record(i);
      payloads.push(
        JSON.stringify({
          messageType: 'DATA_MESSAGE',
          owner: '111122223333',
          logGroup: 'aws-cloudtrail-logs',
          logStream: '111122223333_CloudTrail_us-east-1',
          logEvents: [{ id: String(i), timestamp: 1_793_491_200_000, message }],
        }),
      );
    }
    const input = { name: 'firehose.json', bytes: Buffer.from(payloads.join('')) };

    for (const parse of MODES) {
      const { result, ms } = judgeTimed(input, parse);

      expect(ms, parse).toBeLessThan(HANG_GUARD_MS);
      expect(result.counts.records, parse).toBe(32_000);
      expect(result.counts.credentialEvents, parse).toBe(3200);
      expect(result.counts.malformed, parse).toBe(0);
    }
  });

  it('reads one record followed by 20,000 broken lines, describing only --max-errors of them', () => {
    for (const broken of ['{"eventSource":', '[1,']) {
      const text = `${s3Record(0)}\n${`${broken}\n`.repeat(20_000)}`;
      const input = { name: 'broken.jsonl', bytes: Buffer.from(text) };

      for (const parse of MODES) {
        const { result, ms } = judgeTimed(input, parse, 50);

        expect(ms, `${broken} ${parse}`).toBeLessThan(HANG_GUARD_MS);
        expect(result.counts.records, `${broken} ${parse}`).toBe(1);
        expect(result.counts.malformed, `${broken} ${parse}`).toBe(20_000);
        expect(result.errors, `${broken} ${parse}`).toHaveLength(50);
        expect(result.errors[49]?.location.line).toBe(51);
      }
    }
  });
});

describe('one input is bounded', () => {
  it(`stops an input after ${DEFAULT_LIMITS.maxRecords.toLocaleString('en-US')} records with an error that says so`, () => {
    const count = DEFAULT_LIMITS.maxRecords + 200_000;
    const one = '{"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances"}';
    const body = Buffer.concat([
      Buffer.from('{"Records":['),
      Buffer.alloc(count * (one.length + 1) - 1, `${one},`),
      Buffer.from(']}'),
    ]);
    const started = performance.now();

    const result = judgeInput({ name: 'many.json', bytes: body }, engineFor(), { maxErrors: 10 });

    expect(performance.now() - started).toBeLessThan(HANG_GUARD_MS);
    expect(result.counts.records).toBe(DEFAULT_LIMITS.maxRecords);
    expect(result.counts.malformed).toBe(1);
    expect(result.errors[0]?.message).toMatch(
      /^more than 1,000,000 records in one input: the rest of it is not read/,
    );
  });

  it('refuses gzip data that decompresses beyond the input limit, naming the limit', () => {
    const limits = { ...DEFAULT_LIMITS, maxInputBytes: 1024 * 1024 };
    const bomb = gzipSync(Buffer.alloc(3 * 1024 * 1024, 0x20));

    for (const parse of MODES) {
      const items = [...decodeBytes(bomb, 'bomb.json.gz', { parse, limits })];

      expect(items).toEqual([
        {
          kind: 'error',
          error: {
            kind: 'gzip',
            message:
              'gzip data decompresses to more than 1,048,576 bytes (a limit against decompression bombs)',
            location: { file: 'bomb.json.gz' },
          },
        },
      ]);
    }
  });

  it('holds an input and every gzip payload nested in it to one limit (envelopes in log messages, JSON Lines)', () => {
    const limits = { ...DEFAULT_LIMITS, maxInputBytes: 1024 * 1024 };
    const record = scenarioRecord('session-too-long', 'match');
    // A subscription payload of one record and 300 KB of padding, as base64 gzip: decompresses to ~300 KB.
    const payload = (): string =>
      gzipSync(
        `{"messageType":"DATA_MESSAGE","logGroup":"g","logEvents":[{"id":"1","timestamp":1,"message":${JSON.stringify(
          JSON.stringify(record),
        )}}]}${' '.repeat(300 * 1024)}`,
      ).toString('base64');
    // One envelope whose 10 log messages are envelopes again (3 MB together), then the flat form: 10 lines.
    const nested = JSON.stringify({
      awslogs: {
        data: gzipSync(
          JSON.stringify({
            messageType: 'DATA_MESSAGE',
            logGroup: 'g',
            logEvents: Array.from({ length: 10 }, (_, i) => ({
              id: String(i),
              timestamp: 1,
              message: JSON.stringify({ awslogs: { data: payload() } }),
            })),
          }),
        ).toString('base64'),
      },
    });
    const flat = Array.from({ length: 10 }, () => JSON.stringify({ awslogs: { data: payload() } })).join(
      '\n',
    );

    for (const [name, text] of [
      ['nested.json', nested],
      ['flat.jsonl', flat],
    ] as const) {
      for (const parse of MODES) {
        const items = [...decodeBytes(Buffer.from(text), name, { parse, limits })];
        const records = items.filter((i) => i.kind === 'record' || i.kind === 'skipped');
        const errors = items.flatMap((i) => (i.kind === 'error' ? [i.error.message] : []));

        // About 1 MB of the 3 MB is inflated: three payloads are read, the other seven are errors that say why.
        expect(records.length, `${name} ${parse}`).toBe(3);
        expect(errors, `${name} ${parse}`).toHaveLength(7);
        for (const e of errors) {
          expect(e).toMatch(
            /^awslogs\.data: not decompressed: with the payloads before it, this input would decompress to more than 1,048,576 bytes/,
          );
        }
      }
    }
  });

  it('judges a gzip of 30 million {} in Records within a 512 MB heap, as one input error', async () => {
    const run = await bombChild;

    expect(run.signal).toBeNull();
    expect(run.stderr).not.toMatch(/heap out of memory|internal error/);
    expect(summaryOf(run.stderr)).toEqual({ records: 0, credentialEvents: 0, malformed: 1 });
    expect(run.stderr).toMatch(/more than 20,000,000 JSON values in one value/);
    expect(run.stdoutBytes).toBe(0);
  });

  it('judges a 146 KB gzip holding a 150 MB userAgent within a 768 MB heap, with a bounded output', async () => {
    const run = await userAgentChild;

    expect(run.signal).toBeNull();
    expect(run.stderr).not.toMatch(/heap out of memory|internal error/);
    expect(summaryOf(run.stderr)).toEqual({ records: 1, credentialEvents: 1, malformed: 0 });
    expect(run.stdoutLines).toBeGreaterThan(0);
    // Each finding (a line) carries the user agent cut to 64 KiB, not 150 MB.
    expect(run.stdoutBytes).toBeLessThan(run.stdoutLines * 80_000);
  });
});
