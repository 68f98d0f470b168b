import type { DecodedItem } from '../decode/decoded-item.ts';
import type { Engine } from '../engine/create-engine.ts';
import type { CredentialEvent } from '../model/credential-event.ts';
import type { Finding } from '../model/finding.ts';
import type { InputError } from '../model/input-error.ts';
import { normalizeRecord } from '../normalize/normalize-record.ts';
import { FindingSet } from './finding-set.ts';
import { bump, emptySummary, type ScanSummary } from './scan-summary.ts';

export interface JudgeHooks {
  onEvent?(event: CredentialEvent, findings: readonly Finding[]): void;
  onError?(error: InputError): void;
}

export interface JudgeTally {
  records: number;
  credentialEvents: number;
  skipped: number;
  control: number;
  malformed: number;
}

/**
 * Runs decoded items through normalize → evaluate. Input errors are counted and kept (up to
 * `maxErrors`; the count stays exact), never thrown. The caller owns the FindingSet so that results
 * can accumulate across files.
 */
export function judgeInto(
  items: Iterable<DecodedItem>,
  engine: Engine,
  findings: FindingSet,
  summary: ScanSummary,
  errors: InputError[],
  options: { maxErrors?: number; hooks?: JudgeHooks } = {},
): void {
  const maxErrors = options.maxErrors ?? Number.POSITIVE_INFINITY;
  const hooks = options.hooks;
  const keepError = (e: InputError): void => {
    summary.malformed++;
    if (errors.length < maxErrors) errors.push(e);
    hooks?.onError?.(e);
  };
  for (const item of items) {
    if (item.kind === 'error') {
      keepError(item.error);
      continue;
    }
    if (item.kind === 'control') {
      summary.controlMessages++;
      continue;
    }
    if (item.kind === 'digest') {
      summary.digestFiles++;
      continue;
    }
    const outcome = normalizeRecord(item.record, item.location);
    if (outcome.kind === 'skipped') {
      summary.records++;
      summary.skipped++;
      continue;
    }
    if (outcome.kind === 'error') {
      keepError(outcome.error);
      continue;
    }
    const event = outcome.event;
    summary.records++;
    summary.credentialEvents++;
    bump(summary.byEventName, event.eventName);
    for (const gap of event.gaps) bump(summary.gaps, gap);
    const judged = engine.judge(event);
    findings.addJudged(event, judged);
    hooks?.onEvent?.(event, judged);
  }
}

/** Input errors {@link judgeItems} returns at most; `tally.malformed` stays exact. */
export const MAX_KEPT_ERRORS = 1000;

/** One-shot form for Lambda handlers: judge a batch of decoded items. */
export function judgeItems(
  items: Iterable<DecodedItem>,
  engine: Engine,
  hooks?: JudgeHooks,
): { findings: Finding[]; errors: InputError[]; tally: JudgeTally } {
  const set = new FindingSet();
  const summary = emptySummary();
  const errors: InputError[] = [];
  // A corrupt object can hold millions of bad lines: keep a sample (hooks see every one; tally counts all).
  judgeInto(items, engine, set, summary, errors, {
    maxErrors: MAX_KEPT_ERRORS,
    ...(hooks === undefined ? {} : { hooks }),
  });
  return {
    findings: set.sorted(),
    errors,
    tally: {
      records: summary.records,
      credentialEvents: summary.credentialEvents,
      skipped: summary.skipped,
      control: summary.controlMessages,
      malformed: summary.malformed,
    },
  };
}
