import type { Finding } from '../../core/model/finding.ts';
import type { Severity } from '../../core/model/severity.ts';
import { jsonSafe } from '../../core/render/json-safe.ts';
import { alertPayload } from './alert-payload.ts';
import { type AlertSink, alertable, type SinkContext } from './alert-sink.ts';

export interface LogSinkOptions {
  readonly minSeverity: Severity;
  /** Receives one JSON line per finding; stdout by default. */
  readonly log?: (line: string) => void;
}

const stdoutLine = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * One structured JSON line per finding (invisible characters as `\u` escapes) and no AWS call: CloudWatch Logs keeps the line, and a
 * metric filter or Logs Insights query (`filter type = "rolewatch.finding"`) can alert on it.
 */
export function createLogSink(options: LogSinkOptions): AlertSink {
  const log = options.log ?? stdoutLine;
  return {
    name: 'log',
    minSeverity: options.minSeverity,
    async send(findings: readonly Finding[]): Promise<void> {
      for (const f of alertable(findings, options.minSeverity)) {
        const p = alertPayload(f);
        log(
          jsonSafe(
            JSON.stringify({
              level: 'WARN',
              type: 'rolewatch.finding',
              rule: p.rule,
              severity: p.severity,
              finding: p,
            }),
          ),
        );
      }
    },
  };
}

/** The log sink has no settings of its own besides its minimum severity. */
export const logSinkFromContext = (context: SinkContext, log?: (line: string) => void): AlertSink =>
  createLogSink({ minSeverity: context.minSeverity, ...(log === undefined ? {} : { log }) });
