import type {
  EventBridgeClient,
  PutEventsRequestEntry,
  PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import type { Finding } from '../../core/model/finding.ts';
import type { Severity } from '../../core/model/severity.ts';
import { escapeInvisibleInJson } from '../../core/text/invisible-characters.ts';
import { type ClientSource, resolveClient } from '../lazy-client.ts';
import { RetryableError, type RetryOptions, withRetry } from '../retry.ts';
import { alertPayload, MAX_ARN_CHARS, truncate } from './alert-payload.ts';
import { type AlertSink, alertable, chunk, describeError, SinkError } from './alert-sink.ts';

export interface EventBridgeSinkOptions {
  /** The client, or a getter that creates it (and loads the EventBridge SDK) on the first send. */
  readonly client: ClientSource<EventBridgeClient>;
  /** Bus name or ARN. */
  readonly eventBusName: string;
  readonly minSeverity: Severity;
  readonly retry?: RetryOptions;
}

export const EVENT_SOURCE = 'rolewatch';
export const EVENT_DETAIL_TYPE = 'rolewatch finding';
/** PutEvents accepts at most 10 entries per call. */
export const PUT_EVENTS_MAX_ENTRIES = 10;
/** An entry (source, detail type, detail, resources) may be at most 256 KB. */
export const PUT_EVENTS_MAX_ENTRY_BYTES = 256 * 1024;

/** Entry error codes that will fail the same way however often they are sent. */
const PERMANENT_ENTRY_ERROR = /Malformed|Invalid|Validation|AccessDenied|NotAuthorized|TooLarge|NotFound/i;

/**
 * One event per finding on a named bus: `source` `rolewatch`, `detail-type` `rolewatch finding`,
 * `detail` the finding JSON, `resources` the role ARN. Calls carry at most 10 entries; when a call
 * reports `FailedEntryCount`, only the failed entries are sent again.
 */
export function createEventBridgeSink(options: EventBridgeSinkOptions): AlertSink {
  return {
    name: 'eventbridge',
    minSeverity: options.minSeverity,
    async send(findings: readonly Finding[]): Promise<void> {
      const todo = alertable(findings, options.minSeverity);
      if (todo.length === 0) return;
      let failed = 0;
      let lastReason = '';
      let lastError: unknown;
      const entries: PutEventsRequestEntry[] = [];
      for (const f of todo) {
        const entry = toEntry(f, options.eventBusName);
        if (entrySize(entry) > PUT_EVENTS_MAX_ENTRY_BYTES) {
          failed++;
          lastReason = 'entry larger than 256 KB';
        } else entries.push(entry);
      }
      let api: Api | undefined;
      for (const batch of chunk(entries, PUT_EVENTS_MAX_ENTRIES)) {
        api ??= await connect(options.client).catch((error: unknown) => {
          throw new SinkError('eventbridge', todo.length, todo.length, describeError(error), error);
        });
        const outcome = await putWithRetry(api, options, batch);
        if (outcome.failed > 0) {
          failed += outcome.failed;
          lastReason = outcome.reason;
          lastError = outcome.error;
        }
      }
      if (failed > 0) throw new SinkError('eventbridge', failed, todo.length, lastReason, lastError);
    },
  };
}

export function toEntry(f: Finding, eventBusName: string): PutEventsRequestEntry {
  const payload = alertPayload(f);
  return {
    EventBusName: eventBusName,
    Source: EVENT_SOURCE,
    DetailType: EVENT_DETAIL_TYPE,
    Detail: escapeInvisibleInJson(JSON.stringify(payload)),
    ...(payload.role === undefined ? {} : { Resources: [truncate(payload.role.arn, MAX_ARN_CHARS)] }),
  };
}

/** EventBridge counts the UTF-8 bytes of these fields (and 14 for `Time`). */
const entrySize = (e: PutEventsRequestEntry): number =>
  [e.Source, e.DetailType, e.Detail, ...(e.Resources ?? [])].reduce(
    (n, s) => n + (s === undefined ? 0 : Buffer.byteLength(s, 'utf8')),
    14,
  );

type Api = Awaited<ReturnType<typeof connect>>;

/** Loads the SDK on the first send rather than when the bundle is imported, to keep cold starts short. */
async function connect(source: ClientSource<EventBridgeClient>) {
  const [client, { PutEventsCommand }] = await Promise.all([
    resolveClient(source),
    import('@aws-sdk/client-eventbridge'),
  ]);
  return { client, PutEventsCommand };
}

async function putWithRetry(
  { client, PutEventsCommand }: Api,
  options: EventBridgeSinkOptions,
  batch: readonly PutEventsRequestEntry[],
): Promise<{ failed: number; reason: string; error?: unknown }> {
  let pending = [...batch];
  const rejected: string[] = [];
  try {
    await withRetry(async () => {
      const out = await client.send(new PutEventsCommand({ Entries: pending }));
      if ((out.FailedEntryCount ?? 0) === 0) {
        pending = [];
        return;
      }
      const results: readonly (PutEventsResultEntry | undefined)[] = out.Entries ?? [];
      const retry: PutEventsRequestEntry[] = [];
      const codes = new Set<string>();
      pending.forEach((entry, i) => {
        const result = results[i];
        // A missing result entry cannot be told apart from a failure: send it again.
        const code = result === undefined ? 'NoResultEntry' : result.ErrorCode;
        if (code === undefined) return;
        if (PERMANENT_ENTRY_ERROR.test(code)) rejected.push(code);
        else {
          retry.push(entry);
          codes.add(code);
        }
      });
      pending = retry;
      if (pending.length > 0) {
        throw new RetryableError(`${pending.length} entries failed (${[...codes].join(', ')})`);
      }
    }, options.retry);
  } catch (error) {
    const failed = pending.length + rejected.length;
    return { failed, reason: `${failed} entries not accepted: ${describeError(error)}`, error };
  }
  if (rejected.length > 0) {
    return { failed: rejected.length, reason: `entries rejected: ${[...new Set(rejected)].join(', ')}` };
  }
  return { failed: 0, reason: '' };
}
