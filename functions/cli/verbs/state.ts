import { acquireLock } from '../../adapters/state/file-lock.ts';
import { MemoryStateStore } from '../../adapters/state/memory-store.ts';
import { type LoadedState, readStateFile, writeStateFile } from '../../adapters/state/state-file.ts';
import { StateFileError } from '../../adapters/state/state-file-error.ts';
import { terminalSafe } from '../../core/render/terminal-safe.ts';
import { actorKeyOf } from '../../core/state/actor-key.ts';
import {
  isExpired,
  type PairItem,
  STATE_ITEM_KINDS,
  type StateItem,
  type StateItemKind,
} from '../../core/state/state-item.ts';
import type { Io } from '../io.ts';
import { choiceOption, parseOptions } from '../options.ts';
import { UsageError } from '../usage-error.ts';
import type { Verb } from './verb.ts';

const FORMATS = ['table', 'json'] as const;
/** How long `--prune` waits for a scan that holds the file. */
const PRUNE_LOCK_WAIT_MS = 30_000;

interface KindSummary {
  items: number;
  expired: number;
  /** Epoch ms of the oldest and newest time the items record (first seen / bucket / issued / alerted). */
  oldestMs?: number;
  newestMs?: number;
}

/** The times an item records: pairs first and last seen, a bucket's start, a session's issue, an alert. */
function timesOf(item: StateItem): [number, number] {
  switch (item.kind) {
    case 'pair':
      return [item.firstSeenMs, item.lastSeenMs];
    case 'burst':
      return [item.bucketStartMs, item.bucketStartMs];
    case 'session':
      return [item.link.issuedAtMs, item.link.issuedAtMs];
    case 'alert': {
      const at = item.alertedAtMs ?? item.claim?.atMs ?? item.expiresAtMs;
      return [at, at];
    }
  }
}

function summarizeKinds(items: readonly StateItem[], clockMs: number): Record<StateItemKind, KindSummary> {
  const kinds = Object.fromEntries(STATE_ITEM_KINDS.map((k) => [k, { items: 0, expired: 0 }])) as Record<
    StateItemKind,
    KindSummary
  >;
  for (const item of items) {
    const k = kinds[item.kind];
    k.items++;
    if (isExpired(item, clockMs)) k.expired++;
    const [oldest, newest] = timesOf(item);
    if (k.oldestMs === undefined || oldest < k.oldestMs) k.oldestMs = oldest;
    if (k.newestMs === undefined || newest > k.newestMs) k.newestMs = newest;
  }
  return kinds;
}

const iso = (ms: number | undefined): string => (ms === undefined ? '-' : new Date(ms).toISOString());

/** The pairs of an actor: its key exactly (from an ARN, account id or service name), else a part of it. */
function pairsOf(items: readonly StateItem[], actor: string): PairItem[] {
  const pairs = items.filter((i): i is PairItem => i.kind === 'pair');
  const key = actorKeyOf(actor);
  const exact = key === undefined ? [] : pairs.filter((p) => p.actor === key);
  return exact.length > 0 ? exact : pairs.filter((p) => p.actor.includes(actor));
}

/**
 * `rolewatch state FILE`: what a state file holds (items per kind, expired ones, oldest and newest,
 * size), an actor's pairs (`--pairs ACTOR`), or a pruned file (`--prune`: expired items dropped, the
 * file rewritten atomically under its lock).
 */
export const stateVerb: Verb = {
  name: 'state',
  async run(args, io) {
    // scan's option, out of habit: the state verb takes the file itself.
    if (args.some((a) => a === '--state' || a.startsWith('--state='))) {
      throw new UsageError('state takes the file as its argument: rolewatch state FILE (no --state)');
    }
    const { values, positionals } = parseOptions(args, {
      pairs: { type: 'string' },
      prune: { type: 'boolean', default: false },
      format: { type: 'string', short: 'f', default: 'table' },
    });
    const format = choiceOption('--format', values.format, FORMATS);
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('state takes exactly one state FILE');
    try {
      return await inspect(file, { format, prune: values.prune, pairs: values.pairs }, io);
    } catch (e) {
      if (!(e instanceof StateFileError)) throw e;
      io.stderr(`rolewatch: ${terminalSafe(e.message)}\n`);
      return 2;
    }
  },
};

async function inspect(
  file: string,
  options: { format: (typeof FORMATS)[number]; prune: boolean; pairs: string | undefined },
  io: Io,
): Promise<number> {
  let loaded: LoadedState;
  let pruned: number | undefined;
  let bytes: number;
  if (options.prune) {
    const lock = await acquireLock(file, {
      waitMs: PRUNE_LOCK_WAIT_MS,
      onNote: (line) => io.stderr(`rolewatch: note: ${terminalSafe(line)}\n`),
    });
    try {
      const before = readStateFile(file);
      if (!before.existed) throw new StateFileError(file, 'does not exist');
      const store = new MemoryStateStore({ wallClock: io.now });
      store.load(before.items, before.clockMs);
      pruned = store.prune();
      bytes = writeStateFile(file, store.items(), store.clockMs, new Date(io.now()));
      loaded = { ...before, items: store.items(), bytes };
    } finally {
      lock.release();
    }
  } else {
    loaded = readStateFile(file);
    if (!loaded.existed) throw new StateFileError(file, 'does not exist');
    bytes = loaded.bytes;
  }
  const kinds = summarizeKinds(loaded.items, loaded.clockMs);
  const pairs = options.pairs === undefined ? undefined : pairsOf(loaded.items, options.pairs);

  if (options.format === 'json') {
    io.stdout(
      `${JSON.stringify(
        {
          file,
          version: 1,
          savedAt: loaded.savedAt,
          clock: iso(loaded.clockMs),
          bytes,
          kinds: Object.fromEntries(
            Object.entries(kinds).map(([k, s]) => [
              k,
              {
                items: s.items,
                expired: s.expired,
                oldest: s.oldestMs && iso(s.oldestMs),
                newest: s.newestMs && iso(s.newestMs),
              },
            ]),
          ),
          ...(pruned === undefined ? {} : { pruned }),
          ...(pairs === undefined
            ? {}
            : {
                pairs: pairs.map((p) => ({
                  actor: p.actor,
                  role: p.role,
                  firstSeen: iso(p.firstSeenMs),
                  lastSeen: iso(p.lastSeenMs),
                  learned: p.learned,
                  expires: iso(p.expiresAtMs),
                })),
              }),
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }

  const out: string[] = [];
  out.push(
    `${terminalSafe(file)}: rolewatch state, version 1, ${bytes} bytes, saved ${loaded.savedAt ?? '-'}`,
  );
  out.push(`clock (the latest call judged; expiry is judged by it): ${iso(loaded.clockMs)}`);
  if (pruned !== undefined) out.push(`pruned: ${pruned} expired item(s) dropped`);
  out.push('');
  out.push(`${'kind'.padEnd(9)}${'items'.padStart(8)}${'expired'.padStart(9)}  ${'oldest'.padEnd(25)}newest`);
  for (const [kind, s] of Object.entries(kinds)) {
    out.push(
      `${kind.padEnd(9)}${String(s.items).padStart(8)}${String(s.expired).padStart(9)}  ${iso(s.oldestMs).padEnd(25)}${iso(s.newestMs)}`,
    );
  }
  if (pairs !== undefined) {
    out.push('', `pairs of ${terminalSafe(options.pairs ?? '')} (${pairs.length}):`);
    for (const p of pairs) {
      const learned = p.learned ? ', learned' : '';
      out.push(`  ${terminalSafe(p.actor)} → ${terminalSafe(p.role)}`);
      out.push(
        `    first seen ${iso(p.firstSeenMs)}, last seen ${iso(p.lastSeenMs)}${learned}, forgotten after ${iso(p.expiresAtMs)}`,
      );
    }
  }
  io.stdout(`${out.join('\n')}\n`);
  return 0;
}
