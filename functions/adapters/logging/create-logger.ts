import { Console } from 'node:console';
import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { jsonSafe } from '../../core/render/json-safe.ts';
import { redactReplacer } from './redact.ts';

export interface LoggerOptions {
  /** Added to every line as `function`, e.g. `stream`. */
  readonly functionName: string;
  /** Defaults to `POWERTOOLS_LOG_LEVEL` / `INFO`. */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

// Powertools' LogLevelThreshold values.
const WARN = 16;
const ERROR = 20;

/**
 * The Powertools Logger, printing each line with invisible characters (bidi overrides, zero-width
 * characters, C1 controls, U+2028) as `\u` escapes, so that a hostile session name cannot rearrange
 * or hide part of a log line in a viewer. WARN and above go to stderr, the rest to stdout, as
 * Powertools does.
 */
class RolewatchLogger extends Logger {
  readonly #out = new Console({ stdout: process.stdout, stderr: process.stderr });

  protected override printLog(logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    const line = jsonSafe(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
    if (logLevel >= ERROR) this.#out.error(line);
    else if (logLevel >= WARN) this.#out.warn(line);
    else this.#out.log(line);
  }
}

/**
 * A Powertools Logger (structured JSON on stdout) whose serialiser drops `sessionToken`,
 * `secretAccessKey`, `credentials`, scrubs token-shaped strings and webhook URLs at every depth of
 * every line, and escapes invisible characters.
 */
export function createLogger(options: LoggerOptions): Logger {
  return new RolewatchLogger({
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
