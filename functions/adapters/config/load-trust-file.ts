import { createHash } from 'node:crypto';
import { err, ok, type Result } from '../../core/model/result.ts';
import type { ConfigIssue, TrustConfig } from '../../core/model/trust-config.ts';
import { parseTrustConfig } from '../../core/trust/parse-trust-config.ts';
import type { ConfigSource } from './config-source.ts';
import { type ConfigTextDeps, loadConfigText } from './load-config-text.ts';

/** What judging without a trust file (the CLI with no `--config` and no ./rolewatch.yaml) uses: no roles, no accounts. */
export const EMPTY_TRUST_FILE = 'version: 1\naccounts: []\nroles: []\n';
const NO_TRUST_FILE = '<no trust file>';

/** A validated trust file. */
export interface LoadedTrustFile {
  readonly config: TrustConfig;
  /** e.g. expired suppressions, with file, line and key. */
  readonly warnings: readonly ConfigIssue[];
  /** How the source is named in messages: the path as given, `s3://…` or `ssm:…`. */
  readonly file: string;
  /** SHA-256 (hex) of the file's text: reports name exactly what they judged against. */
  readonly sha256?: string;
}

export interface LoadTrustFileOptions extends ConfigTextDeps {
  /** Epoch milliseconds, for suppression expiry. */
  readonly now: number;
}

/**
 * The one trust-file loader of the CLI and the Lambda functions: reads the file, S3 object or SSM
 * parameter, and validates it. Every failure is a list of issues naming the source (and, for content
 * errors, the line and key); nothing throws. `undefined` loads the empty trust file.
 */
export async function loadTrustFile(
  source: ConfigSource | undefined,
  options: LoadTrustFileOptions,
): Promise<Result<LoadedTrustFile, ConfigIssue[]>> {
  let text = EMPTY_TRUST_FILE;
  let file = NO_TRUST_FILE;
  if (source !== undefined) {
    const read = await loadConfigText(source, options);
    if (!read.ok) return err([{ file: read.error.file, key: '', message: read.error.reason }]);
    ({ text, file } = read.value);
  }
  const parsed = parseTrustConfig(text, file, { now: new Date(options.now) });
  if (!parsed.ok) return parsed;
  const sha256 = createHash('sha256').update(text).digest('hex');
  return ok({ config: parsed.value.config, warnings: parsed.value.warnings, file, sha256 });
}
