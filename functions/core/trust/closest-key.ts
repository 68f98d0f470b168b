function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The valid key closest to a misspelt one (`requireMFA` → `requireMfa`, `role` → `roles`), or undefined
 * when none is close enough to be a plausible typo.
 */
export function closestKey(unknown: string, valid: readonly string[]): string | undefined {
  const lower = unknown.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of valid) {
    const candidateLower = candidate.toLowerCase();
    let d = editDistance(lower, candidateLower);
    if (candidateLower.startsWith(lower) || lower.startsWith(candidateLower)) d = Math.min(d, 2);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(2, Math.floor(unknown.length / 3));
  return bestDistance <= allowed ? best : undefined;
}
