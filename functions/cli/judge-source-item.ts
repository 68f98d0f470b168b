import type { Engine } from '../core/engine/create-engine.ts';
import type { InputError } from '../core/model/input-error.ts';
import { type InputResult, unreadableInput } from '../core/pipeline/input-result.ts';
import { type JudgeOptions, judgeInput } from '../core/pipeline/judge-input.ts';
import { readInputFileSync } from '../io/read-inputs.ts';

/** What a scan reads, one item at a time: a local file (read where it is judged), or why it could not be listed. */
export type SourceItem = { readonly file: string } | { readonly error: InputError };

/** Consecutive source items for a worker thread, judged in order into one result. */
export interface ScanJob {
  readonly index: number;
  readonly items: readonly SourceItem[];
}

/** Reads (when it is a file) and judges one source item. Never throws for bad input. */
export function judgeSourceItem(item: SourceItem, engine: Engine, options: JudgeOptions): InputResult {
  if ('error' in item) return unreadableInput(item.error);
  const bytes = readInputFileSync(item.file);
  return bytes.ok
    ? judgeInput({ name: item.file, bytes: bytes.value }, engine, options)
    : unreadableInput(bytes.error);
}
