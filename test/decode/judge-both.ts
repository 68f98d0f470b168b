// Judges inputs as `scan --format json` does (one collector, findings as they become final, then the held
// ones) and returns the JSON text, so that selective and full parsing can be compared byte for byte.
import type { ParseMode } from '../../functions/core/decode/decode-bytes.ts';
import type { DecodeLimits } from '../../functions/core/decode/input-limits.ts';
import type { Engine } from '../../functions/core/engine/create-engine.ts';
import type { InputChunk } from '../../functions/core/pipeline/input-chunk.ts';
import { judgeInput } from '../../functions/core/pipeline/judge-input.ts';
import { ScanCollector } from '../../functions/core/pipeline/scan-collector.ts';
import { jsonWriter } from '../../functions/core/render/render-json.ts';
import { engineFor } from '../security/support.ts';

export interface JudgeJsonOptions {
  readonly parse: ParseMode;
  readonly maxErrors?: number;
  readonly limits?: DecodeLimits;
  /** A fresh engine of the example organisation by default (rules with state start empty). */
  readonly engine?: Engine;
}

export function judgeToJson(inputs: readonly InputChunk[], options: JudgeJsonOptions): string {
  const engine = options.engine ?? engineFor();
  const maxErrors = options.maxErrors ?? 1000;
  const collector = new ScanCollector({ maxErrors });
  const writer = jsonWriter();
  let text = writer.begin();
  for (const input of inputs) {
    const result = judgeInput(input, engine, {
      maxErrors,
      parse: options.parse,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    });
    for (const f of collector.add(result)) text += writer.finding(f);
  }
  const totals = collector.finish();
  for (const f of totals.held) text += writer.finding(f);
  return text + writer.end({ summary: totals.summary, errors: totals.errors, warnings: [] });
}

/**
 * The parse modes' JSON output for the same inputs: `selective` (the WebAssembly scanner on inputs of
 * 16 KiB or more), `selectiveJs` (the JavaScript scanner only) and `full`.
 */
export function judgeBoth(
  inputs: readonly InputChunk[],
  options: Omit<JudgeJsonOptions, 'parse' | 'engine'> = {},
): { selective: string; selectiveJs: string; full: string } {
  return {
    selective: judgeToJson(inputs, { ...options, parse: 'selective' }),
    selectiveJs: judgeToJson(inputs, { ...options, parse: 'selective-js' }),
    full: judgeToJson(inputs, { ...options, parse: 'full' }),
  };
}
