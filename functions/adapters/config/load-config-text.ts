import { readFile } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { err, ok, type Result } from '../../core/model/result.ts';
import { describeError } from '../describe-error.ts';
import { type ConfigSource, describeConfigSource } from './config-source.ts';

/**
 * Clients are getters so that only the one the source needs is ever created; the SDK module of a
 * source is imported only when that source is read. Missing getters create a default client (which
 * honours `AWS_REGION` and `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_SSM`).
 */
export interface ConfigTextDeps {
  readonly s3?: () => S3Client | Promise<S3Client>;
  readonly ssm?: () => SSMClient | Promise<SSMClient>;
  readonly readFile?: (path: string) => Promise<string>;
}

// A trust file is a few KB; anything this large is a wrong object, not a trust file.
const MAX_CONFIG_BYTES = 1024 * 1024;

// One read per call (the CLI reads one trust file per run; the handlers pass their own cached clients).
const defaultS3 = async () => new (await import('@aws-sdk/client-s3')).S3Client({});
const defaultSsm = async () => new (await import('@aws-sdk/client-ssm')).SSMClient({});

/**
 * Fetches the trust file's text. A failure is a value: why the source could not be read (its file name
 * is `file`).
 */
export async function loadConfigText(
  source: ConfigSource,
  deps: ConfigTextDeps = {},
): Promise<Result<{ text: string; file: string }, { file: string; reason: string }>> {
  const file = describeConfigSource(source);
  try {
    switch (source.kind) {
      case 'file': {
        const text = await (deps.readFile ?? ((p: string) => readFile(p, 'utf8')))(source.path);
        return ok({ text, file });
      }
      case 's3': {
        const [s3, { GetObjectCommand }] = await Promise.all([
          (deps.s3 ?? defaultS3)(),
          import('@aws-sdk/client-s3'),
        ]);
        const out = await s3.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key }));
        if (out.Body === undefined) return err({ file, reason: 'the object has no body' });
        if (out.ContentLength !== undefined && out.ContentLength > MAX_CONFIG_BYTES) {
          return err({ file, reason: `${out.ContentLength} bytes is too large for a trust file` });
        }
        return ok({ text: await out.Body.transformToString('utf-8'), file });
      }
      case 'ssm': {
        const [ssm, { GetParameterCommand }] = await Promise.all([
          (deps.ssm ?? defaultSsm)(),
          import('@aws-sdk/client-ssm'),
        ]);
        const out = await ssm.send(new GetParameterCommand({ Name: source.name, WithDecryption: true }));
        const text = out.Parameter?.Value;
        if (text === undefined) return err({ file, reason: 'the parameter has no value' });
        return ok({ text, file });
      }
    }
  } catch (e) {
    return err({ file, reason: `cannot read the trust file (${describeError(e, 'always')})` });
  }
}
