import type {
  EventBridgeClient,
  PutEventsRequestEntry,
  PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import * as z from 'zod/mini';
import '../../core/model/zod-setup.ts';
import type { Finding } from '../../core/model/finding.ts';
import { ok, type Result } from '../../core/model/result.ts';
import type { Severity } from '../../core/model/severity.ts';
import { jsonSafe } from '../../core/render/json-safe.ts';
import { describeError } from '../describe-error.ts';
import { type ClientSource, lazily, resolveClient } from '../lazy-client.ts';
import type { RetryOptions } from '../retry.ts';
import { EVENT_BUS_NAME_OR_ARN } from '../settings/aws-names.ts';
import { type Env, parseEnvSettings, patternSetting } from '../settings/setting.ts';
import { alertPayloadWithin, MAX_ARN_CHARS, truncate } from './alert-payload.ts';
import { type AlertSink, alertable, chunkBySize, type SinkContext, SinkError } from './alert-sink.ts';
import { sendBatchWithRetry } from './batch-with-retry.ts';

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
/**
 * The entries of one PutEvents call, sized as {@link entrySize} does, must total less than 256 KB
 * ("The total entry size must be less than 256KB", Calculating PutEvents event entry size, EventBridge
 * User Guide); a request over it fails as a whole.
 */
export const PUT_EVENTS_MAX_REQUEST_BYTES = 256 * 1024;

/** The eventbridge sink's environment: the bus (required). */
export const EventBridgeSinkSettingsSchema = z.object({
  ROLEWATCH_EVENT_BUS_NAME: patternSetting(
    EVENT_BUS_NAME_OR_ARN,
    'an event bus name or ARN',
    'required by the eventbridge sink',
  ),
});

/** The eventbridge sink from its environment; the client is created on the first send. */
export function eventBridgeSinkFromEnv(
  env: Env,
  context: SinkContext,
  client?: EventBridgeClient,
): Result<AlertSink, string[]> {
  const settings = parseEnvSettings(EventBridgeSinkSettingsSchema, env);
  if (!settings.ok) return settings;
  return ok(
    createEventBridgeSink({
      client:
        client ??
        lazily(
          async () =>
            new (await import('@aws-sdk/client-eventbridge')).EventBridgeClient(context.clientConfig),
        ),
      eventBusName: settings.value.ROLEWATCH_EVENT_BUS_NAME,
      minSeverity: context.minSeverity,
      retry: context.retry,
    }),
  );
}

/** Entry error codes that will fail the same way however often they are sent. */
const PERMANENT_ENTRY_ERROR = /Malformed|Invalid|Validation|AccessDenied|NotAuthorized|TooLarge|NotFound/i;

/**
 * One event per finding on a named bus: `source` `rolewatch`, `detail-type` `rolewatch finding`,
 * `detail` the finding JSON, `resources` the role ARN. Calls carry at most 10 entries totalling less
 * than 256 KB; when a call reports `FailedEntryCount`, only the failed entries are sent again.
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
      // Which finding each entry carries, and those not delivered: a re-drive sends only these.
      const findingOf = new Map<PutEventsRequestEntry, string>();
      const notDelivered = new Set<string>();
      for (const f of todo) {
        const entry = toEntry(f, options.eventBusName);
        if (entrySize(entry) >= PUT_EVENTS_MAX_REQUEST_BYTES) {
          failed++;
          lastReason = 'entry larger than 256 KB';
          notDelivered.add(f.id);
        } else {
          entries.push(entry);
          findingOf.set(entry, f.id);
        }
      }
      let api: Api | undefined;
      for (const batch of chunkBySize(
        entries,
        PUT_EVENTS_MAX_ENTRIES,
        PUT_EVENTS_MAX_REQUEST_BYTES,
        entrySize,
      )) {
        api ??= await connect(options.client).catch((error: unknown) => {
          throw new SinkError('eventbridge', todo.length, todo.length, describeError(error), error);
        });
        const outcome = await putEvents(api, options, batch);
        if (outcome.failed > 0) {
          failed += outcome.failed;
          lastReason = outcome.reason;
          lastError = outcome.error;
          for (const entry of outcome.notDelivered) notDelivered.add(findingOf.get(entry) ?? '');
        }
      }
      if (failed > 0) {
        const delivered = todo.map((f) => f.id).filter((id) => !notDelivered.has(id));
        throw new SinkError('eventbridge', failed, todo.length, lastReason, lastError, delivered);
      }
    },
  };
}

/** Room left in an entry for `Detail` besides Source, DetailType, Time and a role ARN in `Resources`. */
const MAX_DETAIL_BYTES = PUT_EVENTS_MAX_REQUEST_BYTES - 8 * 1024;

export function toEntry(f: Finding, eventBusName: string): PutEventsRequestEntry {
  const payload = alertPayloadWithin(f, MAX_DETAIL_BYTES);
  return {
    EventBusName: eventBusName,
    Source: EVENT_SOURCE,
    DetailType: EVENT_DETAIL_TYPE,
    Detail: jsonSafe(JSON.stringify(payload)),
    ...(payload.role === undefined ? {} : { Resources: [truncate(payload.role.arn, MAX_ARN_CHARS)] }),
  };
}

/**
 * An entry's size as EventBridge counts it: the UTF-8 bytes of `Source`, `DetailType`, `Detail` and each
 * of `Resources`, plus 14 for `Time` (counted although the sink sets no `Time`: a margin).
 */
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

/** PutEvents answers with one result entry per request entry, in order; an `ErrorCode` marks a failure. */
function putEvents(
  { client, PutEventsCommand }: Api,
  options: EventBridgeSinkOptions,
  batch: readonly PutEventsRequestEntry[],
) {
  return sendBatchWithRetry(batch, {
    async send(pending) {
      const out = await client.send(new PutEventsCommand({ Entries: [...pending] }));
      if ((out.FailedEntryCount ?? 0) === 0) return [];
      const results: readonly (PutEventsResultEntry | undefined)[] = out.Entries ?? [];
      // A missing result entry cannot be told apart from a failure: send it again.
      return pending.map((_, i) => {
        const result = results[i];
        return result === undefined ? 'NoResultEntry' : result.ErrorCode;
      });
    },
    permanent: PERMANENT_ENTRY_ERROR,
    noun: 'entries',
    verb: 'accepted',
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  });
}
