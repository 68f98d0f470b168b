import { readFile } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { err, ok, type Result } from '../../core/model/result.ts';
import { describeError } from '../describe-error.ts';
import { type ConfigSource, describeConfigSource } from './config-source.ts';

/**
 * Clients are getters so that only the one the source needs is ever created; the SDK module of a
 * source is imported only when that source is read.
 */
export interface ConfigTextDeps {
  readonly s3: () => S3Client | Promise<S3Client>;
  readonly ssm: () => SSMClient | Promise<SSMClient>;
  readonly readFile?: (path: string) => Promise<string>;
}

// A trust file is a few KB; anything this large is a wrong object, not a trust file.
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Fetches the trust file's text. Failures are values whose message names the source and the reason. */
export async function loadConfigText(
  source: ConfigSource,
  deps: ConfigTextDeps,
): Promise<Result<{ text: string; file: string }, string>> {
  const file = describeConfigSource(source);
  try {
    switch (source.kind) {
      case 'file': {
        const text = await (deps.readFile ?? ((p: string) => readFile(p, 'utf8')))(source.path);
        return ok({ text, file });
      }
      case 's3': {
        const [s3, { GetObjectCommand }] = await Promise.all([deps.s3(), import('@aws-sdk/client-s3')]);
        const out = await s3.send(new GetObjectCommand({ Bucket: source.bucket, Key: source.key }));
        if (out.Body === undefined) return err(`${file}: the object has no body`);
        if (out.ContentLength !== undefined && out.ContentLength > MAX_CONFIG_BYTES) {
          return err(`${file}: ${out.ContentLength} bytes is too large for a trust file`);
        }
        return ok({ text: await out.Body.transformToString('utf-8'), file });
      }
      case 'ssm': {
        const [ssm, { GetParameterCommand }] = await Promise.all([deps.ssm(), import('@aws-sdk/client-ssm')]);
        const out = await ssm.send(new GetParameterCommand({ Name: source.name, WithDecryption: true }));
        const text = out.Parameter?.Value;
        if (text === undefined) return err(`${file}: the parameter has no value`);
        return ok({ text, file });
      }
    }
  } catch (e) {
    return err(`${file}: cannot read the trust file (${describeError(e, 'always')})`);
  }
}
