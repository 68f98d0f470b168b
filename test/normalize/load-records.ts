import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const FIXTURE_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'cloudtrail');
export const CORPUS_DIR = '/work/shared/corpus';

/** Reads one CloudTrail fixture as the raw JSON value. */
export function loadFixture(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, path), 'utf8')) as Record<string, unknown>;
}

export function listFixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) out.push(relative(FIXTURE_DIR, full));
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
