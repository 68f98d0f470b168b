import type { ScanCounts } from '../core/pipeline/scan-counts.ts';
import { terminalSafe } from '../core/render/terminal-safe.ts';
import type { Io } from './io.ts';

/** The progress line on a terminal's stderr, redrawn at most five times a second. */
export interface ProgressLine {
  update(counts: ScanCounts, findings: number): void;
  /** A source's own progress text (pages, events, ETA). */
  line(text: string): void;
  /** Erases the line (before output, and at the end). */
  clear(): void;
}

export function progressLine(io: Io): ProgressLine {
  let last = 0;
  let shown = false;
  return {
    line(text) {
      shown = true;
      io.stderr(`\r\u001b[K${terminalSafe(text)}`);
    },
    update(s, findings) {
      const t = Date.now();
      if (t - last < 200) return;
      last = t;
      shown = true;
      io.stderr(
        `\r\u001b[Kscanning: ${s.files} file(s), ${s.records} record(s), ${s.credentialEvents} credential ` +
          `event(s), ${findings} finding(s), ${s.malformed} input error(s)`,
      );
    },
    clear() {
      if (shown) io.stderr('\r\u001b[K');
      shown = false;
    },
  };
}
