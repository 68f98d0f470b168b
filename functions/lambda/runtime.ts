import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { loadTrustConfig } from '../adapters/config/load-trust-config.ts';
import { lazily } from '../adapters/lazy-client.ts';
import { createLogger } from '../adapters/logging/create-logger.ts';
import { parseMetricDimensions } from '../adapters/metrics/metric-dimensions.ts';
import { type MetricsRecorder, PowertoolsMetricsRecorder } from '../adapters/metrics/metrics-recorder.ts';
import type { AlertSink } from '../adapters/sinks/alert-sink.ts';
import { createSinksFromEnv } from '../adapters/sinks/create-sinks.ts';
import { createEngine, type Engine } from '../core/engine/create-engine.ts';
import type { TrustConfig } from '../core/model/trust-config.ts';
import type { HandlerDeps } from './handler-deps.ts';
import { parseStateSetting } from './state-setting.ts';

/** Everything a handler needs once configuration is known; built once per execution environment. */
export interface Ready {
  readonly config: TrustConfig;
  readonly engine: Engine;
  readonly sinks: readonly AlertSink[];
}

/** The configuration cannot be used. Never carries secrets: the messages name sources, lines and keys. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`rolewatch configuration is broken: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

export interface Runtime {
  readonly functionName: string;
  readonly log: Logger;
  readonly metrics: MetricsRecorder;
  readonly now: () => number;
  /**
   * The S3 client, created on first use (once per execution environment). Asynchronous because the
   * S3 SDK module is imported only then, which keeps it out of cold starts that never read S3.
   */
  s3(): Promise<S3Client>;
  /**
   * Loads and validates the configuration on first call and caches it for the life of the execution
   * environment. A failure is not cached: the next invocation tries again (and fails loudly again).
   */
  ready(): Promise<Ready>;
}

export function createRuntime(functionName: string, deps: HandlerDeps = {}): Runtime {
  const env = deps.env ?? process.env;
  const log = deps.log ?? createLogger({ functionName });
  const dimensions = parseMetricDimensions(env.ROLEWATCH_METRIC_DIMENSIONS);
  const metrics =
    deps.metrics ??
    new PowertoolsMetricsRecorder({ functionName, extraDimensions: dimensions.ok ? dimensions.value : [] });
  const now = deps.now ?? Date.now;
  const { s3: givenS3, ssm: givenSsm } = deps;
  const s3 = lazily(
    async (): Promise<S3Client> =>
      givenS3 !== undefined ? givenS3 : new (await import('@aws-sdk/client-s3')).S3Client({}),
  );
  const ssm = lazily(
    async (): Promise<SSMClient> =>
      givenSsm !== undefined ? givenSsm : new (await import('@aws-sdk/client-ssm')).SSMClient({}),
  );

  const load = async (): Promise<Ready> => {
    const problems: string[] = [];
    if (!dimensions.ok) problems.push(dimensions.error);
    const state = parseStateSetting(env.ROLEWATCH_STATE);
    if (!state.ok) problems.push(state.error);
    else if (state.value.kind === 'dynamodb') {
      log.warn(
        'ROLEWATCH_STATE names a DynamoDB table, which is not used yet: stateful rules keep state in memory',
        {
          table: state.value.table,
        },
      );
    }
    let sinks: readonly AlertSink[] = deps.sinks ?? [];
    if (deps.sinks === undefined) {
      const built = createSinksFromEnv(env, { log: (line) => logAlertLine(log, line) });
      if (built.ok) sinks = built.value;
      else problems.push(...built.error);
    }
    const loaded = await (deps.loadConfig ?? (() => loadTrustConfig(env, { s3, ssm, now })))();
    if (!loaded.ok) problems.push(...loaded.error);
    if (problems.length > 0 || !loaded.ok) throw new ConfigurationError(problems);
    for (const warning of loaded.value.warnings) log.warn('trust file warning', { warning });
    const config = loaded.value.config;
    log.info('configuration loaded', {
      source: config.source,
      roles: config.roles.length,
      suppressions: config.suppressions.length,
      sinks: sinks.map((s) => s.name),
      state: state.ok ? state.value.kind : undefined,
    });
    return { config, engine: createEngine({ config, now }), sinks };
  };

  let pending: Promise<Ready> | undefined;
  return {
    functionName,
    log,
    metrics,
    now,
    s3,
    ready(): Promise<Ready> {
      pending ??= load().catch((e: unknown) => {
        pending = undefined;
        throw e;
      });
      return pending;
    },
  };
}

/**
 * The log sink's lines go through the Logger, so that alerts carry the request id and pass the same
 * redaction as every other line; `type: "rolewatch.finding"` stays a top-level key for metric filters.
 */
function logAlertLine(log: Logger, line: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    log.warn({ message: 'alert', alert: line });
    return;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    log.warn({ message: 'alert', alert: line });
    return;
  }
  const { level: _level, message: _message, ...attributes } = parsed as Record<string, unknown>;
  log.warn({ message: 'alert', ...attributes });
}
