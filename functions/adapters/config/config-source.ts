import { isAbsolute, resolve } from 'node:path';
import * as z from 'zod/mini';
import '../../core/model/zod-setup.ts';
import type { Result } from '../../core/model/result.ts';
import { LOOKS_LIKE_TRUST_FILE_PATH, SSM_PARAMETER_NAME } from '../settings/aws-names.ts';
import { type Env, invalid, parseEnvSettings, quote, setting, valid } from '../settings/setting.ts';

/** Where a trust file is read from. */
export type ConfigSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string }
  | { readonly kind: 'ssm'; readonly name: string };

export interface ConfigSourceOptions {
  /** Base for relative paths: the bundle root (`LAMBDA_TASK_ROOT`) in Lambda, the cwd locally. */
  readonly baseDir: string;
  /** Whether a (resolved) path names an existing file; decides between a bare path and an SSM name. */
  readonly fileExists: (path: string) => boolean;
}

/**
 * `ROLEWATCH_CONFIG` (required):
 * - `s3://bucket/key` → an S3 object;
 * - `ssm:NAME` → an SSM parameter (explicit);
 * - `file:PATH` → a file (explicit);
 * - otherwise a path if it ends in `.yaml`, `.yml` or `.json`, starts with `.`, or names an existing
 *   file; anything else is taken as an SSM parameter name (`/rolewatch/trust` or `rolewatch-trust`).
 */
export const configSourceSettingsSchema = (options: ConfigSourceOptions) =>
  z.object({
    ROLEWATCH_CONFIG: setting<ConfigSource>(
      (v) => (typeof v === 'string' ? readConfigSource(v, options) : invalid(`${quote(v)} is not a string`)),
      'required: name a trust file in the bundle, an s3:// URL or an SSM parameter',
    ),
  });

function readConfigSource(raw: string, options: ConfigSourceOptions) {
  if (raw.startsWith('s3://')) {
    const rest = raw.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const key = slash < 0 ? '' : rest.slice(slash + 1);
    if (bucket === '' || key === '') return invalid(`${quote(raw)} must be s3://BUCKET/KEY`);
    return valid<ConfigSource>({ kind: 's3', bucket, key });
  }
  if (raw.startsWith('ssm:')) {
    const name = raw.slice('ssm:'.length);
    return SSM_PARAMETER_NAME.test(name)
      ? valid<ConfigSource>({ kind: 'ssm', name })
      : invalid(`${quote(raw)} is not a valid SSM parameter name`);
  }
  const toPath = (p: string): string => (isAbsolute(p) ? p : resolve(options.baseDir, p));
  if (raw.startsWith('file:'))
    return valid<ConfigSource>({ kind: 'file', path: toPath(raw.slice('file:'.length)) });
  if (LOOKS_LIKE_TRUST_FILE_PATH.test(raw) || options.fileExists(toPath(raw))) {
    return valid<ConfigSource>({ kind: 'file', path: toPath(raw) });
  }
  return SSM_PARAMETER_NAME.test(raw)
    ? valid<ConfigSource>({ kind: 'ssm', name: raw })
    : invalid(`${quote(raw)} is neither an existing file, an s3:// URL nor a valid SSM parameter name`);
}

/** Where `ROLEWATCH_CONFIG` says the trust file is; problems name the variable and quote the value. */
export function configSourceFromEnv(env: Env, options: ConfigSourceOptions): Result<ConfigSource, string[]> {
  const parsed = parseEnvSettings(configSourceSettingsSchema(options), env);
  return parsed.ok ? { ok: true, value: parsed.value.ROLEWATCH_CONFIG } : parsed;
}

/** How the source is named in messages and in `TrustConfig.source`. */
export function describeConfigSource(source: ConfigSource): string {
  switch (source.kind) {
    case 'file':
      return source.path;
    case 's3':
      return `s3://${source.bucket}/${source.key}`;
    case 'ssm':
      return `ssm:${source.name}`;
  }
}
