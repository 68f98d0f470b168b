import { decodeBytes, type ParseMode } from '../decode/decode-bytes.ts';
import type { DecodedItem } from '../decode/decoded-item.ts';
import type { DecodeLimits } from '../decode/input-limits.ts';
import { unwrapValue } from '../decode/unwrap-value.ts';
import type { Engine } from '../engine/create-engine.ts';
import type { CredentialEvent } from '../model/credential-event.ts';
import type { Finding } from '../model/finding.ts';
import type { InputError } from '../model/input-error.ts';
import { normalizeRecord } from '../normalize/normalize-record.ts';
import type { InputChunk } from './input-chunk.ts';
import type { InputResult } from './input-result.ts';
import { inPeriod, type Period } from './period.ts';
import { bump } from './scan-counts.ts';
import type { Tap } from './tap.ts';

export interface JudgeOptions {
  /** Input errors kept in the result (the earliest); `counts.malformed` counts them all. */
  readonly maxErrors: number;
  /** Reducers to run over the judged events (see {@link Tap}). */
  readonly taps?: readonly Tap[];
  /** Credential events outside it are counted (`outsidePeriod`), not judged. */
  readonly period?: Period;
  /**
   * `selective` (the default) parses only the records that can matter; `full` parses every record, as
   * rolewatch did before selective parsing (`scan --parse full`). Same result either way.
   */
  readonly parse?: ParseMode;
  /** Bounds on one input (default: DEFAULT_LIMITS, documented in the README); tests lower them. */
  readonly limits?: DecodeLimits;
}

/**
 * Judges one input — bytes and the name it is known by — into a result value: decode (gzip, any
 * accepted shape) → normalize → evaluate. Never throws for bad input: errors are values in the result.
 *
 * @example
 * const result = judgeInput({ name: 'trail/file.json.gz', bytes }, engine, { maxErrors: 1000 });
 */
export function judgeInput(input: InputChunk, engine: Engine, options: JudgeOptions): InputResult {
  const decoded = decodeBytes(input.bytes, input.name, {
    parse: options.parse ?? 'selective',
    maxErrors: options.maxErrors,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });
  return judgeDecoded(decoded, engine, options, 1);
}

/**
 * Judges the decoded items of one input that a source decoded itself — an S3 object read selectively
 * as it streams (`SelectiveStream`) — exactly as {@link judgeInput} judges bytes.
 */
export function judgeDecodedInput(
  items: Iterable<DecodedItem>,
  engine: Engine,
  options: JudgeOptions,
): InputResult {
  return judgeDecoded(items, engine, options, 1);
}

/**
 * Judges an already-parsed JSON value of any accepted shape (a Lambda event: a CloudWatch Logs
 * subscription, an EventBridge event), known by `name` in locations. Counts no file.
 */
export function judgeValue(value: unknown, name: string, engine: Engine, options: JudgeOptions): InputResult {
  // Selective (the default): CloudWatch Logs messages naming no candidate call are counted, not parsed.
  const skipMessages = (options.parse ?? 'selective') === 'selective';
  return judgeDecoded(unwrapValue(value, { file: name }, { skipMessages }), engine, options, 0);
}

/**
 * Only a call that crosses accounts is logged twice. AWS service sessions also carry a sharedEventID, so
 * remembering every sharedEventID would make memory grow with the trail; remembering only the caller
 * copies of cross-account calls keeps it proportional to those.
 */
function isCrossAccountCallerCopy(event: CredentialEvent): boolean {
  const { actor, role } = event;
  if (actor.type === 'AWSAccount' || actor.accountId === undefined) return false;
  const target = role?.accountId ?? event.recipientAccountId;
  return target !== undefined && target !== actor.accountId;
}

function judgeDecoded(
  items: Iterable<DecodedItem>,
  engine: Engine,
  options: JudgeOptions,
  files: number,
): InputResult {
  const taps = options.taps ?? [];
  const accs = taps.map((t) => t.create());
  const findings: Finding[] = [];
  const errors: InputError[] = [];
  const resolved: string[] = [];
  const byEventName: Record<string, number> = {};
  const gaps: Record<string, number> = {};
  let records = 0;
  let credentialEvents = 0;
  let trustPolicyEvents = 0;
  let skipped = 0;
  let outsidePeriod = 0;
  let controlMessages = 0;
  let digestFiles = 0;
  let insightRecords = 0;
  let malformed = 0;
  const keepError = (e: InputError): void => {
    malformed++;
    if (errors.length < options.maxErrors) errors.push(e);
  };

  for (const item of items) {
    if (item.kind === 'skipped') {
      // Records that selective parsing counted without parsing: none is a call rolewatch judges.
      records += item.count;
      skipped += item.count;
      continue;
    }
    if (item.kind === 'error') {
      keepError(item.error);
      continue;
    }
    if (item.kind === 'insight') {
      insightRecords++;
      continue;
    }
    if (item.kind === 'control') {
      controlMessages++;
      continue;
    }
    if (item.kind === 'digest') {
      digestFiles++;
      continue;
    }
    const outcome = normalizeRecord(item.record, item.location);
    if (outcome.kind === 'skipped') {
      records++;
      skipped++;
      continue;
    }
    if (outcome.kind === 'error') {
      keepError(outcome.error);
      continue;
    }
    if (outcome.kind === 'trust-policy') {
      // IAM changes of a role's trust: judged by their own rules, counted apart, never given to taps
      // (which reduce credential-issuing calls).
      records++;
      if (!inPeriod(options.period, outcome.event.eventTimeMs)) {
        outsidePeriod++;
        continue;
      }
      trustPolicyEvents++;
      for (const f of engine.judge(outcome.event)) findings.push(f);
      continue;
    }
    const event = outcome.event;
    records++;
    if (!inPeriod(options.period, event.eventTimeMs)) {
      outsidePeriod++;
      continue;
    }
    credentialEvents++;
    bump(byEventName, event.eventName);
    for (const gap of event.gaps) bump(gaps, gap);
    const judged = engine.judge(event);
    if (event.sharedEventId !== undefined && isCrossAccountCallerCopy(event))
      resolved.push(event.sharedEventId);
    for (const f of judged) findings.push(f);
    for (let i = 0; i < taps.length; i++) taps[i]!.onEvent(accs[i], event, judged);
  }

  const tapResults: Record<string, unknown> = {};
  for (let i = 0; i < taps.length; i++) tapResults[taps[i]!.id] = accs[i];
  return {
    counts: {
      files,
      records,
      credentialEvents,
      trustPolicyEvents,
      skipped,
      outsidePeriod,
      controlMessages,
      digestFiles,
      // An input of Insights records is one Insights file, however many records it holds.
      insightFiles: insightRecords > 0 ? 1 : 0,
      ignoredFiles: 0,
      malformed,
      byEventName,
      gaps,
    },
    findings,
    errors,
    resolved,
    taps: tapResults,
  };
}
