import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { TrustConfigSchema } from '../../functions/core/trust/trust-config-schema.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const sources = [...tsFiles(join(ROOT, 'functions')), ...tsFiles(join(ROOT, 'infra'))].map((f) => ({
  file: relative(ROOT, f),
  text: readFileSync(f, 'utf8'),
}));

describe('one zod flavour, set up before any schema parses', () => {
  it('imports zod/mini only (classic zod is ~730 KB that every start would compile)', () => {
    const classic = sources.filter((s) => /^import\s+(?!type\b)[^;]*from\s+['"]zod(\/v4)?['"]/m.test(s.text));
    expect(classic.map((s) => s.file)).toEqual([]);
  });

  it('every module that builds schemas imports zod-setup (English messages, jitless)', () => {
    const missing = sources.filter(
      (s) =>
        /^import \* as z from 'zod\/mini';/m.test(s.text) &&
        !/^import '[^']*\/zod-setup\.ts';/m.test(s.text) &&
        !s.file.endsWith('zod-setup.ts'),
    );
    expect(missing.map((s) => s.file)).toEqual([]);
  });

  it('gives English messages (zod/mini alone says "Invalid input" for everything)', () => {
    const r = TrustConfigSchema.safeParse({ version: 1, thresholds: { deniedBurst: { count: 0 } } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('Too small: expected number to be >=1');
    expect(z.config().jitless).toBe(true);
  });
});
