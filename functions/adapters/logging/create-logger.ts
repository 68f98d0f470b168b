import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { redactReplacer } from './redact.ts';

export interface LoggerOptions {
  /** Added to every line as `function`, e.g. `stream`. */
  readonly functionName: string;
  /** Defaults to `POWERTOOLS_LOG_LEVEL` / `INFO`. */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

/**
 * A Powertools Logger (structured JSON on stdout) whose serialiser drops `sessionToken`,
 * `secretAccessKey`, `credentials` and scrubs webhook URLs, at every depth of every line.
 */
export function createLogger(options: LoggerOptions): Logger {
  return new Logger({
    serviceName: 'rolewatch',
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
    persistentKeys: { function: options.functionName },
    jsonReplacerFn: redactReplacer,
  });
}

/**
 * Tags every following line with this invocation's request id. Local runs without a Lambda context
 * get a generated id so that the "request id on every line" guarantee still holds.
 */
export function bindInvocation(logger: Logger, context: Context | undefined, fallbackId: string): void {
  if (context !== undefined && typeof context.awsRequestId === 'string') {
    logger.addContext(context);
    return;
  }
  logger.addContext({
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local',
    functionVersion: '$LATEST',
    invokedFunctionArn: '',
    memoryLimitInMB: '0',
    awsRequestId: fallbackId,
    coldStart: false,
  } as unknown as Context);
}
