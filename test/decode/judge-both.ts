// Judges inputs as `scan --format json` does (one collector, findings as they become final, then the held
// ones) and returns the JSON text, so that selective and full parsing can be compared byte for byte.
import type { ParseMode } from '../../functions/core/decode/decode-bytes.ts';
import type { DecodeLimits } from '../../functions/core/decode/input-limits.ts';
import type { Engine } from '../../functions/core/engine/create-engine.ts';
import type { InputChunk } from '../../functions/core/pipeline/input-chunk.ts';
import { judgeInput, judgeValue } from '../../functions/core/pipeline/judge-input.ts';
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

/** Selective and full parsing's JSON output for the same inputs. */
export function judgeBoth(
  inputs: readonly InputChunk[],
  options: Omit<JudgeJsonOptions, 'parse' | 'engine'> = {},
): { selective: string; full: string } {
  return {
    selective: judgeToJson(inputs, { ...options, parse: 'selective' }),
    full: judgeToJson(inputs, { ...options, parse: 'full' }),
  };
}

/**
 * {@link judgeBoth} plus `selectiveJs`, the JavaScript scanner alone: for inputs of 16 KiB or more, where
 * `selective` uses the WebAssembly scanner (below that both are the JavaScript one).
 */
export function judgeAllModes(
  inputs: readonly InputChunk[],
  options: Omit<JudgeJsonOptions, 'parse' | 'engine'> = {},
): { selective: string; selectiveJs: string; full: string } {
  return {
    ...judgeBoth(inputs, options),
    selectiveJs: judgeToJson(inputs, { ...options, parse: 'selective-js' }),
  };
}

/**
 * An already-parsed Lambda event (a CloudWatch Logs subscription, an EventBridge event) judged as the
 * handlers judge it, selectively and in full: the JSON outputs, for byte-for-byte comparison.
 */
export function judgeValueBoth(value: unknown, maxErrors = 1000): { selective: string; full: string } {
  const once = (parse: ParseMode): string => {
    const collector = new ScanCollector({ maxErrors });
    const writer = jsonWriter();
    let text = writer.begin();
    for (const f of collector.add(judgeValue(value, 'event', engineFor(), { maxErrors, parse }))) {
      text += writer.finding(f);
    }
    const totals = collector.finish();
    for (const f of totals.held) text += writer.finding(f);
    return text + writer.end({ summary: totals.summary, errors: totals.errors, warnings: [] });
  };
  return { selective: once('selective'), full: once('full') };
}
