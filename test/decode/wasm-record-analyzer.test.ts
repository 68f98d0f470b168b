// The WebAssembly scanner's wrapper (issue 10): what it answers when the scanner cannot (too deep a
// record, a trap), and which inputs it takes.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../functions/core/decode/input-limits.ts';
import { ERR, RecordAnalyzer } from '../../functions/core/decode/record-analyzer.ts';
import { planSelective } from '../../functions/core/decode/selective-plan.ts';
import {
  WASM_SCAN_MAX_BYTES,
  WASM_SCAN_MIN_BYTES,
  WasmRecordAnalyzer,
} from '../../functions/core/decode/wasm-record-analyzer.ts';

const record = (source: string, name: string, extra = '') =>
  `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser"}${extra},"eventSource":"${source}","eventName":"${name}","requestParameters":{"a":[1,2.5e3,true,false,null]}}`;
const bytes = (text: string) => Buffer.from(text);

describe('WasmRecordAnalyzer', () => {
  it('answers as the JavaScript analyzer does, record by record', () => {
    const texts = [
      record('sts.amazonaws.com', 'AssumeRole'),
      record('s3.amazonaws.com', 'GetObject'),
      record('sts.amazonaws.com', 'GetCallerIdentity'),
      record('iam.amazonaws.com', 'UpdateAssumeRolePolicy'),
      record('sts.amazonaws.com', 'AssumeRole', ',"eventSource":"s3.amazonaws.com"'),
      '{"event\\u0053ource":"s3.amazonaws.com","eventName":"GetObject"}',
      '{}',
    ];
    for (const text of texts) {
      const b = bytes(text);
      const wasm = WasmRecordAnalyzer.load(b, 0);
      const js = new RecordAnalyzer();
      expect(wasm).toBeDefined();
      expect(wasm!.analyze(b, 0, b.length), text).toBe(js.analyze(b, 0, b.length));
      expect([wasm!.parse, wasm!.plainKeys, wasm!.values], text).toEqual([js.parse, js.plainKeys, js.values]);
    }
  });

  it('hands a record nested deeper than its stack to the JavaScript analyzer, counting the same values', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const b = bytes(record('s3.amazonaws.com', 'GetObject', `,"deep":${deep}`));
    const wasm = WasmRecordAnalyzer.load(b, 0)!;
    const js = new RecordAnalyzer();

    expect(wasm.analyze(b, 0, b.length)).toBe(js.analyze(b, 0, b.length));
    expect(wasm.values).toBe(js.values);
    expect(wasm.parse).toBe(false);
  });

  it('never throws: a trap in the scanner (a read outside its memory) is answered in JavaScript', () => {
    const b = bytes(record('s3.amazonaws.com', 'GetObject'));
    const wasm = WasmRecordAnalyzer.load(b, 0)!;

    // An offset far beyond the scanner's memory: the scanner traps, the JavaScript analyzer says ERR/MORE.
    expect(wasm.analyze(b, 2 ** 30, b.length)).toBeLessThan(0);
    expect(wasm.skipValue(b, 2 ** 30, b.length)).toBeLessThan(0);
    // And it goes on answering.
    expect(wasm.analyze(b, 0, b.length)).toBe(b.length);
    expect(ERR).toBeLessThan(0);
  });

  it('takes inputs from 16 KiB to 64 MiB by default; planning outside that range uses JavaScript', () => {
    const small = bytes(`{"Records":[${record('s3.amazonaws.com', 'GetObject')}]}`);
    expect(small.length).toBeLessThan(WASM_SCAN_MIN_BYTES);
    expect(WasmRecordAnalyzer.load(small)).toBeUndefined();
    expect(WasmRecordAnalyzer.load(small, 0)).toBeDefined();
    expect(WASM_SCAN_MAX_BYTES).toBe(64 * 1024 * 1024);
    // Same plan either way.
    expect(planSelective(small, 0, DEFAULT_LIMITS, 'wasm')).toEqual(
      planSelective(small, 0, DEFAULT_LIMITS, 'js'),
    );
  });
});
