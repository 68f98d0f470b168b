import type { AlertSink } from '../../../functions/adapters/sinks/alert-sink.ts';
import { SinkError } from '../../../functions/adapters/sinks/alert-sink.ts';
import type { Finding } from '../../../functions/core/model/finding.ts';

/** A sink that keeps what it was given, as JSON text, so tests can search it for secrets. */
export function recordingSink(): AlertSink & { readonly sent: Finding[]; readonly payloads: string[] } {
  const sent: Finding[] = [];
  const payloads: string[] = [];
  return {
    name: 'eventbridge',
    minSeverity: 'low',
    sent,
    payloads,
    async send(findings) {
      const alertable = findings.filter((f) => !f.suppressed);
      sent.push(...alertable);
      payloads.push(JSON.stringify(alertable));
    },
  };
}

/** A sink that gives up, as a real one does after its retries, with a webhook URL in the cause. */
export function failingSink(): AlertSink {
  return {
    name: 'slack',
    minSeverity: 'low',
    async send(findings) {
      const cause = new Error(
        'connect ECONNREFUSED https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX',
      );
      throw new SinkError('slack', findings.length, findings.length, 'HTTP 503', cause);
    },
  };
}
