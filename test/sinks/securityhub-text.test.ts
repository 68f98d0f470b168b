import { describe, expect, it } from 'vitest';
import { toAsff } from '../../functions/adapters/sinks/securityhub-sink.ts';
import type { Finding } from '../../functions/core/model/finding.ts';
import { sessionToken } from '../text/secret-shapes.ts';
import { hostileFinding } from './finding-fixtures.ts';

// What the Security Hub console shows of a finding: invisible characters removed *before* each text is
// cut to its ASFF limit (so a value padded with zero-width spaces still shows its visible part), no
// credential, and every product field bounded.

const NOW = new Date('2026-11-29T10:00:00.000Z');
const asff = (f: Finding) =>
  toAsff(f, { region: 'us-east-1', accountId: '321848314756', productArn: 'p', now: NOW });
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters that must not be shown
const RAW_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

describe('a Security Hub finding', () => {
  it('drops invisible characters before cutting, so padding cannot push the visible text out', () => {
    const padded = `${'\u200b'.repeat(600)}ProdAdmin`;
    const out = asff(hostileFinding({ title: padded, session: { name: padded }, remediation: padded }));
    expect(out.Title).toBe('ProdAdmin');
    expect(out.ProductFields?.['rolewatch/sessionName']).toBe('ProdAdmin');
    expect(out.Remediation?.Recommendation?.Text).toBe('ProdAdmin');
  });

  it('keeps a title of exactly 256 characters and cuts a longer one to 256; description 1024, remediation 512', () => {
    expect(asff(hostileFinding({ title: 'T'.repeat(256) })).Title).toBe('T'.repeat(256));
    expect(asff(hostileFinding({ title: 'T'.repeat(257) })).Title).toBe(`${'T'.repeat(255)}…`);
    const long = asff(
      hostileFinding({ remediation: 'R'.repeat(900), evidence: { expected: 'e'.repeat(3000), actual: 'a' } }),
    );
    expect(long.Description).toHaveLength(1024);
    expect(long.Remediation?.Recommendation?.Text).toBe(`${'R'.repeat(511)}…`);
  });

  it('strips and bounds every product field a record reaches, and carries no token', () => {
    const token = sessionToken();
    const hostile = (what: string) => `${what}\u202E\u2066 ${token} ${'x'.repeat(3000)}`;
    const out = asff(
      hostileFinding({
        actor: {
          type: 'AssumedRole',
          display: hostile('actor'),
          origin: { display: hostile('origin'), chain: [] },
        },
        sourceIp: hostile('ip'),
        session: { name: hostile('session') },
        eventId: hostile('event'),
        evidence: { expected: 'x', actual: hostile('actual') },
      }),
    );
    const fields = out.ProductFields ?? {};
    const limits: Record<string, number> = {
      'rolewatch/actor': 1024,
      'rolewatch/origin': 1024,
      'rolewatch/sourceIp': 256,
      'rolewatch/sessionName': 256,
      'rolewatch/eventId': 256,
    };
    for (const [key, max] of Object.entries(limits)) {
      const v = fields[key] ?? '';
      // Cut to the alert payload's 1024 first, the two invisible characters then dropped.
      expect(v.length, key).toBeLessThanOrEqual(max);
      expect(v.length, key).toBeGreaterThanOrEqual(max - 2);
      expect(RAW_INVISIBLE.test(v), key).toBe(false);
    }
    const shown = JSON.stringify(out);
    expect(shown).not.toContain(token.slice(0, 40));
    expect(fields['rolewatch/actor']?.startsWith('actor [REDACTED] xxx')).toBe(true);
  });

  it('is observed at the import time when the finding has no usable event time', () => {
    const out = asff(hostileFinding({ eventTime: 'yesterday-ish' }));
    expect(out.FirstObservedAt).toBe(NOW.toISOString());
    expect(out.CreatedAt).toBe(NOW.toISOString());
  });
});
