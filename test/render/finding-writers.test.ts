import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../functions/core/model/finding.ts';
import { renderJson, renderJsonLines, withGroupKey } from '../../functions/core/render/render-json.ts';
import { renderSarif } from '../../functions/core/render/render-sarif.ts';
import { RULES } from '../../functions/core/rules/registry.ts';
import { findingOf, scanOf, scenarioRecord } from '../security/support.ts';

const base = findingOf('session-too-long', scenarioRecord('session-too-long'));
const withText = (text: string, i: number): Finding => ({
  ...base,
  id: `${base.id.slice(0, 24)}${i.toString(16).padStart(8, '0')}`,
  userAgent: text,
  session: { ...base.session, name: text },
});

describe('streamed JSON writers', () => {
  it('write exactly JSON.stringify of the whole document, for any findings', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme-ascii' }), { maxLength: 5 }), (texts) => {
        const scan = scanOf(texts.map(withText));
        const { findings, errors, warnings, summary } = scan;

        expect(renderJson(scan)).toBe(
          `${JSON.stringify({ findings: findings.map(withGroupKey), errors, warnings, summary }, null, 2)}\n`,
        );
        const sarif = JSON.parse(renderSarif(scan, RULES, '0.0.0'));
        expect(renderSarif(scan, RULES, '0.0.0')).toBe(`${JSON.stringify(sarif, null, 2)}\n`);
        expect(sarif.runs[0].results).toHaveLength(texts.length);
        expect(sarif.runs[0].properties.summary).toEqual(summary);
      }),
    );
  });

  it('escape invisible and line-breaking characters as \\u sequences without changing any value', () => {
    const hostile = 'a\u0085b\u2028c\u2029d\u202ee\u200bf\u009bg\u007fh\u{e0041}i';
    const scan = scanOf([withText(hostile, 1)]);

    for (const text of [renderJson(scan), renderJsonLines(scan), renderSarif(scan, RULES, '0.0.0')]) {
      expect(text).not.toMatch(/[\u007f-\u009f\u2028\u2029\u202e\u200b]|\u{e0041}/u);
      expect(text).toContain('\\u202e');
    }
    expect(JSON.parse(renderJsonLines(scan)).userAgent).toBe(hostile);
    expect(JSON.parse(renderJson(scan)).findings[0].session.name).toBe(hostile);
  });
});
