// Issue 10: selective parsing must give byte-identical `scan --format json` output to full parsing on every
// real input we have: the public corpus, every fixture and the demo trail. The property test next to this
// file covers what real inputs do not (corruption, escapes, duplicate keys…).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gunzip } from '../../functions/core/decode/gunzip.ts';
import { DEFAULT_LIMITS } from '../../functions/core/decode/input-limits.ts';
import { planSelective } from '../../functions/core/decode/selective-plan.ts';
import { WASM_SCAN_MIN_BYTES } from '../../functions/core/decode/wasm-record-analyzer.ts';
import type { InputChunk } from '../../functions/core/pipeline/input-chunk.ts';
import { encodeTrailFile } from '../../functions/trail-generator/write-trail.ts';
import { sharedTrail } from '../trail-generator/shared-trails.ts';
import { judgeAllModes } from './judge-both.ts';
import { CORPUS } from './support.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(json|jsonl|gz)$/.test(e.name) && !e.name.startsWith('MANIFEST'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const chunk = (path: string): InputChunk => ({ name: path, bytes: readFileSync(path) });

describe('selective parsing gives the same output as full parsing', () => {
  it('on every file of the public corpus', () => {
    const inputs = filesUnder(CORPUS).map(chunk);
    expect(inputs.length).toBeGreaterThan(20);

    const { selective, selectiveJs, full } = judgeAllModes(inputs);

    expect(selective).toBe(full);
    expect(selectiveJs).toBe(full);
  });

  it('on every fixture', () => {
    const inputs = filesUnder(join(ROOT, 'fixtures')).map(chunk);
    expect(inputs.length).toBeGreaterThan(40);

    const { selective, selectiveJs, full } = judgeAllModes(inputs);

    expect(selective).toBe(full);
    expect(selectiveJs).toBe(full);
    expect(JSON.parse(selective).summary.credentialEvents).toBeGreaterThan(40);
  });

  it('on the demo trail, where it parses only the candidate records', () => {
    const inputs = sharedTrail({ records: 3000, demo: true }).map(
      (file): InputChunk => ({ name: file.key, bytes: encodeTrailFile(file) }),
    );

    const { selective, selectiveJs, full } = judgeAllModes(inputs);

    expect(selective).toBe(full);
    expect(selectiveJs).toBe(full);
    const summary = JSON.parse(selective).summary;
    expect(summary.records).toBe(3000);
    expect(summary.skipped).toBeGreaterThan(1000);
    // The selective path was taken (nothing fell back to full parsing), skipping records in runs, and
    // files large enough for the WebAssembly scanner were among them.
    let wasmSized = 0;
    for (const input of inputs) {
      const bytes = gunzip(input.bytes);
      if (!bytes.ok) throw new Error(bytes.error);
      const plan = planSelective(bytes.value, 0, DEFAULT_LIMITS);
      expect(plan, input.name).toBeDefined();
      if (bytes.value.length >= WASM_SCAN_MIN_BYTES) wasmSized++;
    }
    expect(wasmSized).toBeGreaterThan(50);
  });
});
