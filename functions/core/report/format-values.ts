/** `3600` → `1h`, `5400` → `1h 30m`, `900` → `15m`, `45` → `45s`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h ${m}m`;
}

/** `1234567` → `1,234,567` (the same in every locale, so outputs are reproducible). */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** An ISO time without seconds' fraction: `2026-11-29 10:00Z`. */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined) return '–';
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z');
}

/** A signed change: `+3`, `−2`, `±0`. */
export function formatDelta(previous: number, current: number): string {
  const d = current - previous;
  return d > 0 ? `+${formatCount(d)}` : d < 0 ? `−${formatCount(-d)}` : '±0';
}

/** The last part of a role ARN (`role/path/Name` → `Name`), for compact labels. */
export function shortRole(arn: string | null | undefined): string {
  if (arn === null || arn === undefined || arn === '') return '(no role)';
  const resource = arn.split(':').slice(5).join(':');
  return resource.slice(resource.lastIndexOf('/') + 1) || arn;
}
