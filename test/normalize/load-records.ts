import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const FIXTURE_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'cloudtrail');
export const CORPUS_DIR = '/work/shared/corpus';

type Json = Record<string, unknown>;

const readJson = (file: string): Json => JSON.parse(readFileSync(join(FIXTURE_DIR, file), 'utf8')) as Json;

/**
 * Reads one CloudTrail fixture record as the raw JSON value: `FILE`, or `FILE#N` for record N of a
 * fixture that is a log file (`{"Records": [...]}`, a stateful rule's sequence of calls).
 */
export function loadFixture(path: string): Json {
  const hash = path.lastIndexOf('#');
  if (hash < 0) return readJson(path);
  const records = readJson(path.slice(0, hash)).Records as Json[];
  const record = records[Number(path.slice(hash + 1))];
  if (record === undefined) throw new Error(`no record ${path}`);
  return record;
}

/** Every fixture record: one path per single-record file, `FILE#N` per record of a log file. */
export function listFixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) {
        const path = relative(FIXTURE_DIR, full);
        const records = readJson(path).Records;
        if (Array.isArray(records)) for (let i = 0; i < records.length; i++) out.push(`${path}#${i}`);
        else out.push(path);
      }
    }
  };
  walk(FIXTURE_DIR);
  return out.sort();
}

export interface CorpusRecord {
  readonly file: string;
  readonly index: number;
  readonly record: unknown;
}

/** Every record of the public corpus: bare arrays, single objects and JSON Lines. */
export function loadCorpus(): CorpusRecord[] {
  if (!existsSync(CORPUS_DIR)) return [];
  const out: CorpusRecord[] = [];
  for (const file of readdirSync(CORPUS_DIR).sort()) {
    if (file.startsWith('MANIFEST') || !/\.(json|jsonl)$/.test(file)) continue;
    const text = readFileSync(join(CORPUS_DIR, file), 'utf8');
    const records: unknown[] = file.endsWith('.jsonl')
      ? text
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as unknown)
      : [JSON.parse(text) as unknown].flat();
    records.forEach((record, index) => {
      out.push({ file, index, record });
    });
  }
  return out;
}

/** Every `sessionToken` value anywhere in a JSON value, to prove none leaks into normalised output. */
export function sessionTokensIn(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) {
    for (const x of v) sessionTokensIn(x, out);
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'sessionToken' || k === 'secretAccessKey') && typeof x === 'string') out.push(x);
      else sessionTokensIn(x, out);
    }
  }
  return out;
}
