import { createHash } from 'node:crypto';
import type { MessageAttributeValue, PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod/mini';
import '../../core/model/zod-setup.ts';
import type { Finding } from '../../core/model/finding.ts';
import { ok, type Result } from '../../core/model/result.ts';
import { type Severity, severityRank } from '../../core/model/severity.ts';
import { jsonSafe } from '../../core/render/json-safe.ts';
import { describeError } from '../describe-error.ts';
import { type ClientSource, lazily, resolveClient } from '../lazy-client.ts';
import { type RetryOptions, withRetry } from '../retry.ts';
import { SNS_TOPIC_ARN } from '../settings/aws-names.ts';
import { type Env, parseEnvSettings, patternSetting, wholeNumberSetting } from '../settings/setting.ts';
import { alertPayloadWithin, payloadBytes } from './alert-payload.ts';
import { type AlertSink, alertable, chunkBySize, type SinkContext, SinkError } from './alert-sink.ts';

export interface SnsSinkOptions {
  /** The client, or a getter that creates it (and loads the SNS SDK) on the first send. */
  readonly client: ClientSource<SNSClient>;
  readonly topicArn: string;
  readonly minSeverity: Severity;
  /** Above this many alertable findings in one batch, digests replace single messages. Default 10. */
  readonly digestThreshold?: number;
  readonly retry?: RetryOptions;
}

/** SNS accepts 256 KiB per message, attributes included; the rest is headroom for attributes. */
export const SNS_MAX_BODY_BYTES = 250_000;
/** SNS subjects: ASCII, no line breaks, fewer than 100 characters. */
export const SNS_MAX_SUBJECT_CHARS = 99;
export const DEFAULT_DIGEST_THRESHOLD = 10;

/** The sns sink's environment: the topic (required) and the digest threshold. */
export const SnsSinkSettingsSchema = z.object({
  ROLEWATCH_SNS_TOPIC_ARN: patternSetting(SNS_TOPIC_ARN, 'an SNS topic ARN', 'required by the sns sink'),
  /** Above this many findings in one batch, a digest is sent instead of one message each. */
  ROLEWATCH_SNS_DIGEST_THRESHOLD: z._default(wholeNumberSetting(1, 1000), DEFAULT_DIGEST_THRESHOLD),
});

/** The sns sink from its environment; the SNS client is created (and its SDK loaded) on the first send. */
export function snsSinkFromEnv(
  env: Env,
  context: SinkContext,
  client?: SNSClient,
): Result<AlertSink, string[]> {
  const settings = parseEnvSettings(SnsSinkSettingsSchema, env);
  if (!settings.ok) return settings;
  return ok(
    createSnsSink({
      client:
        client ??
        lazily(async () => new (await import('@aws-sdk/client-sns')).SNSClient(context.clientConfig)),
      topicArn: settings.value.ROLEWATCH_SNS_TOPIC_ARN,
      digestThreshold: settings.value.ROLEWATCH_SNS_DIGEST_THRESHOLD,
      minSeverity: context.minSeverity,
      retry: context.retry,
    }),
  );
}

/**
 * One SNS message per finding, or digests (each under the SNS size limit) when a batch yields more
 * than `digestThreshold`. Every message carries `severity` and `rule` attributes (`String` for one
 * finding, `String.Array` of the distinct values for a digest) and `kind` (`finding` | `digest`),
 * so subscription filter policies such as `{"severity": ["high", "critical"]}` work on both.
 */
export function createSnsSink(options: SnsSinkOptions): AlertSink {
  const threshold = options.digestThreshold ?? DEFAULT_DIGEST_THRESHOLD;
  const fifo = options.topicArn.endsWith('.fifo');
  return {
    name: 'sns',
    minSeverity: options.minSeverity,
    async send(findings: readonly Finding[]): Promise<void> {
      const todo = alertable(findings, options.minSeverity);
      if (todo.length === 0) return;
      const messages = todo.length > threshold ? digestMessages(todo) : todo.map(singleMessage);
      // The SDK is loaded on the first send rather than when the bundle is imported (cold start).
      const [client, { PublishCommand }] = await Promise.all([
        resolveClient(options.client),
        import('@aws-sdk/client-sns'),
      ]).catch((error: unknown) => {
        throw new SinkError('sns', todo.length, todo.length, describeError(error), error);
      });
      let failed = 0;
      let lastError: unknown;
      const delivered: string[] = [];
      for (const m of messages) {
        const input: PublishCommandInput = {
          TopicArn: options.topicArn,
          Subject: m.subject,
          Message: m.body,
          MessageAttributes: m.attributes,
          ...(fifo ? { MessageGroupId: 'rolewatch', MessageDeduplicationId: m.dedupId } : {}),
        };
        try {
          await withRetry(() => client.send(new PublishCommand(input)), options.retry);
          delivered.push(...m.ids);
        } catch (error) {
          failed += m.count;
          lastError = error;
        }
      }
      if (failed > 0) {
        throw new SinkError('sns', failed, todo.length, describeError(lastError), lastError, delivered);
      }
    },
  };
}

interface SnsMessage {
  readonly subject: string;
  readonly body: string;
  readonly attributes: Record<string, MessageAttributeValue>;
  readonly count: number;
  /** The findings the message carries. */
  readonly ids: readonly string[];
  readonly dedupId: string;
}

/** SNS rejects non-ASCII and control characters in subjects. */
export function snsSubject(text: string): string {
  const ascii = text
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  return ascii.length <= SNS_MAX_SUBJECT_CHARS ? ascii : `${ascii.slice(0, SNS_MAX_SUBJECT_CHARS - 3)}...`;
}

/** The most a finding may take in a message body, leaving room for the envelope and indentation. */
const MAX_FINDING_BYTES = SNS_MAX_BODY_BYTES - 4096;

function singleMessage(f: Finding): SnsMessage {
  const finding = alertPayloadWithin(f, MAX_FINDING_BYTES);
  return {
    subject: snsSubject(`rolewatch ${f.severity.toUpperCase()} ${f.rule}: ${f.title}`),
    body: jsonSafe(JSON.stringify({ source: 'rolewatch', kind: 'finding', finding }, null, 2)),
    attributes: {
      kind: { DataType: 'String', StringValue: 'finding' },
      severity: { DataType: 'String', StringValue: f.severity },
      rule: { DataType: 'String', StringValue: f.rule },
    },
    count: 1,
    ids: [f.id],
    dedupId: f.id.slice(0, 128),
  };
}

/** Room kept in a digest body for its envelope fields. */
const DIGEST_ENVELOPE_BYTES = 1024;

/**
 * Packs findings greedily into digests whose JSON body stays under {@link SNS_MAX_BODY_BYTES}. Each
 * finding is measured as the body carries it, after {@link jsonSafe}: an invisible character escaped as
 * `\u200b` takes 6 bytes instead of its 3 in UTF-8, and SNS counts bytes ("at most 256 KB in size
 * (262,144 bytes, not 262,144 characters)").
 */
function digestMessages(findings: readonly Finding[]): SnsMessage[] {
  const sorted = findings
    .map((f) => alertPayloadWithin(f, MAX_FINDING_BYTES))
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  // The envelope's fields take up to 1 KB; each finding its payload and a comma. chunkBySize keeps a
  // group's total below its bound, so one more byte gives the same cut as `≤ SNS_MAX_BODY_BYTES`.
  const groups = chunkBySize(
    sorted,
    Number.POSITIVE_INFINITY,
    SNS_MAX_BODY_BYTES - DIGEST_ENVELOPE_BYTES + 1,
    (f) => payloadBytes(f) + 1,
  );
  return groups.map((group, i) => digestMessage(group, i + 1, groups.length, findings.length));
}

/** One digest of `group`, findings already in their alert payload form. */
function digestMessage(group: readonly Finding[], part: number, parts: number, total: number): SnsMessage {
  const bySeverity: Record<string, number> = {};
  for (const f of group) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  const severities = [...new Set(group.map((f) => f.severity))];
  const rules = [...new Set(group.map((f) => f.rule))].sort();
  const counts = severities.map((s) => `${bySeverity[s]} ${s}`).join(', ');
  const partLabel = parts > 1 ? ` [${part}/${parts}]` : '';
  const body = jsonSafe(
    JSON.stringify({
      source: 'rolewatch',
      kind: 'digest',
      part,
      parts,
      total,
      count: group.length,
      bySeverity,
      findings: group,
    }),
  );
  return {
    subject: snsSubject(`rolewatch: ${group.length} findings (${counts})${partLabel}`),
    body,
    attributes: {
      kind: { DataType: 'String', StringValue: 'digest' },
      severity: { DataType: 'String.Array', StringValue: JSON.stringify(severities) },
      rule: { DataType: 'String.Array', StringValue: JSON.stringify(rules) },
      count: { DataType: 'Number', StringValue: String(group.length) },
    },
    count: group.length,
    ids: group.map((f) => f.id),
    dedupId: createHash('sha256')
      .update(group.map((f) => f.id).join('\n'))
      .digest('hex'),
  };
}
