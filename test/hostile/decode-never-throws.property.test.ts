// Issue 7, item 6: property tests over the decode path as a scan runs it. Arbitrary bytes and arbitrary JSON
// never hang and never throw out of judgeInput; a session token planted anywhere in the input — as a
// credentials value, inside any string, as a key, next to a syntax error — never appears in the JSON or
// SARIF output (rendered through the CLI's scrubbing writer) or in any input error.
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseMode } from '../../functions/core/decode/decode-bytes.ts';
import type { InputChunk } from '../../functions/core/pipeline/input-chunk.ts';
import { judgeInput } from '../../functions/core/pipeline/judge-input.ts';
import { ScanCollector } from '../../functions/core/pipeline/scan-collector.ts';
import type { FindingWriter } from '../../functions/core/render/finding-writer.ts';
import { jsonWriter } from '../../functions/core/render/render-json.ts';
import { sarifWriter } from '../../functions/core/render/render-sarif.ts';
import { scrubbingWriter } from '../../functions/core/render/scrub-output.ts';
import { RULES } from '../../functions/core/rules/registry.ts';
import { listFixtures, loadFixture } from '../normalize/load-records.ts';
import { engineFor } from '../security/support.ts';

const engine = engineFor();
const MODES: readonly ParseMode[] = ['selective', 'full'];
/** A hang guard for the whole property, not a speed target. */
const HANG_GUARD_MS = 20_000;

function render(inputs: readonly InputChunk[], parse: ParseMode, writer: FindingWriter): string {
  const collector = new ScanCollector({ maxErrors: 100 });
  let text = writer.begin();
  for (const input of inputs) {
    for (const f of collector.add(judgeInput(input, engine, { maxErrors: 100, parse })))
      text += writer.finding(f);
  }
  const totals = collector.finish();
  for (const f of totals.held) text += writer.finding(f);
  return text + writer.end({ summary: totals.summary, errors: totals.errors, warnings: [] });
}

const outputs = (inputs: readonly InputChunk[]): string[] =>
  MODES.flatMap((parse) => [
    render(inputs, parse, scrubbingWriter(jsonWriter())),
    render(inputs, parse, scrubbingWriter(sarifWriter(RULES, '0.0.0'))),
  ]);

function timed<T>(fn: () => T): T {
  const started = performance.now();
  const out = fn();
  expect(performance.now() - started).toBeLessThan(HANG_GUARD_MS);
  return out;
}

describe('the decode path never hangs nor throws', () => {
  it('on arbitrary bytes, gzipped or not', () => {
    timed(() =>
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 3000 }), fc.boolean(), (bytes, gzip) => {
          const input = { name: 'random.json', bytes: gzip ? gzipSync(bytes) : bytes };
          for (const parse of MODES)
            expect(() => judgeInput(input, engine, { maxErrors: 5, parse })).not.toThrow();
        }),
        { numRuns: 300 },
      ),
    );
  });

  it('on arbitrary JSON, alone, in Records, in JSON Lines and in log messages', () => {
    const layouts = fc.constantFrom('alone', 'records', 'lines', 'messages', 'lookup');
    timed(() =>
      fc.assert(
        fc.property(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 6 }), layouts, (values, layout) => {
          const text =
            layout === 'alone'
              ? JSON.stringify(values[0] ?? null)
              : layout === 'records'
                ? JSON.stringify({ Records: values })
                : layout === 'lines'
                  ? values.map((v) => JSON.stringify(v)).join('\n')
                  : layout === 'messages'
                    ? JSON.stringify({
                        messageType: 'DATA_MESSAGE',
                        logEvents: values.map((v) => ({ message: JSON.stringify(v) })),
                      })
                    : JSON.stringify({ Events: values.map((v) => ({ CloudTrailEvent: JSON.stringify(v) })) });
          const input = { name: 'values.json', bytes: Buffer.from(text) };
          for (const parse of MODES)
            expect(() => judgeInput(input, engine, { maxErrors: 5, parse })).not.toThrow();
        }),
        { numRuns: 300 },
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A session token, different on every run (never a committed literal). */
const TOKEN = `IQoJb3JpZ2luX2VjE${randomBytes(360).toString('base64').replace(/[+/=]/g, 'Q')}`;
/** Any 20 characters of the token's random part in an output is a leak. */
function leaks(text: string): string | undefined {
  for (let i = 17; i + 20 <= TOKEN.length; i += 5)
    if (text.includes(TOKEN.slice(i, i + 20))) return TOKEN.slice(i, i + 20);
  return undefined;
}

const RECORDS: Json[] = listFixtures()
  .map((p) => loadFixture(p) as Json)
  .flatMap((v) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Array.isArray(v.Records) ? v.Records : [v],
  );

/** Every path to a string value, and every object (where a key can be planted). */
function places(
  v: Json,
  at: (string | number)[] = [],
  out: { path: (string | number)[]; object: boolean }[] = [],
) {
  if (typeof v === 'string') out.push({ path: at, object: false });
  else if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) places(x, [...at, i], out);
  } else if (typeof v === 'object' && v !== null) {
    out.push({ path: at, object: true });
    for (const [k, x] of Object.entries(v)) places(x, [...at, k], out);
  }
  return out;
}

function plant(record: Json, choice: number, how: string): Json {
  const copy = structuredClone(record);
  const spots = places(copy);
  const spot = spots[choice % spots.length] as { path: (string | number)[]; object: boolean };
  let parent: Json = copy;
  for (const step of spot.path.slice(0, -1)) parent = (parent as Record<string, Json>)[step] as Json;
  const last = spot.path.at(-1);
  if (spot.object) {
    const target = (last === undefined ? copy : (parent as Record<string, Json>)[last]) as Record<
      string,
      Json
    >;
    if (how === 'key') target[TOKEN] = 'x';
    else target.sessionToken = TOKEN;
  } else if (last !== undefined) {
    const old = (parent as Record<string, Json>)[last] as string;
    (parent as Record<string, Json>)[last] = how === 'inside' ? `${old} token=${TOKEN} end` : TOKEN;
  }
  return copy;
}

describe('a planted session token never reaches an output', () => {
  it('wherever it sits in a real record, however the input is laid out or broken', () => {
    const plantings = fc.record({
      record: fc.constantFrom(...RECORDS),
      choice: fc.nat(),
      how: fc.constantFrom('value', 'inside', 'key', 'credentials'),
      layout: fc.constantFrom('records', 'lines', 'messages', 'gzip'),
      // Break the text right inside or after the token, where an error excerpt would look.
      cut: fc.option(fc.integer({ min: -40, max: 40 }), { nil: undefined }),
      control: fc.boolean(),
    });
    timed(() =>
      fc.assert(
        fc.property(plantings, (p) => {
          const planted = plant(p.record, p.choice, p.how);
          let text =
            p.layout === 'messages'
              ? JSON.stringify({
                  messageType: 'DATA_MESSAGE',
                  logEvents: [{ id: '1', timestamp: 0, message: JSON.stringify(planted) }],
                })
              : p.layout === 'lines'
                ? `${JSON.stringify(planted)}\n${JSON.stringify(planted)}\n`
                : JSON.stringify({ Records: [planted] });
          const at = text.indexOf(TOKEN.slice(20, 40));
          if (p.cut !== undefined && at >= 0) {
            const cut = Math.max(0, at + p.cut);
            text = p.control ? `${text.slice(0, cut)}\u0001${text.slice(cut)}` : text.slice(0, cut);
          }
          const bytes = p.layout === 'gzip' ? gzipSync(text) : Buffer.from(text);

          for (const out of outputs([{ name: 'planted.json', bytes }])) expect(leaks(out)).toBeUndefined();
        }),
        { numRuns: 250 },
      ),
    );
  });
});
