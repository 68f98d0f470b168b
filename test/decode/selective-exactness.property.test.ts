// Issue 10: exactness is the contract. Arbitrary real-shaped records — with escaped keys and values,
// duplicate or missing keys, decoy `eventSource` fields nested elsewhere, braces and quotes inside strings,
// odd elements — laid out in every accepted way, then corrupted (truncated, bytes dropped or inserted),
// give byte-identical `--format json` output whether they are parsed selectively or in full. Small decode
// limits are drawn too, so that the limit paths are held to the same standard.

import { isUtf8 } from 'node:buffer';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecodeLimits } from '../../functions/core/decode/input-limits.ts';
import { DEFAULT_LIMITS } from '../../functions/core/decode/input-limits.ts';
import { type PlanStep, planSelective } from '../../functions/core/decode/selective-plan.ts';
import { wasmScannerAvailable } from '../../functions/core/decode/wasm-record-analyzer.ts';
import { generateTrail } from '../../functions/trail-generator/generate-trail.ts';
import { listFixtures, loadCorpus, loadFixture } from '../normalize/load-records.ts';
import { judgeBoth, judgeValueBoth } from './judge-both.ts';
import { changedPayload, changedPayloadText, PAYLOAD_CHANGES, type Payload } from './logs-payload-changes.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Rec = { [k: string]: Json };

/** Real records: every fixture record, the corpus, and generated non-STS traffic (S3, KMS, EC2, SSM). */
function pool(): Rec[] {
  const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
  const fixtures = listFixtures()
    .map((p) => loadFixture(p) as Json)
    .flatMap((v) => (isRec(v) && Array.isArray(v.Records) ? v.Records : [v]))
    .filter(isRec);
  const corpus = loadCorpus()
    .map((c) => c.record)
    .filter(isRec);
  const generated = [...generateTrail({ records: 60, seed: 7 })].flatMap((f) => f.records as Rec[]);
  return [...fixtures, ...corpus, ...generated].filter((r) => typeof r.eventSource === 'string');
}
const POOL = pool();
const STS = POOL.filter((r) => r.eventSource === 'sts.amazonaws.com');
const OTHER = POOL.filter((r) => r.eventSource !== 'sts.amazonaws.com');

const CALLS: readonly [string, string][] = [
  ['sts.amazonaws.com', 'AssumeRole'],
  ['sts.amazonaws.com', 'GetCallerIdentity'],
  ['sts.amazonaws.com', 'GetSessionToken'],
  ['iam.amazonaws.com', 'UpdateAssumeRolePolicy'],
  ['iam.amazonaws.com', 'CreateUser'],
  ['s3.amazonaws.com', 'GetObject'],
  ['ec2.amazonaws.com', 'AssumeRole'],
];

/** Mostly `undefined`: most records keep their shape, so that the skipping path is the one exercised. */
const rarely = <T>(...values: T[]): fc.Arbitrary<T | undefined> =>
  fc.oneof(
    { weight: 10, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...values) },
  );

const mutation = fc.record({
  call: fc.option(fc.constantFrom(...CALLS), { nil: undefined, freq: 2 }),
  missing: rarely('eventSource', 'eventName'),
  nonString: rarely('eventSource', 'eventName'),
  duplicate: rarely('eventSource-first', 'eventName-last', 'eventSource-number', 'escaped-last'),
  decoy: rarely(true),
  braces: rarely(true),
  escapeKey: rarely('eventSource', 'eventName', 'other'),
  escapeValue: rarely('eventSource', 'eventName'),
  unicode: rarely(true),
  /** Damage inside the record that only a grammar check notices (in a record that would be skipped). */
  damage: rarely(
    'raw-control',
    'raw-newline',
    'raw-tab',
    'bad-escape',
    'short-unicode-escape',
    'leading-zero',
    'bare-minus',
    'dot-number',
    'bad-literal',
    'trailing-comma',
    'single-quotes',
    'missing-colon',
  ),
});
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

/** A record's JSON text after object-level and text-level mutations. */
function recordText(base: Rec, m: Mutation, indent: number | undefined): string {
  const r: Rec = structuredClone(base);
  if (m.call !== undefined) [r.eventSource, r.eventName] = m.call;
  if (m.decoy)
    r.requestParameters = {
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      inner: r.requestParameters ?? null,
    };
  if (m.braces) r.userAgent = 'aws-cli/2 {"eventSource":"sts.amazonaws.com"} [}{] \\ "';
  if (m.unicode) r.sourceIPAddress = 'é漢字🙂';
  if (m.nonString !== undefined) r[m.nonString] = 42;
  if (m.missing !== undefined) delete r[m.missing];
  let text = JSON.stringify(r, null, indent);
  const sep = indent === undefined ? '' : ' ';
  if (m.duplicate === 'eventSource-first')
    text = text.replace('{', `{"eventSource":${sep}"sts.amazonaws.com",`);
  if (m.duplicate === 'eventName-last') text = text.replace(/}\s*$/, `,"eventName":${sep}"AssumeRole"}`);
  if (m.duplicate === 'eventSource-number') text = text.replace(/}\s*$/, ',"eventSource":7}');
  if (m.escapeKey === 'eventSource') text = text.replace('"eventSource"', '"event\\u0053ource"');
  if (m.escapeKey === 'eventName') text = text.replace('"eventName"', '"even\\u0074Name"');
  if (m.escapeKey === 'other') text = text.replace('"eventTime"', '"event\\u0054ime"');
  if (m.escapeValue === 'eventSource')
    text = text.replace(/"eventSource":(\s*)"sts\./, '"eventSource":$1"\\u0073ts.');
  if (m.escapeValue === 'eventName')
    text = text.replace(/"eventName":(\s*)"Assume/, '"eventName":$1"Assum\\u0065');
  if (m.duplicate === 'escaped-last') {
    text = text.replace(/}\s*$/, ',"event\\u0053ource":"sts.amazonaws.com","event\\u004eame":"AssumeRole"}');
  }
  return damage(text, m.damage);
}

/** The first string value (after `":"`) or number (after `":`) of the record, damaged. */
function damage(text: string, how: Mutation['damage']): string {
  const inString = (insert: string): string => text.replace(/":(\s*)"/, `":$1"${insert}`);
  switch (how) {
    case undefined:
      return text;
    case 'raw-control':
      return inString('\u0001');
    case 'raw-newline':
      return inString('\n');
    case 'raw-tab':
      return inString('\t');
    case 'bad-escape':
      return inString('\\x');
    case 'short-unicode-escape':
      return inString('\\u12g4');
    case 'leading-zero':
      return text.replace(/":(\s*)(\d)/, '":$10$2');
    case 'bare-minus':
      return text.replace(/":(\s*)(\d)/, '":$1-');
    case 'dot-number':
      return text.replace(/":(\s*)(\d+)/, '":$1$2.');
    case 'bad-literal':
      return text.replace(/":(\s*)(true|false|null)/, '":$1nul');
    case 'trailing-comma':
      return text.replace(/}\s*$/, ',}');
    case 'single-quotes':
      return text.replace(/"(\w+)":/, "'$1':");
    case 'missing-colon':
      return text.replace(/"(\w+)":/, '"$1" ');
    default:
      return text;
  }
}

const ODD_ELEMENTS = [
  '{}',
  'null',
  '1',
  '"x"',
  '[]',
  '{"insightDetails":{"state":"Start"},"eventType":"AwsCloudTrailInsight","eventCategory":"Insight","eventTime":"2026-11-01T00:00:00Z"}',
];

const element = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...STS), mutation).map(([r, m]) => ({ r, m })) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...OTHER), mutation).map(([r, m]) => ({ r, m })) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_ELEMENTS) },
);

const LAYOUTS = [
  'envelope',
  'envelope-pretty',
  'jsonl',
  'jsonl-crlf',
  'concatenated',
  'array',
  'envelopes-per-line',
  'single',
] as const;
type Layout = (typeof LAYOUTS)[number];

function layout(elements: (string | { r: Rec; m: Mutation })[], how: Layout): string {
  const texts = (indent?: number) =>
    elements.map((e) => (typeof e === 'string' ? e : recordText(e.r, e.m, indent)));
  switch (how) {
    case 'envelope':
      return `{"Records":[${texts().join(',')}]}`;
    case 'envelope-pretty':
      return `{\n  "Records": [\n${texts(2).join(',\n')}\n  ]\n}\n`;
    case 'jsonl':
      return `${texts().join('\n')}\n`;
    case 'jsonl-crlf':
      return `\n${texts().join('\r\n\r\n')}`;
    case 'concatenated':
      return texts().join('');
    case 'array':
      return `[${texts().join(',')}]`;
    case 'envelopes-per-line':
      return texts()
        .map((t) => `{"Records":[${t}]}`)
        .join('\n');
    case 'single':
      return texts()[0] ?? '';
  }
}

const corruption = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('truncate', 'drop', 'insert', 'replace'),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      char: fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        '"',
        ',',
        ':',
        '\\',
        ' ',
        '\n',
        '\u0001',
        'é',
        '0',
        'a',
        '\uFEFF',
      ),
    }),
  },
);

function corrupt(bytes: Buffer, c: { kind: string; at: number; char: string } | undefined): Buffer {
  if (c === undefined || bytes.length === 0) return bytes;
  const at = Math.min(bytes.length - 1, Math.floor(c.at * bytes.length));
  const char = Buffer.from(c.char);
  if (c.kind === 'truncate') return bytes.subarray(0, at);
  if (c.kind === 'drop') return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
  if (c.kind === 'insert') return Buffer.concat([bytes.subarray(0, at), char, bytes.subarray(at)]);
  return Buffer.concat([bytes.subarray(0, at), char, bytes.subarray(at + 1)]);
}

const input = fc.record({
  elements: fc.array(element, { minLength: 1, maxLength: 8 }),
  layout: fc.constantFrom(...LAYOUTS),
  corruption,
  gzip: fc.boolean(),
  bom: fc.boolean(),
});

const limits: fc.Arbitrary<DecodeLimits> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(DEFAULT_LIMITS) },
  {
    weight: 1,
    arbitrary: fc.record({
      maxInputBytes: fc.constant(DEFAULT_LIMITS.maxInputBytes),
      maxRecords: fc.integer({ min: 1, max: 8 }),
      maxValues: fc.integer({ min: 5, max: 400 }),
    }),
  },
);

describe('selective parsing (property)', () => {
  it('gives byte-identical JSON output to full parsing on arbitrary, corrupted real-shaped inputs', () => {
    fc.assert(
      fc.property(
        fc.array(input, { minLength: 1, maxLength: 3 }),
        limits,
        fc.integer({ min: 1, max: 5 }),
        (inputs, l, maxErrors) => {
          const chunks = inputs.map((spec, i) => {
            let bytes: Buffer = Buffer.from(layout(spec.elements, spec.layout));
            if (spec.bom) bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
            bytes = corrupt(bytes, spec.corruption);
            return { name: `input-${i}.json`, bytes: spec.gzip ? gzipSync(bytes) : bytes };
          });

          const { selective, full } = judgeBoth(chunks, { limits: l, maxErrors });

          expect(selective).toBe(full);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** Valid values that only a careful grammar check gets right, put into a record as `"zz": …`. */
const EXTRA_VALUES = [
  // Deeper than the WebAssembly scanner's stack (960): that record is redone in JavaScript.
  `${'['.repeat(1000)}${']'.repeat(1000)}`,
  `${'{"a":'.repeat(970)}1${'}'.repeat(970)}`,
  '[-0,0.5e-3,1E+9,-12.75E-2,0,10,1e0]',
  '[true,false,null,{},[],"",{"":""}]',
  '"\\u00e9\\"\\\\\\/\\b\\f\\n\\r\\t ok"',
  '"a long string, longer than one 16-byte block: 0123456789abcdef0123456789abcdef"',
  // Not JSON: both scanners must refuse them (the input is then parsed in full, which says where).
  '01',
  '-01',
  '-',
  '1.',
  '.5',
  '1e',
  '1e+',
  '+1',
  'tru',
  'nul',
  'fals',
  'True',
  '"\\u12g4"',
  '"\\x"',
  '"\u0001"',
  '[1,]',
  '[,1]',
  '{"a":1,}',
  '{"a" 1}',
  '{,}',
  '{"a":1 "b":2}',
];

/**
 * A plan without the values parsed ahead: only the JavaScript scanner parses candidates on the way, and
 * a JSON Lines span it parsed reaches the end of its line (trailing whitespace, which parsing ignores).
 */
const shape = (b: Uint8Array, steps: readonly PlanStep[] | undefined) =>
  steps?.map((s) => {
    if (s.kind === 'skipped') return s;
    let end = s.end;
    while (end > s.start && [0x20, 0x09, 0x0a, 0x0d].includes(b[end - 1]!)) end--;
    return { ...s, end, value: undefined };
  });

describe('the WebAssembly scanner (property)', () => {
  it('runs here (Node has WebAssembly SIMD), so the property below tests it', () => {
    expect(wasmScannerAvailable()).toBe(true);
  });

  it('plans every input exactly as the JavaScript scanner does, corrupted or not, at any size', () => {
    fc.assert(
      fc.property(
        input,
        limits,
        fc.option(fc.tuple(fc.constantFrom(...EXTRA_VALUES), fc.nat()), { freq: 3 }),
        (spec, l, extra) => {
          let bytes: Buffer = Buffer.from(layout(spec.elements, spec.layout));
          if (extra !== null) {
            // After the first `{` of some record: `{"zz": VALUE, …`.
            const opens = [...bytes.toString('latin1').matchAll(/\{"/g)].map((m) => m.index);
            const at = opens.length === 0 ? -1 : (opens[extra[1] % opens.length] ?? -1);
            if (at >= 0) {
              bytes = Buffer.concat([
                bytes.subarray(0, at + 1),
                Buffer.from(`"zz":${extra[0]},`),
                bytes.subarray(at + 1),
              ]);
            }
          }
          bytes = corrupt(bytes, spec.corruption);
          fc.pre(isUtf8(bytes));
          const js = planSelective(bytes, 0, l, 'js');
          const wasm = planSelective(bytes, 0, l, 'wasm', 0);

          expect(wasm === undefined).toBe(js === undefined);
          expect(shape(bytes, wasm?.steps)).toEqual(shape(bytes, js?.steps));
          expect(wasm?.topValues).toBe(js?.topValues);
        },
      ),
      { numRuns: 400 },
    );
  });
});

/** Changes around the messages (logs-payload-changes.ts): none, or one or two, then maybe damage. */
const envelope = fc.record({
  changes: fc.oneof(
    { weight: 2, arbitrary: fc.constant([]) },
    { weight: 3, arbitrary: fc.subarray([...PAYLOAD_CHANGES], { minLength: 1, maxLength: 2 }) },
  ),
  pretty: fc.boolean(),
  corruption: fc.option(corruption, { freq: 8 }),
});

describe('selective CloudWatch Logs messages (property)', () => {
  it('give byte-identical JSON output to parsing every message, for payloads and encoded subscriptions', () => {
    const message = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.tuple(fc.constantFrom(...POOL), mutation).map(([r, m]) => recordText(r, m, undefined)),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          ...ODD_ELEMENTS,
          ' {"eventSource":"s3.amazonaws.com","eventName":"GetObject"}\n',
          '{"eventSource":"s3.amazonaws.com","eventName":"GetObject"} {}',
          '\ufeff{"eventSource":"s3.amazonaws.com","eventName":"GetObject"}',
          '{"eventSource":"s3.amazonaws.com","eventName":"GetObject","x":"\ud800"}',
          // Whitespace and escapes that the payload escapes in turn (\t \r \n \\): all valid JSON.
          '{\t"eventSource":"s3.amazonaws.com",\r\n"eventName":"GetObject","x":"a/b\\\\c\\b"}',
          // Control characters raw in a message's string (not JSON): the payload holds them as \b, \f.
          '{"eventSource":"s3.amazonaws.com","eventName":"GetObject","x":"\b\f"}',
          '',
        ),
      },
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(message, corruption), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        envelope,
        (messages, encoded, env) => {
          const payload: Payload = {
            messageType: 'DATA_MESSAGE',
            owner: '111122223333',
            logGroup: 'aws-cloudtrail-logs',
            logStream: '111122223333_CloudTrail_us-east-1',
            subscriptionFilters: ['rolewatch'],
            logEvents: messages.map(([text, c], i) => ({
              id: String(i),
              timestamp: 1_793_000_000_000 + i,
              message: corrupt(Buffer.from(text), c).toString('utf8'),
            })),
          };
          const text = changedPayloadText(payload, env.changes, env.pretty ? 2 : undefined);
          const value = encoded
            ? {
                awslogs: {
                  data: gzipSync(corrupt(Buffer.from(text), env.corruption ?? undefined)).toString('base64'),
                },
              }
            : changedPayload(payload, env.changes);

          const { selective, full } = judgeValueBoth(value);

          expect(selective).toBe(full);
        },
      ),
      { numRuns: 100 },
    );
  });
});
