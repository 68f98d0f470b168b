import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { err, ok, type Result } from '../../core/model/result.ts';
import { type ClientSource, resolveClient } from '../lazy-client.ts';
import { type RetryOptions, withRetry } from '../retry.ts';

/**
 * Where the Slack incoming-webhook URL is kept: never a plain environment variable. The client may be
 * a getter, so that its SDK is loaded only when the URL is first read.
 */
export type WebhookSource =
  | {
      readonly kind: 'secret';
      readonly secretId: string;
      readonly client: ClientSource<SecretsManagerClient>;
    }
  | { readonly kind: 'parameter'; readonly name: string; readonly client: ClientSource<SSMClient> };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Accepts the stored value as the URL itself or as JSON `{"url": "…"}` (also `webhookUrl`,
 * `webhook_url`). Only `https:` is accepted, or `http:` on a loopback host for local testing.
 * Error messages never repeat the value, since the URL is the credential.
 */
export function parseWebhookUrl(raw: string): Result<string, string> {
  let candidate = raw.trim();
  if (candidate.startsWith('{')) {
    try {
      const o = JSON.parse(candidate) as Record<string, unknown>;
      const v = o.url ?? o.webhookUrl ?? o.webhook_url;
      if (typeof v !== 'string') return err('the stored JSON has no "url" string');
      candidate = v.trim();
    } catch {
      return err('the stored value starts with "{" but is not valid JSON');
    }
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return err('the stored value is not a URL');
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    return ok(url.toString());
  }
  return err(`the stored URL must use https (got ${url.protocol})`);
}

/** Thrown when the webhook URL cannot be read; the message names the source, never the value. */
export class WebhookConfigError extends Error {
  override readonly name = 'WebhookConfigError';
}

async function readRaw(source: WebhookSource, retry: RetryOptions | undefined): Promise<string> {
  if (source.kind === 'secret') {
    const [client, { GetSecretValueCommand }] = await Promise.all([
      resolveClient(source.client),
      import('@aws-sdk/client-secrets-manager'),
    ]);
    const out = await withRetry(
      () => client.send(new GetSecretValueCommand({ SecretId: source.secretId })),
      retry,
    );
    if (out.SecretString !== undefined) return out.SecretString;
    if (out.SecretBinary !== undefined) return Buffer.from(out.SecretBinary).toString('utf8');
    throw new WebhookConfigError(`secret ${source.secretId} has no value`);
  }
  const [client, { GetParameterCommand }] = await Promise.all([
    resolveClient(source.client),
    import('@aws-sdk/client-ssm'),
  ]);
  const out = await withRetry(
    () => client.send(new GetParameterCommand({ Name: source.name, WithDecryption: true })),
    retry,
  );
  const value = out.Parameter?.Value;
  if (value === undefined) throw new WebhookConfigError(`parameter ${source.name} has no value`);
  return value;
}

/**
 * Returns a loader that reads the webhook URL once per cold start and caches it. A failed read is
 * not cached, so the next invocation tries again.
 */
export function createWebhookUrlLoader(source: WebhookSource, retry?: RetryOptions): () => Promise<string> {
  let cached: Promise<string> | undefined;
  const where = source.kind === 'secret' ? `secret ${source.secretId}` : `parameter ${source.name}`;
  return () => {
    if (cached !== undefined) return cached;
    const current = readRaw(source, retry).then((raw) => {
      const parsed = parseWebhookUrl(raw);
      if (!parsed.ok) throw new WebhookConfigError(`Slack webhook in ${where}: ${parsed.error}`);
      return parsed.value;
    });
    cached = current;
    current.catch(() => {
      if (cached === current) cached = undefined;
    });
    return current;
  };
}
