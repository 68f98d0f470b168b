import { MemoryStateStore } from '../adapters/state/memory-store.ts';
import { type OpenStateFile, openStateFile } from '../adapters/state/state-file.ts';
import { StateFileError } from '../adapters/state/state-file-error.ts';
import type { Engine } from '../core/engine/create-engine.ts';
import type { TrustConfig } from '../core/model/trust-config.ts';
import type { InputResult } from '../core/pipeline/input-result.ts';
import type { StateSummary } from '../core/pipeline/scan-summary.ts';
import type { Tap } from '../core/pipeline/tap.ts';
import { factsOf, runStateStageSync, withStageOutput } from '../core/state/run-state-stage.ts';
import { stateFactsTapFor } from '../core/state/state-facts.ts';
import type { StateStageOptions } from '../core/state/state-stage-options.ts';

/** How long a scan waits for another run's lock on the same state file, by default (`--lock-wait`). */
export const STATE_LOCK_WAIT_SECONDS = 120;

/** The state side of a scan: the facts tap, the stage each input goes through, and saving at the end. */
export interface ScanState {
  readonly taps: readonly Tap[];
  readonly stage: (result: InputResult) => InputResult;
  readonly summary: StateSummary;
  /** Writes the state file (when there is one) and releases it. */
  save(now: Date): void;
  /** Releases the state file without writing it (a scan that failed). */
  close(): void;
}

export interface ScanStateOptions {
  readonly stateFile?: string;
  readonly learn: boolean;
  /** How long to wait for another run's lock on the file. */
  readonly lockWaitMs: number;
  readonly config: TrustConfig;
  readonly engine: Engine;
  readonly onNote: (line: string) => void;
  readonly wallClock: () => number;
}

/**
 * Opens the scan's state: with `--state FILE` the file (locked for the run); without it a store that
 * lives as long as the scan, so that `denied-burst` and session lineage still work within the scan while
 * `first-seen-pair`, which needs a baseline that outlives it, does not run.
 * @throws StateFileError when the file cannot be used (the CLI exits 2)
 */
export async function openScanState(options: ScanStateOptions): Promise<ScanState> {
  let file: OpenStateFile | undefined;
  if (options.stateFile !== undefined) {
    file = await openStateFile(options.stateFile, {
      lockWaitMs: options.lockWaitMs,
      onNote: options.onNote,
      wallClock: options.wallClock,
    });
  }
  const store = file?.store ?? new MemoryStateStore({ wallClock: options.wallClock });
  const stageOptions: StateStageOptions = {
    ...(options.config.rules['denied-burst']?.enabled === false
      ? {}
      : { deniedBurst: options.config.thresholds.deniedBurst }),
    ...(file === undefined || options.config.rules['first-seen-pair']?.enabled === false
      ? {}
      : {
          firstSeen: {
            forgetAfterDays: options.config.thresholds.firstSeen.forgetAfterDays,
            mode: options.learn ? ('learn' as const) : ('report' as const),
          },
        }),
    findingFor: options.engine.findingFor,
  };
  const summary: StateSummary = {
    store: file === undefined ? 'scan' : 'file',
    learning: options.learn,
    notRun: file === undefined ? ['first-seen-pair'] : [],
  };
  return {
    // Whole pairs only for first-seen-pair: otherwise each pair's call would cross from the workers for nothing.
    taps: [stateFactsTapFor(stageOptions.firstSeen !== undefined) as Tap],
    stage: (result) =>
      withStageOutput(
        result,
        factsOf(result).map((facts) => runStateStageSync(store, facts, stageOptions, options.wallClock())),
      ),
    summary,
    save(now) {
      if (file === undefined) return;
      try {
        file.save(now);
      } finally {
        file.close();
      }
    },
    close: () => file?.close(),
  };
}

export { StateFileError };
