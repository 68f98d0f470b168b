// What scan and report say on stderr about their inputs: files a folder walk passed over, and a run that
// judged nothing (no file, no readable input, no record, every credential event outside the period).
import type { ScanSummary } from '../core/pipeline/scan-summary.ts';
import { terminalSafe } from '../core/render/terminal-safe.ts';
import type { Io } from './io.ts';

/** How many ignored files a warning names. */
const IGNORED_SHOWN = 5;

/** Passes items through, remembering the first names of files the folder walk did not read. */
export async function* noteIgnored<T>(items: AsyncIterable<T>, ignored: string[]): AsyncIterable<T> {
  for await (const item of items) {
    if (typeof item === 'object' && item !== null && 'ignored' in item && ignored.length < IGNORED_SHOWN) {
      ignored.push(String((item as { ignored: unknown }).ignored));
    }
    yield item;
  }
}

/**
 * Says on stderr when the scan read no file or no record (a wrong path, a folder of other files), and
 * which files the folder walk did not read. Returns whether nothing at all was read.
 */
export function warnAboutInputs(summary: ScanSummary, ignored: readonly string[], io: Io): boolean {
  if (summary.ignoredFiles > 0) {
    const more = summary.ignoredFiles > ignored.length ? `, … (${summary.ignoredFiles} in all)` : '';
    io.stderr(
      `rolewatch: warning: ${summary.ignoredFiles} file(s) not read (not .json, .jsonl, .ndjson, .gz or ` +
        `without extension): ${ignored.map(terminalSafe).join(', ')}${more}; name a file to read it anyway\n`,
    );
  }
  const readFiles = summary.files - summary.malformed;
  if (summary.files === 0) {
    io.stderr('rolewatch: warning: no input file was found: nothing was judged\n');
    return true;
  }
  if (readFiles <= 0 && summary.records === 0) {
    io.stderr(
      `rolewatch: warning: no input could be read (${summary.malformed} input error(s)): nothing was judged\n`,
    );
    return true;
  }
  if (summary.records === 0) {
    io.stderr(`rolewatch: warning: ${summary.files} file(s) read, but no CloudTrail record in them\n`);
    return true;
  }
  if (summary.credentialEvents === 0 && summary.trustPolicyEvents === 0 && summary.outsidePeriod > 0) {
    io.stderr(
      `rolewatch: warning: the ${summary.outsidePeriod} credential event(s) read are all outside the period ` +
        '(--since/--until): nothing was judged\n',
    );
    return true;
  }
  return false;
}
