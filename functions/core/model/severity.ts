export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export const severityRank = (s: Severity): number => RANK[s];

/** The higher of two severities (a role's `severity` is a floor, never a ceiling). */
export const maxSeverity = (a: Severity, b: Severity | undefined): Severity =>
  b !== undefined && RANK[b] > RANK[a] ? b : a;

export const isSeverity = (s: unknown): s is Severity => typeof s === 'string' && s in RANK;
