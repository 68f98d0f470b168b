// Issue 8: trails are generated once per change of the generator, not once per test file. A generated
// trail is cached in the system's temp folder under a key that hashes its options and the generator's
// source, so an edited generator never serves a stale trail; concurrent test files write atomically.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateTrail,
  type TrailFile,
  type TrailOptions,
} from '../../functions/trail-generator/generate-trail.ts';

const GENERATOR = join(import.meta.dirname, '..', '..', 'functions', 'trail-generator');
const CACHE = join(tmpdir(), 'rolewatch-test-trails');
const memo = new Map<string, TrailFile[]>();

function keyOf(options: TrailOptions): string {
  const hash = createHash('sha256').update(JSON.stringify(options));
  for (const file of readdirSync(GENERATOR).sort())
    hash.update(file).update(readFileSync(join(GENERATOR, file)));
  return hash.digest('hex').slice(0, 24);
}

/** The files `generateTrail(options)` yields, generated at most once per generator version. */
export function sharedTrail(options: TrailOptions): TrailFile[] {
  const key = keyOf(options);
  const known = memo.get(key);
  if (known !== undefined) return known;
  const path = join(CACHE, `${key}.json`);
  let files: TrailFile[];
  try {
    files = JSON.parse(readFileSync(path, 'utf8')) as TrailFile[];
  } catch {
    files = [...generateTrail(options)];
    mkdirSync(CACHE, { recursive: true });
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(files));
    renameSync(partial, path);
  }
  memo.set(key, files);
  return files;
}
