import { isAbsolute, resolve } from 'node:path';
import { err, ok, type Result } from '../../core/model/result.ts';

/** Where `ROLEWATCH_CONFIG` says the trust file lives. */
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

const SSM_NAME = /^[a-zA-Z0-9_.\-/]{1,2048}$/;
const FILE_EXTENSION = /\.(?:ya?ml|json)$/i;

/**
 * Reads `ROLEWATCH_CONFIG`:
 * - `s3://bucket/key` → an S3 object;
 * - `ssm:NAME` → an SSM parameter (explicit);
 * - `file:PATH` → a file (explicit);
 * - otherwise a path if it ends in `.yaml`, `.yml` or `.json`, starts with `.`, or names an existing
 *   file; anything else is taken as an SSM parameter name (`/rolewatch/trust` or `rolewatch-trust`).
 */
export function parseConfigSource(
  value: string | undefined,
  options: ConfigSourceOptions,
): Result<ConfigSource, string> {
  const raw = value?.trim() ?? '';
  if (raw === '') {
    return err(
      'ROLEWATCH_CONFIG is not set: name a trust file in the bundle, an s3:// URL or an SSM parameter',
    );
  }
  if (raw.startsWith('s3://')) {
    const rest = raw.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const key = slash < 0 ? '' : rest.slice(slash + 1);
    if (bucket === '' || key === '') return err(`ROLEWATCH_CONFIG: "${raw}" must be s3://BUCKET/KEY`);
    return ok({ kind: 's3', bucket, key });
  }
  if (raw.startsWith('ssm:')) {
    const name = raw.slice('ssm:'.length);
    return SSM_NAME.test(name)
      ? ok({ kind: 'ssm', name })
      : err(`ROLEWATCH_CONFIG: "${name}" is not a valid SSM parameter name`);
  }
  const toPath = (p: string): string => (isAbsolute(p) ? p : resolve(options.baseDir, p));
  if (raw.startsWith('file:')) return ok({ kind: 'file', path: toPath(raw.slice('file:'.length)) });
  if (FILE_EXTENSION.test(raw) || raw.startsWith('.') || options.fileExists(toPath(raw))) {
    return ok({ kind: 'file', path: toPath(raw) });
  }
  return SSM_NAME.test(raw)
    ? ok({ kind: 'ssm', name: raw })
    : err(
        `ROLEWATCH_CONFIG: "${raw}" is neither an existing file, an s3:// URL nor a valid SSM parameter name`,
      );
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
