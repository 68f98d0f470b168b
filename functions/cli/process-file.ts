import { decodeBytes } from '../core/decode/decode-bytes.ts';
import type { Engine } from '../core/engine/create-engine.ts';
import type { Finding } from '../core/model/finding.ts';
import type { InputError } from '../core/model/input-error.ts';
import { FindingSet } from '../core/pipeline/finding-set.ts';
import { judgeInto } from '../core/pipeline/judge-items.ts';
import { emptySummary, type ScanSummary } from '../core/pipeline/scan-summary.ts';
import { readInputFileSync } from '../io/read-inputs.ts';

/** What judging one file produced; small enough to post from a worker thread. */
export interface FileResult {
  readonly summary: ScanSummary;
  readonly findings: Finding[];
  readonly errors: InputError[];
  /** sharedEventIDs of cross-account calls whose caller copy this file held (see FindingSet). */
  readonly resolved: string[];
}

/** Reads, decodes and judges one file. Never throws for bad input: errors come back as values. */
export function processFile(file: string, engine: Engine, maxErrors: number): FileResult {
  const summary = emptySummary();
  summary.files = 1;
  const errors: InputError[] = [];
  const set = new FindingSet();
  const bytes = readInputFileSync(file);
  if (!bytes.ok) {
    summary.malformed = 1;
    return { summary, findings: [], errors: [bytes.error], resolved: [] };
  }
  judgeInto(decodeBytes(bytes.value, file), engine, set, summary, errors, { maxErrors });
  return { summary, findings: set.sorted(), errors, resolved: set.resolvedSharedEventIds() };
}
