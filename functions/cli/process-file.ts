import { decodeInflated, type Inflated, inflate } from '../core/decode/decode-bytes.ts';
import type { Engine } from '../core/engine/create-engine.ts';
import type { Finding } from '../core/model/finding.ts';
import type { InputError } from '../core/model/input-error.ts';
import { err, ok, type Result } from '../core/model/result.ts';
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

/** One input file read and decompressed, ready to judge; or why it could not be read. */
export interface LoadedFile {
  readonly file: string;
  readonly content: Result<Inflated, InputError>;
}

/** Reads and decompresses one file in this thread. Never throws for bad input. */
export function loadFile(file: string): LoadedFile {
  const bytes = readInputFileSync(file);
  return { file, content: bytes.ok ? ok(inflate(bytes.value, file)) : err(bytes.error) };
}

/**
 * Decodes and judges loaded files in order into one result, as if they were one file: a worker thread
 * answers once per batch, which keeps messaging cheap on trails of many small files.
 */
export function judgeFiles(
  loaded: Iterable<LoadedFile>,
  engine: Engine,
  maxErrors: number,
  onFile?: (summary: ScanSummary, findings: number) => void,
): FileResult {
  const summary = emptySummary();
  const errors: InputError[] = [];
  const set = new FindingSet();
  for (const { file, content } of loaded) {
    summary.files++;
    if (!content.ok) {
      summary.malformed++;
      if (errors.length < maxErrors) errors.push(content.error);
    } else {
      judgeInto(decodeInflated(content.value, file), engine, set, summary, errors, { maxErrors });
    }
    onFile?.(summary, set.size);
  }
  return { summary, findings: set.sorted(), errors, resolved: set.resolvedSharedEventIds() };
}

/** Reads, decodes and judges files one at a time. Never throws for bad input: errors come back as values. */
export function processFiles(files: readonly string[], engine: Engine, maxErrors: number): FileResult {
  return judgeFiles(
    (function* () {
      for (const file of files) yield loadFile(file);
    })(),
    engine,
    maxErrors,
  );
}
