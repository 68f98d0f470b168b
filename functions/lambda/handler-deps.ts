import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { LoadedTrustFile } from '../adapters/config/load-trust-file.ts';
import type { MetricsRecorder } from '../adapters/metrics/metrics-recorder.ts';
import type { AlertSink } from '../adapters/sinks/alert-sink.ts';
import type { Result } from '../core/model/result.ts';
import type { ConfigIssue } from '../core/model/trust-config.ts';
import type { StateStore } from '../core/state/run-state-stage.ts';

/**
 * What a handler needs from the outside world. Everything is optional: the defaults are the real
 * clients (created lazily, once per cold start) and `process.env`; tests pass their own.
 */
export interface HandlerDeps {
  /** Environment to read `ROLEWATCH_*` from; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly s3?: S3Client;
  readonly ssm?: SSMClient;
  /** Alert sinks; built from `ROLEWATCH_ALERT_SINKS` by default. */
  readonly sinks?: readonly AlertSink[];
  /** Replaces reading `ROLEWATCH_CONFIG`; must not throw (failures are values). */
  readonly loadConfig?: () => Promise<Result<LoadedTrustFile, ConfigIssue[]>>;
  /** Epoch milliseconds; for judgement lag and the engine's clock. */
  readonly now?: () => number;
  /** Waits; a timer by default (tests pass their own, so that no test waits on the wall clock). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly log?: Logger;
  readonly metrics?: MetricsRecorder;
  /** The DynamoDB client of `ROLEWATCH_STATE=dynamodb:<table>`; created on first use by default. */
  readonly dynamodb?: DynamoDBClient;
  /** A state store to use instead of the one `ROLEWATCH_STATE` names. */
  readonly state?: StateStore;
}
