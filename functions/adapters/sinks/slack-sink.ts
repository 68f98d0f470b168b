import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import * as z from 'zod/mini';
import '../../core/model/zod-setup.ts';
import type { Finding } from '../../core/model/finding.ts';
import { err, ok, type Result } from '../../core/model/result.ts';
import { type Severity, severityRank } from '../../core/model/severity.ts';
import { describeError } from '../describe-error.ts';
import { lazily } from '../lazy-client.ts';
import { isRetryableError, RetryableError, type RetryOptions, withRetry } from '../retry.ts';
import { type Env, parseEnvSettings, settingProblem, stringSetting } from '../settings/setting.ts';
import { alertPayload, truncate } from './alert-payload.ts';
import { type AlertSink, alertable, chunkBySize, type SinkContext, SinkError } from './alert-sink.ts';
import { escapeSlack } from './escape-slack.ts';
import { createWebhookUrlLoader, WebhookConfigError, type WebhookSource } from './slack-webhook.ts';

export interface SlackSinkOptions {
  /** Resolves the incoming-webhook URL (see `createWebhookUrlLoader`); called on every send, cached there. */
  readonly webhookUrl: () => Promise<string>;
  readonly minSeverity: Severity;
  readonly fetch?: typeof fetch;
  readonly retry?: RetryOptions;
  /** Per request. Default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * The slack sink's environment: exactly one of a Secrets Manager secret (id or ARN) and an SSM
 * SecureString holding the webhook URL, as the URL itself or JSON `{"url": "…"}`.
 */
export const SlackSinkSettingsSchema = z.object({
  ROLEWATCH_SLACK_WEBHOOK_SECRET: z.optional(stringSetting()),
  ROLEWATCH_SLACK_WEBHOOK_PARAMETER: z.optional(stringSetting()),
});

const SECRET = 'ROLEWATCH_SLACK_WEBHOOK_SECRET';
const PARAMETER = 'ROLEWATCH_SLACK_WEBHOOK_PARAMETER';

/** The slack sink from its environment; the URL is read once per cold start, on the first send. */
export function slackSinkFromEnv(
  env: Env,
  context: SinkContext,
  deps: { secrets?: SecretsManagerClient; ssm?: SSMClient; fetch?: typeof fetch } = {},
): Result<AlertSink, string[]> {
  const settings = parseEnvSettings(SlackSinkSettingsSchema, env);
  if (!settings.ok) return settings;
  const { [SECRET]: secretId, [PARAMETER]: name } = settings.value;
  let source: WebhookSource;
  if (secretId !== undefined && name !== undefined) {
    return err([settingProblem(`${SECRET}, ${PARAMETER}`, 'set only one of them')]);
  } else if (secretId !== undefined) {
    const client =
      deps.secrets ??
      lazily(
        async () =>
          new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient(context.clientConfig),
      );
    source = { kind: 'secret', secretId, client };
  } else if (name !== undefined) {
    const client =
      deps.ssm ??
      lazily(async () => new (await import('@aws-sdk/client-ssm')).SSMClient(context.clientConfig));
    source = { kind: 'parameter', name, client };
  } else {
    return err([settingProblem(`${SECRET} or ${PARAMETER}`, 'one is required by the slack sink')]);
  }
  return ok(
    createSlackSink({
      webhookUrl: createWebhookUrlLoader(source, context.retry),
      minSeverity: context.minSeverity,
      retry: context.retry,
      ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    }),
  );
}

/** Findings per Slack message: 1 header + 3 blocks each stays under Block Kit's 50 blocks. */
export const SLACK_FINDINGS_PER_MESSAGE = 10;
/**
 * Characters the findings of one message may hold across all their blocks. Besides each text object's
 * own limit, Slack refuses a message whose blocks add up to more than about 12,000 characters
 * (`msg_blocks_too_long`; undocumented, "12,000 text characters with a buffer for block containers" per
 * Slack's maintainers in slackapi/bolt-js#2509). Counted over every string of the blocks, type names
 * included, with room left for the header; one finding's blocks stay under 5,000.
 */
export const SLACK_MAX_FINDING_TEXT_CHARS = 11_000;
/**
 * Longest finding-derived value shown, after escaping. Escaping can grow a value five-fold (`&` →
 * `&amp;`), and Block Kit refuses the whole message when one text object is over its limit (3000
 * characters, 2000 for a field), so the limits hold for the escaped text.
 */
const SHOWN_CHARS = 300;

const EMOJI: Record<Severity, string> = {
  critical: ':rotating_light:',
  high: ':red_circle:',
  medium: ':large_orange_circle:',
  low: ':large_yellow_circle:',
  info: ':information_source:',
};

/** An HTTP answer from Slack that another attempt will not change (e.g. 400 `invalid_blocks`, 404). */
export class SlackHttpError extends Error {
  override readonly name = 'SlackHttpError';
  readonly status: number;
  constructor(status: number, body: string) {
    super(`Slack answered HTTP ${status}${body === '' ? '' : ` (${body})`}`);
    this.status = status;
  }
}

/** Cuts escaped text to `max` characters without splitting an entity or a surrogate pair. */
function clipEscaped(text: string, max: number): string {
  let cut = text.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp > cut.length - 5 && !cut.includes(';', amp)) cut = cut.slice(0, amp);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** A finding-derived value as inert mrkdwn of at most `max` characters. */
const show = (s: string | undefined, max = SHOWN_CHARS): string => {
  if (s === undefined || s === '') return '–';
  const escaped = escapeSlack(truncate(s, max));
  return escaped.length <= max ? escaped : clipEscaped(escaped, max);
};

// `verbatim`: Slack would otherwise turn URLs and #channel names in record values into links.
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });

const field = (label: string, value: string) => mrkdwn(`*${label}*\n${value}`);

function findingBlocks(f: Finding): unknown[] {
  const session = [
    show(f.session.name),
    f.session.requestedSeconds === undefined ? undefined : `requested ${f.session.requestedSeconds}s`,
    f.session.grantedSeconds === undefined ? undefined : `granted ${f.session.grantedSeconds}s`,
  ].filter((s) => s !== undefined);
  const title = show(f.title, 500);
  const event = [f.eventName, show(f.eventTime, 64), show(f.awsRegion, 64)].join(' · ');
  const evidence = `*Expected:* ${show(f.evidence.expected, 600)}\n*Actual:* ${show(f.evidence.actual, 600)}${
    f.evidence.note === undefined ? '' : `\n*Note:* ${show(f.evidence.note, 600)}`
  }\n*Remediation:* ${show(f.remediation, 600)}`;
  return [
    {
      type: 'section',
      text: mrkdwn(`${EMOJI[f.severity]} *${f.severity.toUpperCase()}* · ${show(f.rule, 64)}\n${title}`),
      fields: [
        field('Role', show(f.role?.arn)),
        field(
          'Actor',
          f.actor.origin === undefined
            ? show(f.actor.display)
            : `${show(f.actor.display)}\n_origin:_ ${show(f.actor.origin.display)}`,
        ),
        field('Source IP', show(f.sourceIp, 64)),
        field('Session', session.join(' · ')),
        field('Event', event),
        field('User agent', show(f.userAgent)),
      ],
    },
    { type: 'context', elements: [mrkdwn(evidence)] },
    { type: 'divider' },
  ];
}

/** One Block Kit message for up to {@link SLACK_FINDINGS_PER_MESSAGE} findings (the sink also bounds their text). */
export function slackMessage(findings: readonly Finding[]): { text: string; blocks: unknown[] } {
  const top = findings.reduce<Severity>(
    (a, f) => (severityRank(f.severity) > severityRank(a) ? f.severity : a),
    'info',
  );
  const heading = `rolewatch: ${findings.length} finding${findings.length === 1 ? '' : 's'}, highest ${top}`;
  return {
    text: heading,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: heading } },
      // alertPayload: the allow-listed fields, token-shaped strings scrubbed.
      ...findings.map(alertPayload).flatMap(findingBlocks),
    ],
  };
}

/** The characters of every string in a block tree, as Slack's cumulative limit counts them (or more). */
function textChars(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + textChars(v), 0);
  if (value !== null && typeof value === 'object') return textChars(Object.values(value));
  return 0;
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds. */
export function parseRetryAfterMs(value: string | null, nowMs = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Posts Block Kit messages to a Slack incoming webhook. Every finding-derived string goes through
 * {@link escapeSlack}. HTTP 429 waits for `Retry-After`; 5xx and network errors are retried; errors
 * never carry the webhook URL (it is the credential).
 */
export function createSlackSink(options: SlackSinkOptions): AlertSink {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  const post = async (url: string, body: string): Promise<void> => {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // Rebuilt rather than passed on: a network error's text may name the host or path.
      const kind = describeError((error as { cause?: unknown })?.cause ?? error);
      if (isRetryableError(error)) throw new RetryableError(`network error (${kind})`);
      throw new Error(`network error (${kind})`);
    }
    if (res.ok) {
      await res.body?.cancel();
      return;
    }
    const text = (await res.text().catch(() => '')).slice(0, 64);
    const safe = /^[a-z_]+$/.test(text) ? text : '';
    if (res.status === 429) {
      const retryAfterMs = parseRetryAfterMs(res.headers.get('retry-after'));
      throw new RetryableError('HTTP 429', retryAfterMs === undefined ? {} : { retryAfterMs });
    }
    if (res.status >= 500) throw new RetryableError(`HTTP ${res.status}`);
    throw new SlackHttpError(res.status, safe);
  };

  return {
    name: 'slack',
    minSeverity: options.minSeverity,
    async send(findings: readonly Finding[]): Promise<void> {
      const todo = alertable(findings, options.minSeverity);
      if (todo.length === 0) return;
      let url: string;
      try {
        url = await options.webhookUrl();
      } catch (error) {
        // WebhookConfigError messages name the secret or parameter, never the value.
        const why = error instanceof WebhookConfigError ? error.message : describeError(error);
        throw new SinkError('slack', todo.length, todo.length, `webhook URL unavailable: ${why}`, error);
      }
      const sorted = [...todo].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
      let failed = 0;
      let lastError: unknown;
      const delivered: string[] = [];
      const groups = chunkBySize(sorted, SLACK_FINDINGS_PER_MESSAGE, SLACK_MAX_FINDING_TEXT_CHARS, (f) =>
        textChars(findingBlocks(alertPayload(f))),
      );
      for (const group of groups) {
        const body = JSON.stringify(slackMessage(group));
        try {
          await withRetry(() => post(url, body), options.retry);
          delivered.push(...group.map((f) => f.id));
        } catch (error) {
          failed += group.length;
          lastError = error;
        }
      }
      if (failed > 0) {
        const reason = lastError instanceof Error ? lastError.message : 'unknown error';
        throw new SinkError('slack', failed, todo.length, reason, lastError, delivered);
      }
    },
  };
}
