import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadTrustFile } from '../../adapters/config/load-trust-file.ts';
import { decodeBytes } from '../../core/decode/decode-bytes.ts';
import { createEngine } from '../../core/engine/create-engine.ts';
import { explainEvent, type RecordExplanation } from '../../core/explain/explain-event.ts';
import { markSharedCopies } from '../../core/explain/shared-copies.ts';
import type { InputError } from '../../core/model/input-error.ts';
import { formatLocation } from '../../core/model/location.ts';
import { normalizeRecord } from '../../core/normalize/normalize-record.ts';
import {
  type NotJudgedRecord,
  renderExplanationJson,
  renderExplanationTable,
} from '../../core/render/render-explanation.ts';
import { terminalSafe } from '../../core/render/terminal-safe.ts';
import { scrubSecrets } from '../../core/text/scrub-secrets.ts';
import { configIssueText } from '../config-issue-text.ts';
import type { Io } from '../io.ts';
import { choiceOption, parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';
import type { Verb } from './verb.ts';

const FORMATS = ['table', 'json'] as const;
/** A RECORD is meant to hold one record; a whole log file is explained up to this many. */
const MAX_EXPLAINED = 100;

async function readRecordBytes(source: string, io: Io): Promise<Uint8Array> {
  if (source === '-') return io.readStdin();
  try {
    return await readFile(source);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`no such file: ${terminalSafe(source)}`);
    if (code === 'EISDIR')
      throw new UsageError(`${terminalSafe(source)} is a folder: name a file holding one record`);
    throw e;
  }
}

/**
 * `rolewatch explain --config FILE RECORD` (CONTRACT §5): for one record (a file, or `-`), which trust
 * entry applied and which later entries it shadows for the role, and every rule's verdict with its reason.
 * Exit 0; 2 for usage or trust-file errors, or when RECORD holds no record to explain.
 */
async function run(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    config: { type: 'string', short: 'c' },
    format: { type: 'string', short: 'f', default: 'table' },
  });
  const format = choiceOption('--format', values.format, FORMATS);
  const [source, ...extra] = positionals;
  if (source === undefined || extra.length > 0) {
    throw new UsageError(
      'explain takes one RECORD: a file holding one CloudTrail record, or - for standard input',
    );
  }
  const configFile = values.config ?? (existsSync('rolewatch.yaml') ? 'rolewatch.yaml' : undefined);
  if (configFile === undefined) {
    throw new UsageError(
      'explain needs --config FILE (the trust file to judge against), or a ./rolewatch.yaml',
    );
  }
  const trust = await loadTrustFile({ kind: 'file', path: configFile }, { now: io.now() });
  if (!trust.ok) {
    for (const issue of trust.error) io.stderr(`${configIssueText(issue)}\n`);
    io.stderr(`rolewatch: the trust file has ${trust.error.length} error(s); nothing was explained.\n`);
    return 2;
  }
  for (const w of trust.value.warnings) io.stderr(`warning: ${configIssueText(w)}\n`);
  const { config } = trust.value;
  const engine = createEngine({ config, now: io.now });
  const name = source === '-' ? '<stdin>' : source;

  const explanations: RecordExplanation[] = [];
  const notJudged: NotJudgedRecord[] = [];
  const errors: InputError[] = [];
  let more = 0;
  for (const item of decodeBytes(await readRecordBytes(source, io), name)) {
    if (item.kind === 'error') errors.push(item.error);
    if (item.kind !== 'record') continue;
    const outcome = normalizeRecord(item.record, item.location);
    if (outcome.kind === 'error') errors.push(outcome.error);
    else if (outcome.kind === 'skipped') {
      notJudged.push({
        location: formatLocation(item.location),
        eventSource: outcome.eventSource,
        eventName: outcome.eventName,
      });
    } else if (explanations.length < MAX_EXPLAINED)
      explanations.push(explainEvent(engine, config, outcome.event));
    else more++;
  }
  const report = { explanations: markSharedCopies(explanations), notJudged, errors };
  // Record text (user agents, error messages, forged ARNs) may carry a credential: scrubbed, as in scan.
  io.stdout(
    scrubSecrets(
      format === 'json' ? renderExplanationJson(report) : renderExplanationTable(report, io.columns),
    ),
  );
  if (more > 0) {
    io.stderr(
      `rolewatch: note: ${more} more record(s) not explained; explain takes one record, at most ${MAX_EXPLAINED}.\n`,
    );
  }
  if (explanations.length === 0 && notJudged.length === 0) {
    io.stderr(`rolewatch: ${terminalSafe(name)} holds no CloudTrail record to explain.\n`);
    return 2;
  }
  return 0;
}

export const explain: Verb = { name: 'explain', run };
