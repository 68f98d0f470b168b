import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Finding } from '../../core/model/finding.ts';
import { err, ok, type Result } from '../../core/model/result.ts';
import { isSeverity, type Severity } from '../../core/model/severity.ts';
import { lazily } from '../lazy-client.ts';
import { DEFAULT_RETRY_ATTEMPTS, type RetryOptions } from '../retry.ts';
import { type AlertSink, isSinkName, SINK_NAMES, type SinkName } from './alert-sink.ts';
import { createEventBridgeSink } from './eventbridge-sink.ts';
import { createLogSink } from './log-sink.ts';
import { createSecurityHubSink } from './securityhub-sink.ts';
import { createSlackSink } from './slack-sink.ts';
import { createWebhookUrlLoader, type WebhookSource } from './slack-webhook.ts';
import { createSnsSink, DEFAULT_DIGEST_THRESHOLD } from './sns-sink.ts';

/**
 * Clients and hooks a caller (or a test) may supply; a missing client is created with defaults when
 * its sink first sends, and its SDK module is imported only then.
 */
export interface SinkDeps {
  readonly sns?: SNSClient;
  readonly ssm?: SSMClient;
  readonly secrets?: SecretsManagerClient;
  readonly securityHub?: SecurityHubClient;
  readonly eventBridge?: EventBridgeClient;
  readonly fetch?: typeof fetch;
  readonly log?: (line: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const ENV_NAME: Record<SinkName, string> = {
  sns: 'SNS',
  slack: 'SLACK',
  securityhub: 'SECURITYHUB',
  eventbridge: 'EVENTBRIDGE',
  log: 'LOG',
};

const TOPIC_ARN = /^arn:[a-z0-9-]+:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const SECURITYHUB_PRODUCT_ARN = /^arn:[a-z0-9-]+:securityhub:[a-z0-9-]+:(\d{12})?:product\/[^\s]+$/;
const EVENT_BUS = /^(arn:[a-z0-9-]+:events:[a-z0-9-]+:\d{12}:event-bus\/)?[A-Za-z0-9._\-/]{1,256}$/;

const present = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t === undefined || t === '' ? undefined : t;
};

function parseSeverity(env: NodeJS.ProcessEnv, name: string, fallback: Severity, errors: string[]): Severity {
  const raw = present(env[name]);
  if (raw === undefined) return fallback;
  const v = raw.toLowerCase();
  if (isSeverity(v)) return v;
  errors.push(`${name}: "${raw}" is not a severity (info, low, medium, high, critical)`);
  return fallback;
}

function parseInteger(
  env: NodeJS.ProcessEnv,
  name: string,
  range: { min: number; max: number; fallback: number },
  errors: string[],
): number {
  const raw = present(env[name]);
  if (raw === undefined) return range.fallback;
  const n = Number(raw);
  if (Number.isInteger(n) && n >= range.min && n <= range.max) return n;
  errors.push(`${name}: "${raw}" must be a whole number from ${range.min} to ${range.max}`);
  return range.fallback;
}

/**
 * Builds the alert sinks named in `ROLEWATCH_ALERT_SINKS` and validates all their settings at once;
 * every error names the environment variable. Only the selected sinks' SDK clients are created, each
 * with `maxAttempts: 1`, so that `retry.ts` is the only retry layer; they are created (and their SDK
 * modules imported) on the sink's first send, once per execution environment, not at cold start.
 *
 * Environment variables:
 * - `ROLEWATCH_ALERT_SINKS`: comma list of `sns`, `slack`, `securityhub`, `eventbridge`, `log`
 *   (default `log`; `log` alone makes no AWS call).
 * - `ROLEWATCH_ALERT_MIN_SEVERITY`: minimum severity for every sink (`info`, `low`, `medium`, `high`,
 *   `critical`; default `low`); `ROLEWATCH_<SINK>_MIN_SEVERITY` overrides it for one sink
 *   (`ROLEWATCH_SNS_…`, `ROLEWATCH_SLACK_…`, `ROLEWATCH_SECURITYHUB_…`, `ROLEWATCH_EVENTBRIDGE_…`,
 *   `ROLEWATCH_LOG_MIN_SEVERITY`).
 * - `ROLEWATCH_ALERT_RETRY_ATTEMPTS`: attempts per call, the first included (1–10, default 4).
 * - `sns`: `ROLEWATCH_SNS_TOPIC_ARN` (required); `ROLEWATCH_SNS_DIGEST_THRESHOLD` (above this many
 *   findings in one batch a digest is sent instead of one message each; default 10).
 * - `slack`: exactly one of `ROLEWATCH_SLACK_WEBHOOK_SECRET` (a Secrets Manager secret id or ARN) or
 *   `ROLEWATCH_SLACK_WEBHOOK_PARAMETER` (an SSM SecureString name). The value is the webhook URL or
 *   JSON `{"url": "…"}`, read once per cold start. `ROLEWATCH_SLACK_WEBHOOK_URL` is refused: the URL
 *   is a credential and does not belong in a plain environment variable.
 * - `securityhub`: `AWS_REGION` (or `AWS_DEFAULT_REGION`; required); `ROLEWATCH_SECURITYHUB_PRODUCT_ARN`
 *   (optional; default `arn:PARTITION:securityhub:REGION:ACCOUNT:product/ACCOUNT/default`, the
 *   account's own integration); `ROLEWATCH_ACCOUNT_ID` (optional; the account rolewatch runs in, by
 *   default each finding's `recipientAccountId`).
 * - `eventbridge`: `ROLEWATCH_EVENT_BUS_NAME` (required; a bus name or ARN).
 */
export function createSinksFromEnv(
  env: NodeJS.ProcessEnv,
  deps: SinkDeps = {},
): Result<AlertSink[], string[]> {
  const errors: string[] = [];
  const names: SinkName[] = [];
  for (const raw of (present(env.ROLEWATCH_ALERT_SINKS) ?? 'log').split(',')) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    if (!isSinkName(name)) {
      errors.push(`ROLEWATCH_ALERT_SINKS: unknown sink "${raw.trim()}" (expected ${SINK_NAMES.join(', ')})`);
    } else if (!names.includes(name)) names.push(name);
  }
  if (present(env.ROLEWATCH_SLACK_WEBHOOK_URL) !== undefined) {
    errors.push(
      'ROLEWATCH_SLACK_WEBHOOK_URL: a webhook URL is a credential; store it in Secrets Manager ' +
        '(ROLEWATCH_SLACK_WEBHOOK_SECRET) or as an SSM SecureString (ROLEWATCH_SLACK_WEBHOOK_PARAMETER)',
    );
  }

  const defaultSeverity = parseSeverity(env, 'ROLEWATCH_ALERT_MIN_SEVERITY', 'low', errors);
  const attempts = parseInteger(
    env,
    'ROLEWATCH_ALERT_RETRY_ATTEMPTS',
    { min: 1, max: 10, fallback: DEFAULT_RETRY_ATTEMPTS },
    errors,
  );
  const retry: RetryOptions = {
    attempts,
    ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
    ...(deps.random === undefined ? {} : { random: deps.random }),
  };
  const region = present(env.AWS_REGION) ?? present(env.AWS_DEFAULT_REGION);
  const clientConfig = { maxAttempts: 1, ...(region === undefined ? {} : { region }) };

  const sinks: AlertSink[] = [];
  for (const name of names) {
    const minSeverity = parseSeverity(
      env,
      `ROLEWATCH_${ENV_NAME[name]}_MIN_SEVERITY`,
      defaultSeverity,
      errors,
    );
    switch (name) {
      case 'log':
        sinks.push(createLogSink({ minSeverity, ...(deps.log === undefined ? {} : { log: deps.log }) }));
        break;
      case 'sns': {
        const topicArn = present(env.ROLEWATCH_SNS_TOPIC_ARN);
        const topicOk = topicArn !== undefined && TOPIC_ARN.test(topicArn);
        if (topicArn === undefined) errors.push('ROLEWATCH_SNS_TOPIC_ARN: required by the sns sink');
        else if (!topicOk) errors.push(`ROLEWATCH_SNS_TOPIC_ARN: "${topicArn}" is not an SNS topic ARN`);
        const digestThreshold = parseInteger(
          env,
          'ROLEWATCH_SNS_DIGEST_THRESHOLD',
          { min: 1, max: 1000, fallback: DEFAULT_DIGEST_THRESHOLD },
          errors,
        );
        if (topicOk) {
          const client =
            deps.sns ?? lazily(async () => new (await import('@aws-sdk/client-sns')).SNSClient(clientConfig));
          sinks.push(createSnsSink({ client, topicArn, minSeverity, digestThreshold, retry }));
        }
        break;
      }
      case 'slack': {
        const secretId = present(env.ROLEWATCH_SLACK_WEBHOOK_SECRET);
        const parameter = present(env.ROLEWATCH_SLACK_WEBHOOK_PARAMETER);
        let source: WebhookSource | undefined;
        if (secretId !== undefined && parameter !== undefined) {
          errors.push(
            'ROLEWATCH_SLACK_WEBHOOK_SECRET, ROLEWATCH_SLACK_WEBHOOK_PARAMETER: set only one of them',
          );
        } else if (secretId !== undefined) {
          source = {
            kind: 'secret',
            secretId,
            client:
              deps.secrets ??
              lazily(
                async () =>
                  new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient(clientConfig),
              ),
          };
        } else if (parameter !== undefined) {
          source = {
            kind: 'parameter',
            name: parameter,
            client:
              deps.ssm ??
              lazily(async () => new (await import('@aws-sdk/client-ssm')).SSMClient(clientConfig)),
          };
        } else {
          errors.push(
            'ROLEWATCH_SLACK_WEBHOOK_SECRET or ROLEWATCH_SLACK_WEBHOOK_PARAMETER: ' +
              'one is required by the slack sink',
          );
        }
        if (source !== undefined) {
          sinks.push(
            createSlackSink({
              webhookUrl: createWebhookUrlLoader(source, retry),
              minSeverity,
              retry,
              ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
            }),
          );
        }
        break;
      }
      case 'securityhub': {
        const productArn = present(env.ROLEWATCH_SECURITYHUB_PRODUCT_ARN);
        const accountId = present(env.ROLEWATCH_ACCOUNT_ID);
        let valid = true;
        if (region === undefined) {
          errors.push('AWS_REGION: required by the securityhub sink');
          valid = false;
        }
        if (productArn !== undefined && !SECURITYHUB_PRODUCT_ARN.test(productArn)) {
          errors.push(`ROLEWATCH_SECURITYHUB_PRODUCT_ARN: "${productArn}" is not a Security Hub product ARN`);
          valid = false;
        }
        if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
          errors.push(`ROLEWATCH_ACCOUNT_ID: "${accountId}" is not a 12-digit account id`);
          valid = false;
        }
        if (valid && region !== undefined) {
          sinks.push(
            createSecurityHubSink({
              client:
                deps.securityHub ??
                lazily(
                  async () =>
                    new (await import('@aws-sdk/client-securityhub')).SecurityHubClient(clientConfig),
                ),
              region,
              minSeverity,
              retry,
              ...(productArn === undefined ? {} : { productArn }),
              ...(accountId === undefined ? {} : { accountId }),
            }),
          );
        }
        break;
      }
      case 'eventbridge': {
        const eventBusName = present(env.ROLEWATCH_EVENT_BUS_NAME);
        if (eventBusName === undefined)
          errors.push('ROLEWATCH_EVENT_BUS_NAME: required by the eventbridge sink');
        else if (!EVENT_BUS.test(eventBusName)) {
          errors.push(`ROLEWATCH_EVENT_BUS_NAME: "${eventBusName}" is not an event bus name or ARN`);
        } else {
          const client =
            deps.eventBridge ??
            lazily(
              async () => new (await import('@aws-sdk/client-eventbridge')).EventBridgeClient(clientConfig),
            );
          sinks.push(createEventBridgeSink({ client, eventBusName, minSeverity, retry }));
        }
        break;
      }
    }
  }
  return errors.length > 0 ? err(errors) : ok(sinks);
}

/**
 * Sends `findings` to every sink concurrently and reports each sink that failed; one failing sink
 * never keeps the others from delivering. The caller decides whether to fail the invocation.
 */
export async function sendToAll(
  sinks: readonly AlertSink[],
  findings: readonly Finding[],
): Promise<{ failed: { sink: string; error: Error }[] }> {
  // Promise.resolve().then: a sink that throws synchronously is still just one failed sink.
  const settled = await Promise.allSettled(sinks.map((s) => Promise.resolve().then(() => s.send(findings))));
  const failed: { sink: string; error: Error }[] = [];
  settled.forEach((r, i) => {
    if (r.status === 'rejected') {
      const sink = sinks[i]?.name ?? 'unknown';
      failed.push({ sink, error: r.reason instanceof Error ? r.reason : new Error(`${sink} sink failed`) });
    }
  });
  return { failed };
}
