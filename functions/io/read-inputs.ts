import { type Dirent, readdirSync, readFileSync, realpathSync, type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import type { InputError } from '../core/model/input-error.ts';
import type { Result } from '../core/model/result.ts';
import { err, ok } from '../core/model/result.ts';

/** File names a folder walk takes (CONTRACT §5); a path named explicitly is read whatever its name. */
const INPUT_NAME = /\.(json|jsonl|ndjson|gz)$/i;

export type ListedInput = { readonly file: string } | { readonly error: InputError };

/**
 * The input files under `paths`, one at a time: a path that is a file is always listed; a folder
 * is walked recursively, depth first, entries in code-unit order of their names, taking files
 * ending `.json`, `.jsonl`, `.ndjson` or `.gz` (any case). Inside a folder, symbolic links to files
 * are followed and links to folders are not. A missing or unreadable path (a broken link too) is an
 * `InputError` of kind `read`, and the walk goes on. Nothing is read ahead: the caller reads each
 * file when it gets to it.
 *
 * Synchronous: a scan has nothing else to do while it lists a folder, and a thread-pool round trip
 * per folder and per link left it idle for a noticeable share of a scan.
 */
export function* listInputFilesSync(paths: readonly string[]): Generator<ListedInput> {
  const visited = new Set<string>();
  for (const path of paths) {
    const info = statOf(path);
    if (!info.ok) yield { error: info.error };
    else if (info.value.isDirectory()) yield* walk(path, visited);
    else yield { file: path };
  }
}

function* walk(dir: string, visited: Set<string>): Generator<ListedInput> {
  let real: string;
  let entries: Dirent[];
  try {
    real = realpathSync(dir);
    if (visited.has(real)) return;
    visited.add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    yield { error: readError(dir, e) };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* walk(path, visited);
    } else if (entry.isSymbolicLink()) {
      // Links to files are read; links to folders are not followed (as `find` does): no loops, no duplicates.
      if (!INPUT_NAME.test(entry.name)) continue;
      const target = statOf(path);
      if (!target.ok) yield { error: target.error };
      else if (!target.value.isDirectory()) yield { file: path };
    } else if (entry.isFile() && INPUT_NAME.test(entry.name)) {
      yield { file: path };
    }
  }
}

/**
 * Reads one whole file synchronously. A scan judges one file at a time per thread and has nothing else
 * to do while it waits, so the thread-pool round trip and chunk copying of the async read only cost
 * time (a fifth of a one-worker scan in profiles).
 */
export function readInputFileSync(file: string): Result<Uint8Array, InputError> {
  try {
    return ok(readFileSync(file));
  } catch (e) {
    return err(readError(file, e));
  }
}

function statOf(path: string): Result<Stats, InputError> {
  try {
    return ok(statSync(path));
  } catch (e) {
    return err(readError(path, e));
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder (or a broken symbolic link)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ERR_FS_FILE_TOO_LARGE: 'file too large to read at once (over 2 GiB)',
};

function readError(path: string, e: unknown): InputError {
  const code = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
  const reason = (code !== undefined ? REASONS[code] : undefined) ?? code ?? 'unreadable';
  return { kind: 'read', message: `cannot read ${path}: ${reason}`, location: { file: path } };
}
