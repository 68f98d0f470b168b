import { describe, expect, it } from 'vitest';
import { createEngine } from '../../functions/core/engine/create-engine.ts';
import { parseTrustConfig } from '../../functions/core/trust/parse-trust-config.ts';
import { ACCOUNTS, denied, iamUser } from '../rules/support/cloudtrail-records.ts';
import { judgedEvent } from '../rules/support/judge.ts';
import { assumeOn } from '../rules/support/outcome-cases.ts';

// A suppression applies through the end of its `expires` day (UTC), to the millisecond, and not a
// millisecond longer: when the trust file is loaded (an expired one is a warning and is left out) and when a
// long-running engine judges a finding after the day has passed.
const ROLE = `arn:aws:iam::${ACCOUNTS.prod}:role/Deploy`;
const TRUST = `version: 1
accounts: ["${ACCOUNTS.identity}", "${ACCOUNTS.prod}"]
suppressions:
  - rule: assume-denied
    role: "arn:aws:iam::*:role/Deploy"
    expires: 2026-11-29
    reason: "pen test, SEC-9"
    owner: "secops@acme.example"
`;
const LAST_MS = Date.parse('2026-11-29T23:59:59.999Z');
const NEXT_DAY = Date.parse('2026-11-30T00:00:00.000Z');

const load = (nowMs: number) => parseTrustConfig(TRUST, 'rolewatch.yaml', { now: new Date(nowMs) });

describe('suppression expiry', () => {
  it('loads the suppression without a warning on the last millisecond of its day', () => {
    const parsed = load(LAST_MS);

    expect(parsed.ok && parsed.value.config.suppressions.map((s) => s.rule)).toEqual(['assume-denied']);
    expect(parsed.ok && parsed.value.warnings).toEqual([]);
  });

  it('leaves it out, with a warning naming it, from midnight on', () => {
    const parsed = load(NEXT_DAY);

    expect(parsed.ok && parsed.value.config.suppressions).toEqual([]);
    expect(parsed.ok && parsed.value.warnings.map((w) => w.key)).toEqual(['suppressions[0]']);
  });

  it('stops suppressing in an engine loaded before the day ended', () => {
    const parsed = load(Date.parse('2026-11-29T08:00:00Z'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    const event = judgedEvent(denied(assumeOn(ROLE, iamUser(ACCOUNTS.identity, 'pentester'))));
    const suppressedAt = (nowMs: number) =>
      createEngine({ config: parsed.value.config, now: () => nowMs })
        .judge(event)
        .filter((f) => f.rule === 'assume-denied')
        .map((f) => f.suppressed);

    expect(suppressedAt(LAST_MS)).toEqual([true]);
    expect(suppressedAt(NEXT_DAY)).toEqual([false]);
  });
});
