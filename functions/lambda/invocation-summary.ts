import type { JudgeAndAlertResult } from './judge-and-alert.ts';

/** What `stream` and `events` return: counts only, safe to show in the Lambda console. */
export interface InvocationSummary {
  readonly records: number;
  readonly credentialEvents: number;
  /** IAM CreateRole, UpdateAssumeRolePolicy and UpdateRole records (judged by trust-policy-changed). */
  readonly trustPolicyEvents: number;
  readonly skipped: number;
  readonly controlMessages: number;
  readonly malformed: number;
  readonly findings: number;
  readonly alerts: number;
}

export function summarize(result: JudgeAndAlertResult): InvocationSummary {
  const { counts } = result;
  return {
    records: counts.records,
    credentialEvents: counts.credentialEvents,
    trustPolicyEvents: counts.trustPolicyEvents,
    skipped: counts.skipped,
    controlMessages: counts.controlMessages,
    malformed: counts.malformed,
    findings: result.findings.length,
    alerts: result.findings.filter((f) => !f.suppressed).length,
  };
}
