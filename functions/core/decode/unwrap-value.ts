import { Buffer } from 'node:buffer';
import type { SourceLocation } from '../model/location.ts';
import { bytesToText } from './bytes-to-text.ts';
import type { DecodedItem } from './decoded-item.ts';
import { inputErrorItem } from './decoded-item.ts';
import { DecompressionBudget } from './decompression-budget.ts';
import { parseEmbeddedJson } from './embedded-json.ts';
import { gunzip, isGzip } from './gunzip.ts';
import { MAX_INPUT_BYTES, sharedLimitMessage, tooLargeMessage } from './input-limits.ts';
import { childLocation, joinPath } from './location-path.ts';
import { type PlannedMessage, planLogsPayload } from './logs-payload-plan.ts';
import { isSkippableMessage } from './skippable-message.ts';

/** Envelopes inside envelopes (an array of EventBridge events in a log message…) stop here. */
const MAX_DEPTH = 8;

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

type RecordObject = JsonObject & { readonly eventSource: string; readonly eventName: string };

const isCloudTrailRecord = (v: unknown): v is RecordObject =>
  isObject(v) && typeof v.eventSource === 'string' && typeof v.eventName === 'string';

/**
 * A CloudTrail Insights record (`CloudTrail-Insight/` objects, EventBridge "AWS Insight via CloudTrail"):
 * it describes unusual API activity, not a call, and has no `eventSource`/`eventName` of its own.
 */
const isInsightRecord = (v: JsonObject): boolean =>
  isObject(v.insightDetails) && (v.eventType === 'AwsCloudTrailInsight' || v.eventCategory === 'Insight');

/**
 * Finds the CloudTrail records in an already-parsed JSON value of any accepted shape (CONTRACT §1):
 * a record, a `{"Records": [...]}` log file, an EventBridge event, a CloudWatch Logs subscription
 * payload (encoded or decoded), a LookupEvents result or entry, or an array of any of these.
 * Anything else is an error item at its location; nothing is thrown or silently dropped.
 *
 * @example
 * for (const item of unwrapValue(lambdaEvent, { file: 'event' })) {
 *   if (item.kind === 'record') handle(item.record);
 * }
 */
export function unwrapValue(
  value: unknown,
  location: SourceLocation,
  options: UnwrapOptions = {},
): Iterable<DecodedItem> {
  const budget = options.budget ?? new DecompressionBudget(MAX_INPUT_BYTES);
  return unwrapAt(value, location, 0, { skip: options.skipMessages === true, budget });
}

/** What every level of unwrapping shares: the parse mode and the input's decompression allowance. */
interface UnwrapContext {
  readonly skip: boolean;
  readonly budget: DecompressionBudget;
}

export interface UnwrapOptions {
  /**
   * JSON texts carried in strings (CloudWatch Logs messages, LookupEvents `CloudTrailEvent`) that are one
   * record naming no candidate call are counted as skipped without being parsed ({@link isSkippableMessage}):
   * selective parsing. Default false: every message is parsed.
   */
  readonly skipMessages?: boolean;
  /**
   * The decompression allowance of the input this value came from, shared by every call for that input
   * (the values of one JSON Lines file); a fresh one of MAX_INPUT_BYTES when not given.
   */
  readonly budget?: DecompressionBudget;
}

/**
 * Whether selective unwrapping counts the JSON text `text`, found at `depth`, as a skipped record without
 * parsing it: one level deeper is where it would be unwrapped, and past MAX_DEPTH that is an error, not a
 * record.
 */
const skippable = (text: string, depth: number, skip: boolean): boolean =>
  skip && depth < MAX_DEPTH && isSkippableMessage(text);

/** One message counted as a skipped record. */
const SKIPPED_MESSAGE: DecodedItem = Object.freeze({ kind: 'skipped', count: 1 });

function* unwrapAt(
  value: unknown,
  loc: SourceLocation,
  depth: number,
  ctx: UnwrapContext,
): Generator<DecodedItem> {
  if (depth > MAX_DEPTH) {
    yield shapeError(`envelopes nested more than ${MAX_DEPTH} deep`, loc);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      const at = childLocation(loc, `[${i}]`);
      if (isCloudTrailRecord(element)) yield { kind: 'record', record: element, location: at };
      else yield* unwrapAt(element, at, depth + 1, ctx);
    }
    return;
  }
  if (!isObject(value)) {
    yield shapeError(`${describe(value)} is not a CloudTrail record`, loc);
    return;
  }
  if (isCloudTrailRecord(value)) {
    yield { kind: 'record', record: value, location: loc };
    return;
  }
  if (isInsightRecord(value)) yield { kind: 'insight', location: loc };
  else if ('Records' in value) yield* logFileRecords(value.Records, loc);
  else if ('awslogs' in value) yield* awslogsEnvelope(value.awslogs, loc, depth, ctx);
  else if (Array.isArray(value.logEvents)) yield* logsPayload(value, loc, depth, ctx);
  else if ('Events' in value) yield* lookupEvents(value.Events, loc, depth, ctx);
  else if ('CloudTrailEvent' in value) {
    yield* cloudTrailEvent(value.CloudTrailEvent, childLocation(loc, 'CloudTrailEvent'), depth, ctx);
  } else if (typeof value['detail-type'] === 'string') yield* eventBridgeEvent(value, loc, depth, ctx);
  else if ('digestStartTime' in value && 'logFiles' in value) yield { kind: 'digest', location: loc };
  else yield shapeError(unknownObjectMessage(value), loc);
}

/** S3 delivery format. The hot path for large scans: no copying, one location object per record. */
function* logFileRecords(records: unknown, loc: SourceLocation): Generator<DecodedItem> {
  if (!Array.isArray(records)) {
    yield shapeError(`"Records" is ${describe(records)}, not an array of CloudTrail records`, loc);
    return;
  }
  const prefix = joinPath(loc.path, 'Records');
  const locate = recordLocator(loc.file, loc.line);
  for (let i = 0; i < records.length; i++) yield logFileElement(records[i], locate(`${prefix}[${i}]`));
}

/** What one element of a log file's `Records` array is: a record, an Insights record, or an error. */
export function logFileElement(record: unknown, location: SourceLocation): DecodedItem {
  if (isCloudTrailRecord(record)) return { kind: 'record', record, location };
  if (isObject(record) && isInsightRecord(record)) return { kind: 'insight', location };
  return shapeError(
    `${describe(record)} in "Records" is not a CloudTrail record${missingKeys(record)}`,
    location,
  );
}

/**
 * Makes the location of each record of a log file as an object literal: spreading a base object into
 * every location cost more than all the rest of this loop, and a literal also gives them one shape.
 */
export function recordLocator(
  file: string | undefined,
  line: number | undefined,
): (path: string) => SourceLocation {
  if (line === undefined) return file === undefined ? (path) => ({ path }) : (path) => ({ file, path });
  return file === undefined ? (path) => ({ line, path }) : (path) => ({ file, line, path });
}

function* eventBridgeEvent(
  event: JsonObject,
  loc: SourceLocation,
  depth: number,
  ctx: UnwrapContext,
): Generator<DecodedItem> {
  const detailType = String(event['detail-type']);
  if (!detailType.endsWith('via CloudTrail')) {
    yield shapeError(
      `an EventBridge event of detail-type ${quote(detailType)} carries no CloudTrail record`,
      loc,
    );
    return;
  }
  if (!isObject(event.detail)) {
    yield shapeError(`an EventBridge CloudTrail event whose "detail" is ${describe(event.detail)}`, loc);
    return;
  }
  yield* unwrapAt(event.detail, childLocation(loc, 'detail'), depth + 1, ctx);
}

/** `{"awslogs": {"data": base64(gzip(payload))}}`, as CloudWatch Logs invokes a subscribed Lambda. */
function* awslogsEnvelope(
  awslogs: unknown,
  loc: SourceLocation,
  depth: number,
  ctx: UnwrapContext,
): Generator<DecodedItem> {
  const dataLoc = childLocation(loc, 'awslogs.data');
  if (!isObject(awslogs) || typeof awslogs.data !== 'string') {
    yield shapeError('"awslogs" has no "data" string', childLocation(loc, 'awslogs'));
    return;
  }
  const compressed = Buffer.from(awslogs.data, 'base64');
  if (!isGzip(compressed)) {
    yield inputErrorItem('gzip', 'awslogs.data is not base64-encoded gzip data', dataLoc);
    return;
  }
  const { budget } = ctx;
  const bytes = gunzip(compressed, budget.left);
  if (!bytes.ok) {
    const shared = budget.spent && bytes.error === tooLargeMessage(budget.left, true);
    const reason = shared ? sharedLimitMessage(budget.limit) : bytes.error;
    yield inputErrorItem('gzip', `awslogs.data: ${reason}`, dataLoc);
    return;
  }
  budget.spend(bytes.value.length);
  // Selective: a plain data message is planned from its bytes, never parsed as a whole.
  const plan = ctx.skip && depth + 1 < MAX_DEPTH ? planLogsPayload(bytes.value) : undefined;
  if (plan !== undefined) {
    yield* plannedMessages(plan, loc, depth + 1, ctx);
    return;
  }
  const text = bytesToText(bytes.value);
  if (!text.ok) {
    yield inputErrorItem('json', `awslogs.data is ${text.error.message}`, dataLoc);
    return;
  }
  const payload = parseEmbeddedJson(text.value, 'awslogs.data', dataLoc);
  if (!payload.ok) {
    yield payload.error;
    return;
  }
  // Paths inside the payload read as `logEvents[2].message`, as if it had arrived decoded.
  yield* unwrapAt(payload.value, loc, depth + 1, ctx);
}

/** A decoded CloudWatch Logs payload: `{"messageType", "logGroup", "logEvents": [{"message", …}]}`. */
function* logsPayload(
  payload: JsonObject,
  loc: SourceLocation,
  depth: number,
  ctx: UnwrapContext,
): Generator<DecodedItem> {
  if (payload.messageType === 'CONTROL_MESSAGE') {
    yield { kind: 'control', location: loc };
    return;
  }
  const events = payload.logEvents as unknown[];
  for (let i = 0; i < events.length; i++) {
    const event: unknown = events[i];
    if (!isObject(event) || typeof event.message !== 'string') {
      yield shapeError(
        'a CloudWatch Logs event without a "message" string',
        childLocation(loc, `logEvents[${i}]`),
      );
      continue;
    }
    yield* logMessage(event.message, i, loc, depth, ctx);
  }
}

/** The messages of a payload that {@link planLogsPayload} planned: what {@link logsPayload} gives. */
function* plannedMessages(
  plan: readonly PlannedMessage[],
  loc: SourceLocation,
  depth: number,
  ctx: UnwrapContext,
): Generator<DecodedItem> {
  for (const m of plan) {
    if (m.kind === 'skipped') yield SKIPPED_MESSAGE;
    else yield* logMessage(m.text, m.index, loc, depth, ctx, m.checked);
  }
}

/**
 * The text of log event `index`'s message: counted as skipped, or parsed and unwrapped. `checked`: the
 * scanner already found that it is not skippable.
 */
function* logMessage(
  text: string,
  index: number,
  loc: SourceLocation,
  depth: number,
  ctx: UnwrapContext,
  checked = false,
): Generator<DecodedItem> {
  if (!checked && skippable(text, depth, ctx.skip)) {
    yield SKIPPED_MESSAGE;
    return;
  }
  const at = childLocation(loc, `logEvents[${index}].message`);
  const parsed = parseEmbeddedJson(text, 'the log message', at);
  if (!parsed.ok) yield parsed.error;
  else yield* unwrapAt(parsed.value, at, depth + 1, ctx);
}

/** `aws cloudtrail lookup-events` output: `{"Events": [{"EventId", …, "CloudTrailEvent": "<json>"}]}`. */
function* lookupEvents(
  events: unknown,
  loc: SourceLocation,
  depth: number,
  ctx: UnwrapContext,
): Generator<DecodedItem> {
  if (!Array.isArray(events)) {
    yield shapeError(`"Events" is ${describe(events)}, not a LookupEvents list`, loc);
    return;
  }
  for (let i = 0; i < events.length; i++) {
    const entry: unknown = events[i];
    const at = childLocation(loc, `Events[${i}]`);
    if (isObject(entry) && 'CloudTrailEvent' in entry) {
      yield* cloudTrailEvent(entry.CloudTrailEvent, childLocation(at, 'CloudTrailEvent'), depth, ctx);
    } else {
      yield shapeError(`${describe(entry)} in "Events" is not a LookupEvents entry (no CloudTrailEvent)`, at);
    }
  }
}

function* cloudTrailEvent(
  raw: unknown,
  at: SourceLocation,
  depth: number,
  ctx: UnwrapContext,
): Generator<DecodedItem> {
  if (isObject(raw)) {
    // Some SDK wrappers hand the event over already parsed.
    yield* unwrapAt(raw, at, depth + 1, ctx);
    return;
  }
  if (typeof raw !== 'string') {
    yield shapeError(`CloudTrailEvent is ${describe(raw)}, not a JSON string`, at);
    return;
  }
  if (skippable(raw, depth, ctx.skip)) {
    yield SKIPPED_MESSAGE;
    return;
  }
  const parsed = parseEmbeddedJson(raw, 'CloudTrailEvent', at);
  if (!parsed.ok) yield parsed.error;
  else yield* unwrapAt(parsed.value, at, depth + 1, ctx);
}

function unknownObjectMessage(value: JsonObject): string {
  if ('eventSource' in value || 'eventName' in value) {
    return `not a CloudTrail record: eventSource and eventName must both be strings${missingKeys(value)}`;
  }
  return (
    `${describe(value)} is neither a CloudTrail record (eventSource, eventName) nor a known envelope ` +
    '(Records, detail-type/detail, awslogs, logEvents, Events, CloudTrailEvent)'
  );
}

function missingKeys(value: unknown): string {
  if (!isObject(value)) return '';
  const missing = ['eventSource', 'eventName'].filter((k) => typeof value[k] !== 'string');
  return missing.length === 0 ? '' : ` (no ${missing.join(' or ')} string)`;
}

const shapeError = (message: string, location: SourceLocation): DecodedItem =>
  inputErrorItem('shape', message, location);

const MAX_KEYS_SHOWN = 5;

/** A short description of a JSON value that names its type and top-level keys, never its values. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return 'an empty object';
    const shown = keys.slice(0, MAX_KEYS_SHOWN).map(quote).join(', ');
    return `an object with keys ${shown}${keys.length > MAX_KEYS_SHOWN ? ', …' : ''}`;
  }
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

/**
 * A key as an error message shows it: quoted and cut at 40 characters, or only its length when it holds a
 * base64 run long enough to be a session token or secret key (a key is record content like any value).
 */
const quote = (s: string): string =>
  /[A-Za-z0-9+/=]{32,}/.test(s)
    ? `(a key of ${s.length} characters, not shown)`
    : JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
