import { describe, expect, it } from 'vitest';
import { createEngine } from '../../functions/core/engine/create-engine.ts';
import { judgeValue } from '../../functions/core/pipeline/judge-input.ts';
import { mayHaveOtherCopy, ScanCollector } from '../../functions/core/pipeline/scan-collector.ts';
import { loadFixture } from '../normalize/load-records.ts';
import { NOW_MS, trustConfig } from '../rules/support/judge.ts';

const IDENTITY = '111122223333';
const PROD = '444455556666';
const TRUST = `
version: 1
accounts: ["${IDENTITY}", "${PROD}"]
defaults: { unlistedRoles: alert }
roles:
  - arn: "arn:aws:iam::${PROD}:role/ReadOnly"
    trustedPrincipals: ["arn:aws:iam::${IDENTITY}:role/Other"]
    requireMfa: true
`;
const engine = createEngine({ config: trustConfig(TRUST), now: () => NOW_MS });
const judged = (record: unknown, name: string) => judgeValue(record, name, engine, { maxErrors: 10 });

describe('ScanCollector', () => {
  it('hands out findings of single-copy calls at once, in input order, and drops a second delivery', () => {
    const denied = loadFixture('assume-role/denied-null-request-parameters.json');
    const collector = new ScanCollector({ maxErrors: 10 });

    const first = collector.add(judged(denied, 'a.json'));
    const again = collector.add(judged(denied, 'b.json'));
    const totals = collector.finish();

    expect(first.map((f) => f.rule)).toContain('assume-denied');
    expect(first.every((f) => !mayHaveOtherCopy(f))).toBe(true);
    expect(again).toEqual([]);
    expect(totals.held).toEqual([]);
    expect(totals.summary.findings).toBe(first.length);
    expect(totals.summary.files).toBe(0);
    expect(totals.summary.credentialEvents).toBe(2);
  });

  it('holds both copies of a cross-account call until the end and keeps the caller copy', () => {
    const caller = loadFixture('assume-role/cross-account-caller-copy.json');
    const owner = loadFixture('assume-role/cross-account-target-copy.json');
    const collector = new ScanCollector({ maxErrors: 10 });

    const fromOwner = collector.add(judged(owner, 'owner.json'));
    const fromCaller = collector.add(judged(caller, 'caller.json'));
    const { held, summary, activeBySeverity } = collector.finish();

    expect(fromOwner).toEqual([]);
    expect(fromCaller).toEqual([]);
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((f) => f.actor.type === 'AssumedRole')).toBe(true);
    expect(new Set(held.map((f) => f.rule)).size).toBe(held.length);
    expect(summary.findings).toBe(held.length);
    expect(Object.values(activeBySeverity).reduce((a, b) => a + b, 0)).toBe(held.length);
  });
});
