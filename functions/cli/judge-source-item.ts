import type { Engine } from '../core/engine/create-engine.ts';
import { IGNORED_FILE, type InputResult, unreadableInput } from '../core/pipeline/input-result.ts';
import { type JudgeOptions, judgeInput } from '../core/pipeline/judge-input.ts';
import type { SourceItem } from '../core/pipeline/source-item.ts';
import { readInputFileSync } from '../io/read-inputs.ts';

export type { SourceItem };

/** Consecutive source items for a worker thread, judged in order into one result. */
export interface ScanJob {
  readonly index: number;
  readonly items: readonly SourceItem[];
}

/** Reads (when it is a file) and judges one source item. Never throws for bad input. */
export function judgeSourceItem(item: SourceItem, engine: Engine, options: JudgeOptions): InputResult {
  if ('error' in item) return unreadableInput(item.error);
  if ('ignored' in item) return IGNORED_FILE;
  if ('input' in item) {
    return judgeInput(
      item.input,
      engine,
      item.period === undefined ? options : { ...options, period: item.period },
    );
  }
  const bytes = readInputFileSync(item.file);
  return bytes.ok
    ? judgeInput({ name: item.file, bytes: bytes.value }, engine, options)
    : unreadableInput(bytes.error);
}
