import { readFile } from 'node:fs/promises';
import type { Result } from '../core/model/result.ts';
import type { ConfigIssue, TrustConfig } from '../core/model/trust-config.ts';
import { parseTrustConfig } from '../core/trust/parse-trust-config.ts';

/** What scanning without `--config` (and without ./rolewatch.yaml) judges against: no roles, no accounts. */
export const EMPTY_TRUST_FILE = 'version: 1\naccounts: []\nroles: []\n';

export interface LoadedTrustFile {
  readonly config: TrustConfig;
  readonly warnings: readonly ConfigIssue[];
  /** The YAML text, so that scan workers can compile their own copy (RegExps do not cross threads). */
  readonly text: string;
  readonly file: string;
}

export async function loadTrustFile(
  file: string | undefined,
  nowMs: number,
): Promise<Result<LoadedTrustFile, ConfigIssue[]>> {
  let text = EMPTY_TRUST_FILE;
  let name = '<no trust file>';
  if (file !== undefined) {
    name = file;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code;
      return { ok: false, error: [{ file, key: '(file)', message: `cannot read the trust file: ${why}` }] };
    }
  }
  const parsed = parseTrustConfig(text, name, { now: new Date(nowMs) });
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: { config: parsed.value.config, warnings: parsed.value.warnings, text, file: name },
  };
}
