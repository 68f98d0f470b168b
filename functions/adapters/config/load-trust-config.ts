import { existsSync, statSync } from 'node:fs';
import { err, ok, type Result } from '../../core/model/result.ts';
import type { TrustConfig } from '../../core/model/trust-config.ts';
import { formatConfigIssue } from '../../core/trust/describe-trust-config.ts';
import { parseTrustConfig } from '../../core/trust/parse-trust-config.ts';
import { parseConfigSource } from './config-source.ts';
import { type ConfigTextDeps, loadConfigText } from './load-config-text.ts';

export interface LoadedTrustConfig {
  readonly config: TrustConfig;
  /** e.g. expired suppressions, already formatted with file, line and key. */
  readonly warnings: readonly string[];
}

export interface LoadTrustConfigDeps extends ConfigTextDeps {
  /** Base for relative paths; defaults to `LAMBDA_TASK_ROOT`, then the cwd. */
  readonly baseDir?: string;
  readonly fileExists?: (path: string) => boolean;
  /** Epoch milliseconds, for suppression expiry. */
  readonly now?: () => number;
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();

/**
 * Resolves `ROLEWATCH_CONFIG`, fetches the trust file and validates it. Every failure is a list of
 * messages that name the source (and, for content errors, the line and key); nothing throws.
 */
export async function loadTrustConfig(
  env: Readonly<Record<string, string | undefined>>,
  deps: LoadTrustConfigDeps,
): Promise<Result<LoadedTrustConfig, string[]>> {
  const source = parseConfigSource(env.ROLEWATCH_CONFIG, {
    baseDir: deps.baseDir ?? env.LAMBDA_TASK_ROOT ?? process.cwd(),
    fileExists: deps.fileExists ?? isFile,
  });
  if (!source.ok) return err([source.error]);
  const text = await loadConfigText(source.value, deps);
  if (!text.ok) return err([text.error]);
  const parsed = parseTrustConfig(text.value.text, text.value.file, {
    now: new Date((deps.now ?? Date.now)()),
  });
  if (!parsed.ok) return err(parsed.error.map(formatConfigIssue));
  return ok({ config: parsed.value.config, warnings: parsed.value.warnings.map(formatConfigIssue) });
}
