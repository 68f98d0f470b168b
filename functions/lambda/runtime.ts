import { existsSync, statSync } from 'node:fs';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { configSourceFromEnv } from '../adapters/config/config-source.ts';
import { type LoadedTrustFile, loadTrustFile } from '../adapters/config/load-trust-file.ts';
import { lazily } from '../adapters/lazy-client.ts';
import { createLogger } from '../adapters/logging/create-logger.ts';
import { metricDimensionsFromEnv } from '../adapters/metrics/metric-dimensions.ts';
import { EmfMetricsRecorder, type MetricsRecorder } from '../adapters/metrics/metrics-recorder.ts';
import { defaultSleep } from '../adapters/retry.ts';
import type { AlertSink } from '../adapters/sinks/alert-sink.ts';
import { createSinksFromEnv } from '../adapters/sinks/create-sinks.ts';
import { createEngine, type Engine } from '../core/engine/create-engine.ts';
import { err, type Result } from '../core/model/result.ts';
import type { ConfigIssue, TrustConfig } from '../core/model/trust-config.ts';
import { formatConfigIssue } from '../core/trust/describe-trust-config.ts';
import type { HandlerDeps } from './handler-deps.ts';
import { createLambdaState, type LambdaState } from './lambda-state.ts';
import { stateSettingsFromEnv } from './state-setting.ts';

/** Everything a handler needs once configuration is known; built once per execution environment. */
export interface Ready {
  readonly config: TrustConfig;
  readonly engine: Engine;
  readonly sinks: readonly AlertSink[];
  /** SHA-256 of the trust file's text (absent when a test injects the configuration). */
  readonly trustSha256?: string;
  /** Where the stateful rules, session lineage and alert de-duplication keep their state. */
  readonly state: LambdaState;
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
  /** Waits (between looks at an alert claim another invocation holds). */
  readonly sleep: (ms: number) => Promise<void>;
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
  const dimensions = metricDimensionsFromEnv(env);
  const metrics =
    deps.metrics ??
    new EmfMetricsRecorder({ functionName, extraDimensions: dimensions.ok ? dimensions.value : [] });
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const { s3: givenS3, ssm: givenSsm } = deps;
  const s3 = lazily(
    async (): Promise<S3Client> =>
      givenS3 !== undefined ? givenS3 : new (await import('@aws-sdk/client-s3')).S3Client({}),
  );
  const ssm = lazily(
    async (): Promise<SSMClient> =>
      givenSsm !== undefined ? givenSsm : new (await import('@aws-sdk/client-ssm')).SSMClient({}),
  );

  /** The trust file `ROLEWATCH_CONFIG` names; relative paths are resolved against the bundle root. */
  const loadTrust = async (): Promise<Result<LoadedTrustFile, string[]>> => {
    let loaded: Result<LoadedTrustFile, ConfigIssue[]>;
    if (deps.loadConfig !== undefined) loaded = await deps.loadConfig();
    else {
      const baseDir = env.LAMBDA_TASK_ROOT ?? process.cwd();
      const source = configSourceFromEnv(env, { baseDir, fileExists: isFile });
      if (!source.ok) return source;
      loaded = await loadTrustFile(source.value, { s3, ssm, now: now() });
    }
    return loaded.ok ? loaded : err(loaded.error.map(formatConfigIssue));
  };

  // Every setting is checked and every problem reported at once, each naming its variable.
  const load = async (): Promise<Ready> => {
    const problems: string[] = [];
    if (!dimensions.ok) problems.push(...dimensions.error);
    const stateSettings = stateSettingsFromEnv(env);
    if (!stateSettings.ok) problems.push(...stateSettings.error);
    let sinks: readonly AlertSink[] = deps.sinks ?? [];
    if (deps.sinks === undefined) {
      const built = createSinksFromEnv(env, { log: (line) => logAlertLine(log, line) });
      if (built.ok) sinks = built.value;
      else problems.push(...built.error);
    }
    const loaded = await loadTrust();
    if (!loaded.ok) problems.push(...loaded.error);
    if (problems.length > 0 || !loaded.ok || !stateSettings.ok) throw new ConfigurationError(problems);
    for (const w of loaded.value.warnings) log.warn('trust file warning', { warning: formatConfigIssue(w) });
    const config = loaded.value.config;
    const engine = createEngine({ config, now });
    const state = await createLambdaState(stateSettings.value, config, engine, {
      now,
      ...(deps.state === undefined ? {} : { store: deps.state }),
      ...(deps.dynamodb === undefined ? {} : { dynamodb: deps.dynamodb }),
    });
    if (state.kind === 'memory') {
      log.info(
        'first-seen-pair does not run: ROLEWATCH_STATE keeps state in memory only (use dynamodb:<table>)',
      );
    }
    log.info('configuration loaded', {
      source: config.source,
      roles: config.roles.length,
      suppressions: config.suppressions.length,
      sinks: sinks.map((s) => s.name),
      state: state.kind,
      dedupHours: stateSettings.value.dedupHours,
      ...(stateSettings.value.learnUntilMs === undefined
        ? {}
        : { learnUntil: new Date(stateSettings.value.learnUntilMs).toISOString() }),
    });
    return {
      config,
      engine,
      sinks,
      state,
      ...(loaded.value.sha256 === undefined ? {} : { trustSha256: loaded.value.sha256 }),
    };
  };

  let pending: Promise<Ready> | undefined;
  return {
    functionName,
    log,
    metrics,
    now,
    sleep,
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

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();

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
