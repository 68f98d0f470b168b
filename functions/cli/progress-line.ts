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
  // A remote source's own line (pages, ETA) says more than file counts: once one is drawn, the
  // scan's updates add their finding count to it instead of replacing it.
  let source: string | undefined;
  const draw = (text: string): void => {
    shown = true;
    io.stderr(`\r\u001b[K${terminalSafe(text).slice(0, Math.max(20, io.columns - 1))}`);
  };
  let findingsSoFar = 0;
  return {
    line(text) {
      source = text;
      draw(`${text} · ${findingsSoFar} finding(s)`);
    },
    update(s, findings) {
      findingsSoFar = findings;
      const t = Date.now();
      if (t - last < 200) return;
      last = t;
      if (source !== undefined) {
        draw(`${source} · ${findings} finding(s)`);
        return;
      }
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
