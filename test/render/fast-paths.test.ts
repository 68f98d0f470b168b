// The output path's shortcuts (issue 10: a trail can give one finding per record) must give exactly what
// the general code gives: plain-ASCII text skips the Unicode scans, and scrubbing copies nothing it does
// not change.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSafe } from '../../functions/core/render/json-safe.ts';
import { scrubDeep } from '../../functions/core/render/scrub-output.ts';
import { printable } from '../../functions/core/rules/support/title-text.ts';

// The general forms, as they were before the shortcuts.
const slowPrintable = (t: string) =>
  t
    .replace(/\p{Cf}+/gu, '')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .trim();
const slowJsonSafe = (json: string) =>
  json.replace(/[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu, (c) =>
    [...c].map((x) => `\\u${x.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  );

/** Text that is mostly plain ASCII, with the characters the general forms act on mixed in. */
const text = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          ' ',
          '  ',
          '\t',
          '\n',
          '\r\n',
          '\u00a0',
          '\u2028',
          '\u202e',
          '\u200b',
          '\u007f',
          '\u0085',
          'é',
          '🙂',
          '\ufeff',
        ),
      },
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

describe('output fast paths', () => {
  it('printable gives what the Unicode scans give, for any text', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(printable(t)).toBe(slowPrintable(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('jsonSafe gives what the Unicode scan gives, for any serialized text', () => {
    fc.assert(
      fc.property(text, (t) => {
        const json = JSON.stringify({ t });
        expect(jsonSafe(json)).toBe(slowJsonSafe(json));
      }),
      { numRuns: 2000 },
    );
  });

  it('scrubDeep returns what holds no secret as it is, and copies only the path to a scrubbed string', () => {
    const clean = { a: 'aws-cli/2.22', b: [1, 'x', { c: 'arn:aws:iam::111122223333:role/Deploy' }], d: null };
    expect(scrubDeep(clean)).toBe(clean);

    const token = `IQoJb3JpZ2luX2VjE${'A'.repeat(60)}`;
    const dirty = { keep: { k: 'v' }, list: ['ok', { ua: `curl token=${token}` }] };
    const before = structuredClone(dirty);
    const out = scrubDeep(dirty);

    expect(out).not.toBe(dirty);
    expect(out.keep).toBe(dirty.keep);
    expect(out.list[0]).toBe('ok');
    expect(JSON.stringify(out)).not.toContain(token);
    expect(JSON.stringify(out)).toContain('[REDACTED]');
    expect(dirty).toEqual(before);
  });
});
