import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SSMClient } from '@aws-sdk/client-ssm';
import * as z from 'zod/mini';
import '../../core/model/zod-setup.ts';
import type { Finding } from '../../core/model/finding.ts';
import { err, ok, type Result } from '../../core/model/result.ts';
import { DEFAULT_RETRY_ATTEMPTS } from '../retry.ts';
import {
  type Env,
  listSetting,
  readEnvSettings,
  refusedSetting,
  severitySetting,
  wholeNumberSetting,
} from '../settings/setting.ts';
import {
  type AlertSink,
  isSinkName,
  MIN_SEVERITY_VARIABLE,
  SINK_NAMES,
  type SinkContext,
  SinkError,
  type SinkName,
} from './alert-sink.ts';
import { eventBridgeSinkFromEnv } from './eventbridge-sink.ts';
import { logSinkFromContext } from './log-sink.ts';
import { NotSentError } from './not-sent-error.ts';
import { securityHubSinkFromEnv } from './securityhub-sink.ts';
import { slackSinkFromEnv } from './slack-sink.ts';
import { snsSinkFromEnv } from './sns-sink.ts';

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

/**
 * The settings every sink shares. Each sink's own settings are its `XxxSinkSettingsSchema`, next to
 * the sink (`ROLEWATCH_SNS_TOPIC_ARN`, `ROLEWATCH_SLACK_WEBHOOK_SECRET`, …).
 */
export const AlertSettingsSchema = z.object({
  /** The sinks to deliver to; `log` alone makes no AWS call. */
  ROLEWATCH_ALERT_SINKS: z._default(listSetting(SINK_NAMES, 'a sink', { ignoreCase: true }), ['log']),
  /** Minimum severity for every sink; `ROLEWATCH_<SINK>_MIN_SEVERITY` overrides it for one. */
  ROLEWATCH_ALERT_MIN_SEVERITY: z._default(severitySetting(), 'low'),
  [MIN_SEVERITY_VARIABLE.sns]: z.optional(severitySetting()),
  [MIN_SEVERITY_VARIABLE.slack]: z.optional(severitySetting()),
  [MIN_SEVERITY_VARIABLE.securityhub]: z.optional(severitySetting()),
  [MIN_SEVERITY_VARIABLE.eventbridge]: z.optional(severitySetting()),
  [MIN_SEVERITY_VARIABLE.log]: z.optional(severitySetting()),
  /** Attempts per call, the first included. */
  ROLEWATCH_ALERT_RETRY_ATTEMPTS: z._default(wholeNumberSetting(1, 10), DEFAULT_RETRY_ATTEMPTS),
  ROLEWATCH_SLACK_WEBHOOK_URL: refusedSetting(
    'a webhook URL is a credential; store it in Secrets Manager (ROLEWATCH_SLACK_WEBHOOK_SECRET) ' +
      'or as an SSM SecureString (ROLEWATCH_SLACK_WEBHOOK_PARAMETER)',
  ),
});

/**
 * Builds the alert sinks named in `ROLEWATCH_ALERT_SINKS` and validates all their settings at once;
 * every problem names its environment variable and quotes the bad value. Only the selected sinks' SDK
 * clients are created, each with `maxAttempts: 1`, so that `retry.ts` is the only retry layer; they are
 * created (and their SDK modules imported) on the sink's first send, not at cold start. The variables
 * are {@link AlertSettingsSchema} and each sink's settings schema; the README lists them.
 */
export function createSinksFromEnv(env: Env, deps: SinkDeps = {}): Result<AlertSink[], string[]> {
  // Read, not parsed all-or-nothing: a bad shared setting is reported along with every sink's own.
  const { value: settings, problems, failed } = readEnvSettings(AlertSettingsSchema, env);
  const names = failed.has('ROLEWATCH_ALERT_SINKS')
    ? knownSinks(env.ROLEWATCH_ALERT_SINKS)
    : (settings.ROLEWATCH_ALERT_SINKS ?? ['log']);
  const region = present(env.AWS_REGION) ?? present(env.AWS_DEFAULT_REGION);
  const contextFor = (sink: SinkName): SinkContext => ({
    minSeverity: settings[MIN_SEVERITY_VARIABLE[sink]] ?? settings.ROLEWATCH_ALERT_MIN_SEVERITY ?? 'low',
    retry: {
      attempts: settings.ROLEWATCH_ALERT_RETRY_ATTEMPTS ?? DEFAULT_RETRY_ATTEMPTS,
      ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
      ...(deps.random === undefined ? {} : { random: deps.random }),
    },
    region,
    clientConfig: { maxAttempts: 1, ...(region === undefined ? {} : { region }) },
  });

  const sinks: AlertSink[] = [];
  for (const name of names) {
    const context = contextFor(name);
    const built = buildSink(name, env, context, deps);
    if (built.ok) sinks.push(built.value);
    else problems.push(...built.error);
  }
  return problems.length > 0 ? err(problems) : ok(sinks);
}

function buildSink(
  name: SinkName,
  env: Env,
  context: SinkContext,
  deps: SinkDeps,
): Result<AlertSink, string[]> {
  switch (name) {
    case 'log':
      return ok(logSinkFromContext(context, deps.log));
    case 'sns':
      return snsSinkFromEnv(env, context, deps.sns);
    case 'slack':
      return slackSinkFromEnv(env, context, deps);
    case 'securityhub':
      return securityHubSinkFromEnv(env, context, deps.securityHub);
    case 'eventbridge':
      return eventBridgeSinkFromEnv(env, context, deps.eventBridge);
  }
}

/** The valid names of a list that also holds invalid ones (already reported). */
const knownSinks = (list: string | undefined): SinkName[] => [
  ...new Set(
    (list ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(isSinkName),
  ),
];

const present = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t === undefined || t === '' ? undefined : t;
};

/** What a round of sending did: the sinks that failed, and for each sink whether it delivered. */
export interface SendOutcome {
  readonly failed: { sink: string; error: Error }[];
  /** By sink index: true when the sink delivered its list (or had nothing to send). */
  readonly delivered: readonly boolean[];
}

/** When a round of sending must give up: an absolute time and the clock to read it by. */
export interface SendDeadline {
  readonly atMs: number;
  readonly now: () => number;
}

export interface SendOptions {
  /**
   * A sink still busy then counts as failed (its own retries may outlast the function's timeout: 4
   * attempts of 10 s against a Slack that does not answer), so that the caller can say which one.
   */
  readonly deadline?: SendDeadline;
  /**
   * Called as soon as sink `index` has delivered its list (not for an empty one), before the others end;
   * with `findingIds` when it delivered only those before failing ({@link SinkError.deliveredIds}).
   */
  readonly onDelivered?: (index: number, findingIds?: readonly string[]) => Promise<void> | void;
}

/**
 * Sends each sink its own list (`perSink[i]` to `sinks[i]`; an empty list is not sent) concurrently,
 * and reports each sink that failed; one failing sink never keeps the others from delivering. The
 * caller decides whether to fail the invocation.
 */
export async function sendEach(
  sinks: readonly AlertSink[],
  perSink: readonly (readonly Finding[])[],
  options: SendOptions = {},
): Promise<SendOutcome> {
  const settled = await Promise.allSettled(
    sinks.map(async (sink, i) => {
      const list = perSink[i] ?? [];
      if (list.length === 0) return;
      // Past the deadline a send is not started: it could go through after the caller gave up on it.
      const { deadline } = options;
      if (deadline !== undefined && deadline.now() >= deadline.atMs) throw new NotSentError(sink.name);
      // Inside this async function a sink that throws synchronously is still just one failed sink.
      try {
        await beforeDeadline(sink.send(list), options.deadline);
      } catch (error) {
        if (error instanceof SinkError && error.deliveredIds.length > 0) {
          await options.onDelivered?.(i, error.deliveredIds);
        }
        throw error;
      }
      await options.onDelivered?.(i);
    }),
  );
  const failed: { sink: string; error: Error }[] = [];
  settled.forEach((r, i) => {
    if (r.status === 'rejected') {
      const sink = sinks[i]?.name ?? 'unknown';
      failed.push({ sink, error: r.reason instanceof Error ? r.reason : new Error(`${sink} sink failed`) });
    }
  });
  return { failed, delivered: settled.map((r) => r.status === 'fulfilled') };
}

/** `work`, or a rejection saying the time ran out if it has not settled by the deadline. */
function beforeDeadline<T>(work: Promise<T>, deadline: SendDeadline | undefined): Promise<T> {
  if (deadline === undefined) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            'still not delivered when the function had to stop (its time left went to retries); the input is re-driven',
          ),
        ),
      Math.max(0, deadline.atMs - deadline.now()),
    );
  });
  work.catch(() => undefined); // settled after the deadline: nothing waits for it any more
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** {@link sendEach} with the same findings for every sink. */
export function sendToAll(sinks: readonly AlertSink[], findings: readonly Finding[]): Promise<SendOutcome> {
  return sendEach(
    sinks,
    sinks.map(() => findings),
  );
}
